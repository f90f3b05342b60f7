/**
 * npm run bench:gpu [-- --providers=webgpu] [--batches=1,8,32,128] [--seconds=3] [--e2e=N] [--allow-cpu] [--layers=24]
 *
 * The ViT-L/14-shaped random-weight detector (buildVitL14: the real model's shape and kernels) on
 * a GPU execution provider: images/s at each batch size, fp32 and fp16 (half-precision tower,
 * float32 head), each batch size timed for about --seconds after two warm-up runs, input copied
 * from the host every run (as the worker does). Then, in the same run, `bench:throughput fp16 N`
 * with the same providers: end-to-end photos/s through the queue with the pipelined worker
 * (--e2e=0 skips it).
 *
 * Providers come from --providers, else LOUPE_ORT_PROVIDERS, else webgpu. onnxruntime-node's
 * bundled WebGPU provider reaches an NVIDIA GPU through Vulkan (Debian's libvulkan1 and the
 * driver's ICD; see docs/performance.md). Without a usable adapter the script says why and stops;
 * --allow-cpu measures on the CPU instead at small batches, so the script itself can be exercised
 * on a machine without a GPU (those figures are not GPU figures, and are labelled so); --layers
 * shortens the encoder for such a dry run (24 is ViT-L/14).
 * Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { projectRoot } from '@loupe/config';
import { buildVitL14 } from '@loupe/inference';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const providers = (flag('providers') ?? process.env.LOUPE_ORT_PROVIDERS ?? 'webgpu')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
const allowCpu = process.argv.includes('--allow-cpu');
const seconds = Number(flag('seconds') ?? 3);
const e2eN = Number(flag('e2e') ?? 200);
const batchesArg = flag('batches');
const layers = Number(flag('layers') ?? 24);
if (!(seconds > 0) || !(Number.isInteger(e2eN) && e2eN >= 0) || !(Number.isInteger(layers) && layers >= 1)) {
  console.error(
    'usage: bench:gpu [--providers=webgpu] [--batches=1,8,32,128] [--seconds=3] [--e2e=N] [--allow-cpu] [--layers=24]',
  );
  process.exit(2);
}

const SIZE = 224;
const PIXELS = 3 * SIZE * SIZE;

/** A batch of distinct, deterministic inputs in the normalised range. */
function inputOf(batch: number): ort.Tensor {
  const data = new Float32Array(batch * PIXELS);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.0137) * 1.8;
  return new ort.Tensor('float32', data, [batch, 3, SIZE, SIZE]);
}

/** Runs `session` at `batch` for about `seconds`; images/s and ms per run (median). */
async function measure(session: ort.InferenceSession, batch: number) {
  const feeds = { pixel_values: inputOf(batch) };
  for (let i = 0; i < 2; i++) await session.run(feeds); // shader compilation, allocations
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (times.length < 3 || (performance.now() < until && times.length < 1000)) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;
  return { runs: times.length, median, min: times[0]!, max: times.at(-1)!, perS: (batch * 1000) / median };
}

console.log(
  `bench:gpu — providers [${providers.join(', ')}], onnxruntime-node ${ort.env.versions.common}, node ${process.version}, ` +
    `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, load average ${loadavg()[0]!.toFixed(2)}`,
);
const dir = mkdtempSync(join(tmpdir(), 'loupe-gpu-bench-'));
try {
  let onCpu = false;
  const results: { precision: string; batch: number; perS: number; median: number }[] = [];
  for (const precision of ['float32', 'float16'] as const) {
    const t0 = performance.now();
    const model = await buildVitL14(join(dir, `vit-l14-${precision}.onnx`), { precision, seed: 1, layers });
    console.log(
      `\nViT-L/14${layers === 24 ? '' : ` (${layers} of 24 layers)`} ${precision}: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model.modelPath, {
        executionProviders: onCpu ? ['cpu'] : providers,
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      const reason = String(error instanceof Error ? error.message : error).split('\n')[0];
      console.log(`providers [${providers.join(', ')}] could not start a session: ${reason}`);
      if (!allowCpu) {
        console.log('No GPU figures on this machine. Run it where a GPU and a Vulkan driver are present,');
        console.log('or pass --allow-cpu to exercise the script on the CPU (not GPU figures).');
        process.exitCode = 1;
        break;
      }
      console.log('--allow-cpu: measuring on the CPU instead — NOT GPU figures');
      onCpu = true;
      session = await ort.InferenceSession.create(model.modelPath, { executionProviders: ['cpu'] });
    }
    const batches = batchesArg ? batchesArg.split(',').map(Number) : onCpu ? [1, 8] : [1, 8, 32, 128];
    for (const batch of batches) {
      try {
        const m = await measure(session, batch);
        results.push({ precision, batch, perS: m.perS, median: m.median });
        console.log(
          `  batch ${String(batch).padStart(3)}: ${m.perS.toFixed(1).padStart(8)} img/s  ` +
            `(median ${m.median.toFixed(1)} ms per run, range ${m.min.toFixed(1)}–${m.max.toFixed(1)}, ${m.runs} runs)`,
        );
      } catch (error) {
        console.log(`  batch ${batch}: failed — ${String(error).split('\n')[0]}`);
      }
    }
    await session.release();
  }
  if (results.length > 0) {
    const best = results.reduce((a, b) => (b.perS > a.perS ? b : a));
    console.log(
      `\nbest: ${best.perS.toFixed(1)} img/s (${best.precision}, batch ${best.batch})${onCpu ? ' — on the CPU, not a GPU figure' : ''}`,
    );
  }
  if (results.length > 0 && e2eN > 0) {
    // The pipelined worker end to end, same providers: is the GPU kept busy by what surrounds it?
    console.log(
      `\nend to end through the queue: bench:throughput fp16 ${e2eN}, LOUPE_ORT_PROVIDERS=${providers.join(',')}`,
    );
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'apps/worker/bench/throughput.ts'), 'fp16', String(e2eN)],
      {
        stdio: 'inherit',
        env: { ...process.env, LOUPE_ORT_PROVIDERS: (onCpu ? ['cpu'] : providers).join(',') },
      },
    );
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
