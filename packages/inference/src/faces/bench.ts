/**
 * Prints init time, per-image detection time and memory for the face-api sample photos.
 * Informational only (timings depend on the machine); tests never assert on time.
 *   npx tsx packages/inference/src/faces/bench.ts [repeats=3]
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceDetector } from './index.ts';
import { loadLib } from './runtime.ts';

const repeats = Number(process.argv[2] ?? 3);
const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

let t = performance.now();
const detector = await createFaceDetector();
console.log(`init (load tfjs, wasm backend, verified weights): ${(performance.now() - t).toFixed(0)} ms`);
const { tf } = await loadLib();
console.log(`model: ${detector.modelInfo.id} ${detector.modelInfo.version}`);
console.log(`tensors after init: ${tf.memory().numTensors}, ${mib(tf.memory().numBytes)}`);

for (let i = 1; i <= 6; i++) {
  const { data, info } = await sharp(path.join(demoDir, `sample${i}.jpg`))
    .rotate()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { data, width: info.width, height: info.height };
  const times = { detect: [] as number[], describe: [] as number[] };
  let faces = 0;
  for (let r = 0; r < repeats; r++) {
    t = performance.now();
    faces = (await detector.detect(image)).length;
    times.detect.push(performance.now() - t);
    t = performance.now();
    await detector.detect(image, { withDescriptors: true });
    times.describe.push(performance.now() - t);
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/');
  console.log(
    `sample${i}.jpg ${info.width}x${info.height}: ${faces} faces; detect ${fmt(times.detect)} ms; ` +
      `detect+landmarks+descriptors ${fmt(times.describe)} ms`,
  );
}
console.log(`tensors after runs: ${tf.memory().numTensors}; rss ${mib(process.memoryUsage().rss)}`);
await detector.close();
console.log(`tensors after close: ${tf.memory().numTensors}`);
