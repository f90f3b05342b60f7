/**
 * Decode + CLIP preprocessing throughput on a 1024×1024 JPEG (a real photo, resized once here).
 * Prints img/s as the median of 5 runs of 100 images, with min/max, for one image at a time and
 * with two in flight (sharp decodes on libuv threads while JS resamples the previous image).
 * Run: npm run bench:preprocess
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { decodeImage, OPENAI_CLIP_INPUT, preprocessDecoded } from '../src/preprocess/index.ts';

const RUNS = 5;
const IMAGES = 100;

const input = OPENAI_CLIP_INPUT;

const faceApiDir = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
const photo = readFileSync(join(faceApiDir, 'demo', 'sample1.jpg'));
const jpeg = await sharp(photo).resize(1024, 1024, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();

async function one(): Promise<void> {
  const decoded = await decodeImage(jpeg);
  preprocessDecoded(decoded, input);
}

async function run(inFlight: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < IMAGES) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return IMAGES / ((performance.now() - start) / 1000);
}

async function stage(label: string, fn: () => Promise<unknown> | unknown): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < IMAGES; i++) await fn();
  console.log(`  ${label}: ${((performance.now() - start) / IMAGES).toFixed(2)} ms/img`);
}

console.log(
  `1024×1024 JPEG (${(jpeg.length / 1024).toFixed(0)} KiB), sharp concurrency ${sharp.concurrency()}`,
);
for (let i = 0; i < 10; i++) await one(); // warm up JIT and libvips
const decoded = await decodeImage(jpeg);
await stage('decode only', () => decodeImage(jpeg));
await stage('resample + normalise only', () => preprocessDecoded(decoded, input));
for (const inFlight of [1, 2]) {
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) rates.push(await run(inFlight));
  rates.sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1);
  console.log(
    `decode+preprocess, ${inFlight} in flight: median ${f(rates[2]!)} img/s (min ${f(rates[0]!)}, max ${f(rates[RUNS - 1]!)}) over ${RUNS}×${IMAGES}`,
  );
}
