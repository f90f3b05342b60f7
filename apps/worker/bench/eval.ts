// `npm run bench:eval [-- --items N] [--variant int8|fp32]`: throughput of `loupe eval` (items/s)
// on the made benchmark set with a ViT-L/14-shaped detector (random weights, built by the
// project's own ONNX builder; a test fixture, never evidence), and the cost of 10,000 bootstrap
// resamples. Prints figures; asserts nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateSignal, makeBenchmarkSet, SET_VERSION, seededRandom } from '@loupe/eval';
import { createOrtFaceDetector, ModelRegistry } from '@loupe/inference';
import { installBenchVitL14 } from './bench-model.ts';
import { runEvaluation } from '../src/eval/run.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '24' },
    variant: { type: 'string', default: 'int8' },
    set: { type: 'string', default: `data/eval/${SET_VERSION}` },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'loupe-eval-bench-'));
const faces = await createOrtFaceDetector({ log: () => {} });
try {
  // 1. Bootstrap cost: 10,000 resamples of every metric, at two set sizes.
  for (const n of [96, 1000]) {
    const random = seededRandom(n);
    const labels = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const scores = labels.map((y) => Math.min(1, Math.max(0, 0.4 + 0.2 * y + 0.5 * (random() - 0.5))));
    const t = performance.now();
    evaluateSignal({ scores, labels }, { threshold: 0.5, probabilistic: true, resamples: 10_000 });
    const ms = performance.now() - t;
    console.log(
      `bootstrap: 10,000 resamples of every metric, n=${n}: ${(ms / 1000).toFixed(2)} s (${((ms * 1000) / 10_000).toFixed(0)} µs per resample)`,
    );
  }

  // 2. The set (made if missing) and the ViT-L/14-shaped detector.
  if (!existsSync(join(values.set!, 'labels.csv'))) {
    console.log(`making ${values.set} first`);
    await makeBenchmarkSet({ outDir: values.set!, faces });
  }
  const variant = values.variant === 'fp32' ? 'fp32' : 'int8';
  await installBenchVitL14(join(dir, 'models'), variant);
  const registry = await ModelRegistry.load(join(dir, 'models'));
  const detector = registry.primary();
  if (!detector) throw new Error(`benchmark model did not load: ${JSON.stringify(registry.problems)}`);

  // 3. A CSV of the first N items (reals and fakes interleaved), evaluated as `loupe eval` does.
  const rows = readFileSync(join(values.set!, 'labels.csv'), 'utf8').trim().split('\n');
  const reals = rows.slice(1).filter((r) => r.split(',')[1] === '0');
  const fakes = rows.slice(1).filter((r) => r.split(',')[1] === '1');
  const n = Number(values.items);
  const picked = Array.from({ length: n }, (_, i) => (i % 2 ? fakes[i >> 1] : reals[i >> 1])).filter(Boolean);
  const csv = join(values.set!, `bench-${n}.csv`);
  writeFileSync(csv, [rows[0], ...picked].join('\n') + '\n');
  const t = performance.now();
  const r = await runEvaluation(
    { faces, detector, maxMapSide: 4096, batchSize: 8 },
    { data: csv, out: join(dir, 'out'), resamples: 1000 },
  );
  const s = (performance.now() - t) / 1000;
  rmSync(csv);
  console.log(
    `loupe eval, ViT-L/14 ${variant} (random weights — not evidence): ${r.items.length} items in ${s.toFixed(1)} s = ` +
      `${(r.items.length / s).toFixed(2)} items/s (including 1,000-resample metrics and plots)`,
  );
  await registry.close();
} finally {
  await faces.close();
  rmSync(dir, { recursive: true, force: true });
}
