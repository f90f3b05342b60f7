/**
 * Inference benchmark (npm run bench:inference). Prints, never asserts.
 *
 * (a) Synthetic CLIP ViT-L/14 detector (random weights, real shape and kernels), fp32 and int8
 *     (DynamicQuantizeMatMul), batch 1 under several onnxruntime session-option sets, with
 *     achieved GFLOP/s from the model's shape, the int8/fp32 speed-up and int8 fidelity.
 * (b) The test-fixture detector at batch 1 and 8.
 *
 * Models are built into a temp dir and deleted afterwards.
 * Flags: --runs=N (timed runs, default 5), --threads=N (intra-op, default 2), --quick (only the
 * 'tuned' options set), --skip-vit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildFixtureDetector } from '../src/fixture/fixture.ts';
import { syntheticImage } from '../src/vit/images.ts';
import { buildVitL14, type BuiltVit } from '../src/vit/vit.ts';
import { cosine, mib, ms, rssMiB, time, timed, type Timing } from './stats.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}`))?.split('=')[1];
const RUNS = Math.max(5, Number(flag('runs') ?? 5));
const THREADS = Number(flag('threads') ?? 2);
const QUICK = process.argv.includes('--quick');
const SKIP_VIT = process.argv.includes('--skip-vit');
const PIXELS = 3 * 224 * 224;

type Options = ort.InferenceSession.SessionOptions;
const TUNED: Options = {
  intraOpNumThreads: THREADS,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  enableCpuMemArena: true,
  enableMemPattern: true,
};
// Each set is measured in its own session; 'tuned' is the recommendation the runtime should use.
const VARIANTS: [string, Options][] = QUICK
  ? [['tuned', TUNED]]
  : [
      ['ort defaults', {}],
      ['opt=basic', { ...TUNED, graphOptimizationLevel: 'basic' }],
      ['tuned', TUNED],
      ['tuned, no spin', { ...TUNED, extra: { session: { intra_op: { allow_spinning: '0' } } } }],
    ];

function batchOf(images: Float32Array[]): ort.Tensor {
  const data = new Float32Array(images.length * PIXELS);
  images.forEach((img, i) => data.set(img, i * PIXELS));
  return new ort.Tensor('float32', data, [images.length, 3, 224, 224]);
}

const pad = (s: string, n: number) => s.padEnd(n);
// Other processes on a 2-core box distort latency badly (spinning ORT threads get descheduled),
// so every measurement line carries the 1-minute load average it was taken under.
const loadNote = () => `load ${loadavg()[0]!.toFixed(2)}`;
const line = (label: string, t: Timing, extra = '') =>
  `  ${pad(label, 22)} median ${pad(ms(t.median), 10)} min ${pad(ms(t.min), 10)} max ${pad(ms(t.max), 10)}${extra}`;

interface VitResult {
  best: Timing;
  tuned: Timing;
  embeddings: Float32Array;
  pFake: number[];
}

const EVAL_IMAGES = [0, 1, 2, 3].map((k) => syntheticImage(k));

async function benchVit(label: string, model: BuiltVit): Promise<VitResult> {
  const gflop = model.flops.flops / 1e9;
  console.log(`\n${label}: ${mib(model.modelBytes + model.dataBytes)} on disk, ${gflop.toFixed(1)} GFLOP/image`);
  const input = { pixel_values: batchOf([EVAL_IMAGES[0]!]) };
  let best: Timing | undefined;
  let tuned: Timing | undefined;
  for (const [name, options] of VARIANTS) {
    const { value: session, ms: loadMs } = await timed(() => ort.InferenceSession.create(model.modelPath, options));
    const t = await time(() => session.run(input), 1, RUNS);
    const rate = gflop / (t.median / 1000);
    const info = `${rate.toFixed(0).padStart(5)} GFLOP/s  session ${ms(loadMs)}  rss ${rssMiB()}  ${loadNote()}`;
    console.log(line(name, t, info));
    if (!best || t.median < best.median) best = t;
    if (name === 'tuned') tuned = t;
    await session.release();
  }
  // Batch 4 (per image) and outputs for the fidelity check, with the tuned options.
  const session = await ort.InferenceSession.create(model.modelPath, TUNED);
  const batch = { pixel_values: batchOf(EVAL_IMAGES) };
  const t4 = await time(() => session.run(batch), 1, 3);
  const perImage = { ...t4, median: t4.median / 4, min: t4.min / 4, max: t4.max / 4 };
  const rate4 = gflop / (perImage.median / 1000);
  console.log(line('tuned, batch 4 /img', perImage, `${rate4.toFixed(0).padStart(5)} GFLOP/s  ${loadNote()}`));
  const out = await session.run(batch);
  await session.release();
  const logits = out.logits!.data as Float32Array;
  const pFake = EVAL_IMAGES.map((_, i) => 1 / (1 + Math.exp(logits[2 * i]! - logits[2 * i + 1]!)));
  return { best: best!, tuned: tuned!, embeddings: (out.embedding!.data as Float32Array).slice(), pFake };
}

function fidelity(fp32: VitResult, int8: VitResult, dim: number): void {
  const row = (e: Float32Array, i: number) => e.subarray(i * dim, (i + 1) * dim);
  const diff = (e: Float32Array, i: number) => row(e, i).map((v, k) => v - row(e, 0)[k]!);
  const n = EVAL_IMAGES.length;
  const cos = Array.from({ length: n }, (_, i) => cosine(row(fp32.embeddings, i), row(int8.embeddings, i)));
  const dcos = Array.from({ length: n - 1 }, (_, i) => cosine(diff(fp32.embeddings, i + 1), diff(int8.embeddings, i + 1)));
  const dp = Math.max(...fp32.pFake.map((p, i) => Math.abs(p - int8.pFake[i]!)));
  const cross = cosine(row(fp32.embeddings, 0), row(fp32.embeddings, 1));
  console.log(`\nint8 vs fp32 on ${n} synthetic images:`);
  console.log(`  embedding cosine          ${cos.map((c) => c.toFixed(6)).join(' ')}`);
  console.log(`  image-difference cosine   ${dcos.map((c) => c.toFixed(4)).join(' ')}  (e_i − e_0; the image-dependent part)`);
  console.log(`  max |Δ p(fake)|           ${dp.toExponential(2)}`);
  console.log(`  (for scale: fp32 cosine between two different images is ${cross.toFixed(6)} — random-init CLS)`);
}

async function benchFixture(): Promise<void> {
  const { value: fixture, ms: buildMs } = await timed(async () => buildFixtureDetector());
  console.log(`\nfixture detector (dim ${fixture.manifest.outputs.embedding.dim}, ${fixture.model.byteLength} bytes), build ${ms(buildMs)}`);
  const session = await ort.InferenceSession.create(fixture.model, TUNED);
  for (const n of [1, 8]) {
    const input = { pixel_values: batchOf(Array.from({ length: n }, (_, i) => syntheticImage(i))) };
    const t = await time(() => session.run(input), 1, Math.max(RUNS, 20));
    console.log(line(`batch ${n}`, t, `  (${ms(t.median / n)}/image)`));
  }
  await session.release();
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Loupe inference bench — onnxruntime-node ${ort.env.versions.common}, node ${process.version}`);
  console.log(`${cpu[0]?.model ?? 'cpu'} × ${cpu.length} logical, ${mib(totalmem())} RAM; intra-op threads ${THREADS}, ${RUNS} runs after 1 warm-up`);
  if (loadavg()[0]! > 0.5) console.log(`note: ${loadNote()} at start — other processes are competing for the CPU`);
  if (!SKIP_VIT) {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-'));
    try {
      const results: Record<string, VitResult> = {};
      let fp32Model: BuiltVit | undefined;
      for (const quantize of ['none', 'int8-dynamic'] as const) {
        const label = quantize === 'none' ? 'ViT-L/14 fp32' : 'ViT-L/14 int8 (DynamicQuantizeMatMul)';
        const { value: model, ms: buildMs } = await timed(() =>
          buildVitL14(join(dir, `vit-l14-${quantize}.onnx`), { quantize, seed: 1 }),
        );
        console.log(`\nbuilt ${label} in ${(buildMs / 1000).toFixed(1)} s (${(model.parameters / 1e6).toFixed(1)} M params, rss ${rssMiB()})`);
        fp32Model ??= model;
        results[quantize] = await benchVit(label, model);
        await rm(model.modelPath, { force: true });
        if (model.dataPath) await rm(model.dataPath, { force: true });
      }
      const [fp32, int8] = [results.none!, results['int8-dynamic']!];
      console.log(`\nint8/fp32 speed-up (batch 1 median): tuned ${(fp32.tuned.median / int8.tuned.median).toFixed(2)}×, best-vs-best ${(fp32.best.median / int8.best.median).toFixed(2)}×`);
      const m = fp32Model!.flops.macs;
      console.log(
        `FLOPs/image = 2 × ${(m.total / 1e9).toFixed(2)} GMAC (projections ${(m.projections / 1e9).toFixed(2)}, MLP ${(m.mlp / 1e9).toFixed(2)}, attention ${(m.attention / 1e9).toFixed(2)}, patch conv ${(m.patchEmbed / 1e9).toFixed(2)}, head ${(m.head / 1e9).toFixed(4)})`,
      );
      fidelity(fp32, int8, fp32Model!.config.width);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  await benchFixture();
}

await main();
