/**
 * Inference benchmark (npm run bench:inference). Prints, never asserts.
 *
 * (a) Synthetic CLIP ViT-L/14 detector (random weights, real shape and kernels), fp32 and int8
 *     (DynamicQuantizeMatMul): head-to-head at batch 1 and 4 with the recommended session
 *     options, achieved GFLOP/s from the model's shape, int8/fp32 speed-up and int8 fidelity;
 *     then a sweep over onnxruntime session-option sets.
 * (b) The test-fixture detector at batch 1 and 8.
 *
 * Models are built into a temp dir and deleted afterwards.
 * Flags: --runs=N (timed runs, min and default 5), --threads=N (intra-op, default 2),
 * --quick (skip the options sweep), --skip-vit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildFixtureDetector } from '../src/fixture/fixture.ts';
import { syntheticImage } from '../src/vit/images.ts';
import { buildVitL14, type BuiltVit } from '../src/vit/vit.ts';
import { cosine, interleaved, mib, ms, perItem, rssMiB, time, timed, type Timing } from './stats.ts';

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
const VARIANTS: [string, Options][] = [
  ['ort defaults', {}],
  ['opt=disabled', { ...TUNED, graphOptimizationLevel: 'disabled' }],
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
// This box is shared, and other processes distort latency badly: two spinning ORT threads on two
// cores lose far more than the stolen core when one of them is descheduled. So each run records
// the cores it got (CPU-s per wall-s; ≈ threads when undisturbed), and lines also give the median
// over the undisturbed runs when some were not, plus the 1-minute load average (this bench itself
// accounts for ≈ threads of it).
const MIN_CORES = 0.9 * THREADS;
const loadNote = () => `load ${loadavg()[0]!.toFixed(2)}`;
function line(label: string, t: Timing, extra = ''): string {
  let clean = '';
  if (!t.clean) clean = `  [undisturbed 0/${t.runs}]`;
  else if (t.clean.runs < t.runs) clean = `  [undisturbed ${t.clean.runs}/${t.runs}: ${ms(t.clean.median)}]`;
  const head = `  ${pad(label, 22)} median ${pad(ms(t.median), 10)} min ${pad(ms(t.min), 10)}`;
  return `${head} max ${pad(ms(t.max), 10)}cores ${t.cores.toFixed(2)}  ${extra}${clean}`;
}
const rate = (gflop: number, msPerImage: number) =>
  `${(gflop / (msPerImage / 1000)).toFixed(0).padStart(4)} GFLOP/s`;

const EVAL_IMAGES = [0, 1, 2, 3].map((k) => syntheticImage(k));
const one = { pixel_values: batchOf([EVAL_IMAGES[0]!]) };
const four = { pixel_values: batchOf(EVAL_IMAGES) };

/** Each session-option set in its own session, batch 1. Informative; noisy if the box is busy. */
async function sweep(label: string, model: BuiltVit): Promise<void> {
  const gflop = model.flops.flops / 1e9;
  console.log(`\n${label}: session options, batch 1 (${RUNS} runs after 1 warm-up)`);
  for (const [name, options] of VARIANTS) {
    const created = await timed(() => ort.InferenceSession.create(model.modelPath, options));
    const session = created.value;
    const t = await time(() => session.run(one), 1, RUNS, MIN_CORES);
    const info = `${rate(gflop, t.median)}  session ${ms(created.ms)}  rss ${rssMiB()}  ${loadNote()}`;
    console.log(line(name, t, info));
    await session.release();
  }
}

interface Outputs {
  embeddings: Float32Array;
  pFake: number[];
}

/** fp32 and int8 with the tuned options, runs interleaved so both see the same machine load. */
async function headToHead(fp32: BuiltVit, int8: BuiltVit): Promise<[Outputs, Outputs]> {
  const gflop = fp32.flops.flops / 1e9;
  const sessions = await Promise.all(
    [fp32, int8].map((m) => ort.InferenceSession.create(m.modelPath, TUNED)),
  );
  console.log(
    `\nhead-to-head, 'tuned' options, fp32/int8 runs interleaved (rss ${rssMiB()} with both loaded)`,
  );
  const runAll = (input: typeof one) => sessions.map((s) => () => s.run(input));
  const [f1, i1] = await interleaved(runAll(one), 1, RUNS, MIN_CORES);
  const [f4, i4] = await interleaved(runAll(four), 1, 3, MIN_CORES);
  const rows: [string, Timing][] = [
    ['fp32 batch 1', f1!],
    ['int8 batch 1', i1!],
    ['fp32 batch 4, per img', perItem(f4!, 4)],
    ['int8 batch 4, per img', perItem(i4!, 4)],
  ];
  for (const [label, t] of rows) {
    console.log(line(label, t, `${rate(gflop, t.median)} (best ${rate(gflop, t.min)})  ${loadNote()}`));
  }
  const cleanRatio = f1!.clean && i1!.clean ? (f1!.clean.median / i1!.clean.median).toFixed(2) : 'n/a';
  console.log(
    `int8/fp32 speed-up at batch 1: ${(f1!.median / i1!.median).toFixed(2)}× by median, ` +
      `${(f1!.min / i1!.min).toFixed(2)}× by best run, ${cleanRatio}× by undisturbed median`,
  );
  const outputs = await Promise.all(
    sessions.map(async (s): Promise<Outputs> => {
      const out = await s.run(four);
      const logits = out.logits!.data as Float32Array;
      const pFake = EVAL_IMAGES.map((_, i) => 1 / (1 + Math.exp(logits[2 * i]! - logits[2 * i + 1]!)));
      return { embeddings: (out.embedding!.data as Float32Array).slice(), pFake };
    }),
  );
  await Promise.all(sessions.map((s) => s.release()));
  return [outputs[0]!, outputs[1]!];
}

