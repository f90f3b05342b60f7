// `npm run bench:pipeline`: end-to-end analysis time per image with a ViT-L/14-shaped detector
// (random weights, built by the project's own ONNX builder), split into the ONNX runs and
// everything else (decode, face detection, preprocessing, heatmap rendering, forensics).
// Forensics and map rendering run in the worker's pixel thread pool (LOUPE_FORENSICS_THREADS, default
// one per core; 0 = inline on the main thread, as before the pool), overlapping the rest.
// Usage: bench:pipeline [fp32|int8] [runs]. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import { createOrtFaceDetector, ModelRegistry } from '@loupe/inference';
import { installBenchVitL14 } from './bench-model.ts';
import { runPipeline } from '../src/analyze/pipeline.ts';
import { PixelPool } from '../src/analyze/pixels/pool.ts';

const variant = process.argv[2] === 'fp32' ? 'fp32' : 'int8';
const runs = Number(process.argv[3] ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'loupe-pipeline-bench-'));
const started = performance.now();
await installBenchVitL14(join(dir, 'models'), variant);
console.log(`built ViT-L/14 ${variant} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const registry = await ModelRegistry.load(join(dir, 'models'));
const detector = registry.primary();
if (!detector) throw new Error(`benchmark model did not load: ${JSON.stringify(registry.problems)}`);
// Time every ONNX run the pipeline makes.
let onnxMs = 0;
const run = detector.session.run.bind(detector.session);
detector.session.run = (async (...args: Parameters<typeof run>) => {
  const t = performance.now();
  try {
    return await run(...args);
  } finally {
    onnxMs += performance.now() - t;
  }
}) as typeof detector.session.run;

const faces = await createOrtFaceDetector(); // what the worker runs
// Real photos (face-api's demo images) as 1024×1024 JPEGs; at most one face is scored per image so
// the split is per detector run, and each image's face count is shown.
const images = await Promise.all(
  [1, 2, 3, 4, 5, 6].map((i) =>
    sharp(join(projectRoot(), `node_modules/@vladmandic/face-api/demo/sample${i}.jpg`))
      .resize(1024, 1024, { fit: 'cover' })
      .jpeg({ quality: 90 })
      .toBuffer(),
  ),
);
// The worker's own setting (no database is opened; the URL only satisfies the config's check).
const threads = loadWorkerConfig({
  DATABASE_URL: 'postgres://bench@localhost/bench',
  ...process.env,
}).forensicsThreads;
const pixels = threads > 0 ? new PixelPool(threads) : undefined;
console.log(`forensics and map rendering: ${pixels ? `${threads} pixel thread(s)` : 'inline, main thread'}`);
const deps = {
  faces,
  detector,
  maxMapSide: 4096,
  batchSize: 8,
  maxScoredFaces: 1,
  ...(pixels ? { pixels } : {}),
};
await runPipeline(images[0]!, deps, async () => undefined); // warm-up

const rows: { total: number; onnx: number }[] = [];
for (let r = 0; r < runs; r++) {
  for (const [i, bytes] of images.entries()) {
    onnxMs = 0;
    const t = performance.now();
    const result = await runPipeline(bytes, deps, async () => undefined);
    const total = performance.now() - t;
    rows.push({ total, onnx: onnxMs });
    const steps = Object.entries(result.timingsMs)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    const forensicsMs = result.forensics.timingsMs.total ?? 0;
    console.log(
      `sample${i + 1} (${result.faces.length} faces): total ${total.toFixed(0)} ms, onnx ${onnxMs.toFixed(0)} ms, ` +
        `other ${(total - onnxMs).toFixed(0)} ms [${steps}; forensics itself ${forensicsMs.toFixed(0)}]`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const shares = rows.map((r) => (r.total - r.onnx) / r.total);
console.log(
  `\n${variant}: per image median total ${median(rows.map((r) => r.total)).toFixed(0)} ms, onnx ${median(rows.map((r) => r.onnx)).toFixed(0)} ms; ` +
    `overhead (everything but ONNX) median ${(median(shares) * 100).toFixed(0)} % ` +
    `(min ${(Math.min(...shares) * 100).toFixed(0)} %, max ${(Math.max(...shares) * 100).toFixed(0)} %, n=${rows.length}); goal ≤ 15 %`,
);
await pixels?.close();
await faces.close();
await registry.close();
rmSync(dir, { recursive: true, force: true });
