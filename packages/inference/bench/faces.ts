/**
 * Face detection benchmark: face-api on tfjs-wasm (createFaceDetector) against the same networks
 * on ONNX Runtime (createOrtFaceDetector), on the face-api demo photos. Prints, never asserts.
 *
 *   npx tsx packages/inference/bench/faces.ts [--runs=N] [--threads=N]
 *
 * Per photo and detector: median and min–max over N timed runs (default 7, after 2 warm-ups),
 * for what the worker asks (detect + landmarks + descriptors) and for boxes alone, plus CPU time
 * per call. Runs are
 * interleaved across detectors so drifts in machine load hit them alike. ORT runs with --threads
 * intra-op threads (default 2) and, for a like-for-like view of the kernels, with 1 thread; tfjs
 * WASM is single-threaded under Node whatever it is asked.
 */
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceDetector } from '../src/faces/detector.ts';
import { createOrtFaceDetector } from '../src/faces/ort/detector.ts';
import type { FaceDetector, RgbImage } from '../src/faces/types.ts';
import { interleaved, ms, rssMiB, timed, type Timing } from './stats.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Math.max(3, Number(flag('runs') ?? 7));
const THREADS = Number(flag('threads') ?? 2);
const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

console.log(
  `face detection bench: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${RUNS} runs`,
);

const detectors: [string, FaceDetector][] = [];
for (const [label, make] of [
  ['tfjs-wasm (1 thread)', () => createFaceDetector()],
  [`ort cpu ${THREADS} threads`, () => createOrtFaceDetector({ threads: THREADS })],
  ['ort cpu 1 thread', () => createOrtFaceDetector({ threads: 1 })],
] as [string, () => Promise<FaceDetector>][]) {
  const { value, ms: init } = await timed(make);
  console.log(`init ${label}: ${ms(init)} (${value.modelInfo.id} ${value.modelInfo.version})`);
  detectors.push([label, value]);
}

const photos: [string, RgbImage][] = [];
for (let i = 1; i <= 6; i++) {
  const { data, info } = await sharp(path.join(demoDir, `sample${i}.jpg`))
    .rotate()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  photos.push([
    `sample${i}.jpg ${info.width}x${info.height}`,
    { data, width: info.width, height: info.height },
  ]);
}

// wall median [min–max], then CPU time per call (median wall × median cores used): under load
// the wall clock includes waiting for a core, CPU time much less so
const fmt = (t: Timing) => `${ms(t.median)} [${ms(t.min)}–${ms(t.max)}] cpu ${ms(t.median * t.cores)}`;
const medians = detectors.map(() => ({ full: [] as number[], boxes: [] as number[] }));
for (const withDescriptors of [true, false]) {
  console.log(
    withDescriptors
      ? '\ndetect + landmarks + descriptors (the worker’s call), median [min–max] per image:'
      : '\nboxes only, median [min–max] per image:',
  );
  console.log(['photo (faces)', ...detectors.map(([l]) => l)].join(' | '));
  for (const [name, image] of photos) {
    const faces = (await detectors[0]![1].detect(image)).length;
    const timings = await interleaved(
      detectors.map(
        ([, d]) =>
          () =>
            d.detect(image, { withDescriptors }),
      ),
      2,
      RUNS,
    );
    timings.forEach((t, i) => medians[i]![withDescriptors ? 'full' : 'boxes'].push(t.median));
    console.log([`${name} (${faces})`, ...timings.map(fmt)].join(' | '));
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log('\nmean of the per-photo medians:');
detectors.forEach(([label], i) => {
  const m = medians[i]!;
  const base = medians[0]!;
  console.log(
    `  ${label}: full ${ms(mean(m.full))} (×${(mean(base.full) / mean(m.full)).toFixed(1)} vs tfjs), ` +
      `boxes ${ms(mean(m.boxes))} (×${(mean(base.boxes) / mean(m.boxes)).toFixed(1)})`,
  );
});
console.log(`rss ${rssMiB()}`);
for (const [, d] of detectors) await d.close();