function fidelity(fp32: Outputs, int8: Outputs, dim: number): void {
  const row = (e: Float32Array, i: number) => e.subarray(i * dim, (i + 1) * dim);
  const diff = (e: Float32Array, i: number) => row(e, i).map((v, k) => v - row(e, 0)[k]!);
  const n = EVAL_IMAGES.length;
  const cos = Array.from({ length: n }, (_, i) => cosine(row(fp32.embeddings, i), row(int8.embeddings, i)));
  const dcos = Array.from({ length: n - 1 }, (_, i) =>
    cosine(diff(fp32.embeddings, i + 1), diff(int8.embeddings, i + 1)),
  );
  const dp = Math.max(...fp32.pFake.map((p, i) => Math.abs(p - int8.pFake[i]!)));
  const cross = cosine(row(fp32.embeddings, 0), row(fp32.embeddings, 1));
  console.log(`\nint8 vs fp32 on ${n} synthetic images:`);
  console.log(`  embedding cosine          ${cos.map((c) => c.toFixed(6)).join(' ')}`);
  console.log(
    `  image-difference cosine   ${dcos.map((c) => c.toFixed(4)).join(' ')}  (e_i − e_0: the image-dependent part)`,
  );
  console.log(`  max |Δ p(fake)|           ${dp.toExponential(2)}`);
  console.log(
    `  (for scale: fp32 cosine between two different images is ${cross.toFixed(6)}; random-init CLS)`,
  );
}

async function benchFixture(): Promise<void> {
  const { value: fixture, ms: buildMs } = await timed(async () => buildFixtureDetector());
  console.log(
    `\nfixture detector (dim ${fixture.manifest.outputs.embedding.dim}, ${fixture.model.byteLength} bytes), build ${ms(buildMs)}`,
  );
  const session = await ort.InferenceSession.create(fixture.model, TUNED);
  for (const n of [1, 8]) {
    const input = { pixel_values: batchOf(Array.from({ length: n }, (_, i) => syntheticImage(i))) };
    // Tiny graph: mostly single-threaded kernels, so no undisturbed-core filter here.
    const t = await time(() => session.run(input), 1, Math.max(RUNS, 20));
    console.log(line(`batch ${n}`, t, `  (${ms(t.median / n)}/image)`));
  }
  await session.release();
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Loupe inference bench — onnxruntime-node ${ort.env.versions.common}, node ${process.version}`);
  console.log(
    `${cpu[0]?.model ?? 'cpu'} × ${cpu.length} logical, ${mib(totalmem())} RAM; intra-op threads ${THREADS}, ${RUNS} runs after 1 warm-up`,
  );
  if (loadavg()[0]! > 0.5)
    console.log(`note: ${loadNote()} at start — other processes are competing for the CPU`);
  if (!SKIP_VIT) {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-'));
    try {
      const models: BuiltVit[] = [];
      for (const quantize of ['none', 'int8-dynamic'] as const) {
        const { value: model, ms: buildMs } = await timed(() =>
          buildVitL14(join(dir, `vit-l14-${quantize}.onnx`), { quantize, seed: 1 }),
        );
        const size = mib(model.modelBytes + model.dataBytes);
        console.log(
          `built ViT-L/14 ${quantize} in ${(buildMs / 1000).toFixed(1)} s: ${(model.parameters / 1e6).toFixed(1)} M params, ${size} on disk, build rss ${rssMiB()}`,
        );
        models.push(model);
      }
      const [fp32, int8] = models as [BuiltVit, BuiltVit];
      const m = fp32.flops.macs;
      console.log(
        `FLOPs/image = 2 × ${(m.total / 1e9).toFixed(2)} GMAC = ${(fp32.flops.flops / 1e9).toFixed(1)} GFLOP (projections ${(m.projections / 1e9).toFixed(2)}, MLP ${(m.mlp / 1e9).toFixed(2)}, attention ${(m.attention / 1e9).toFixed(2)}, patch conv ${(m.patchEmbed / 1e9).toFixed(2)}, head ${(m.head / 1e9).toFixed(4)} GMAC)`,
      );
      const [a, b] = await headToHead(fp32, int8);
      fidelity(a, b, fp32.config.width);
      if (!QUICK) {
        await sweep('ViT-L/14 fp32', fp32);
        await sweep('ViT-L/14 int8', int8);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  await benchFixture();
}

await main();
