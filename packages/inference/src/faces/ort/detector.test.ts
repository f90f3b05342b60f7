import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINNED_SHA256 } from '../weights.ts';
import type { DetectedFace, FaceDetector, RgbImage } from '../types.ts';
import { createOrtFaceDetector, ORT_MODEL_ID } from './detector.ts';

// Behaviour of the ONNX Runtime detector on its own (parity.test.ts compares it with tfjs).
// Real inference on shared cores: generous limits, never timing assertions.
const T = 120_000;
const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
const sample = (i: number) => sharp(path.join(demoDir, `sample${i}.jpg`));
const singleFace = () => sample(3).extract({ left: 900, top: 40, width: 560, height: 760 });

async function decode(img: Sharp): Promise<RgbImage> {
  const { data, info } = await img.rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

// Face centres read off the photos by eye (same table as the tfjs detector's test).
// prettier-ignore
const FACE_CENTRES: Record<number, [number, number][]> = {
  1: [[510, 470], [930, 520], [1580, 300]],
  5: [[470, 1020], [690, 540], [880, 180], [1180, 320], [1490, 510]],
};
const contains = (f: DetectedFace, [x, y]: [number, number]) =>
  x >= f.box.x && x <= f.box.x + f.box.width && y >= f.box.y && y <= f.box.y + f.box.height;
const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...a.map((v, i) => v - b[i]!));

let detector: FaceDetector;
beforeAll(async () => {
  detector = await createOrtFaceDetector({ threads: 2 });
}, T);
afterAll(() => detector?.close());

describe('createOrtFaceDetector', () => {
  it('records its own model id, the runtime and providers, and the pinned weights', () => {
    expect(detector.modelInfo.id).toBe(ORT_MODEL_ID);
    expect(detector.modelInfo.version).toMatch(/^1\.7\.15\+onnx-r\d+\.ort-1\.\d+\.\d+\.cpu$/);
    expect(detector.modelInfo.weightsSha256).toEqual(PINNED_SHA256);
  });

  it('rejects a bad thread count before loading anything', async () => {
    await expect(createOrtFaceDetector({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(createOrtFaceDetector({ threads: 1.5 })).rejects.toThrow(RangeError);
  });

  it('falls back to cpu, saying so, when the configured providers cannot start', { timeout: T }, async () => {
    const lines: string[] = [];
    const fallback = await createOrtFaceDetector({
      threads: 1,
      executionProviders: ['no-such-provider'],
      log: (m) => lines.push(m),
    });
    try {
      expect(lines.join('\n')).toMatch(/no-such-provider.*falling back to cpu/);
      expect(fallback.modelInfo.version).toMatch(/\.cpu$/);
      expect(await fallback.detect(await decode(singleFace()))).toHaveLength(1);
    } finally {
      await fallback.close();
    }
  });
});

describe('detect', () => {
  for (const i of [1, 5]) {
    it(`sample${i}.jpg: every face, at the expected places`, { timeout: T }, async () => {
      const image = await decode(sample(i));
      const faces = await detector.detect(image);
      const centres = FACE_CENTRES[i]!;
      expect(faces).toHaveLength(centres.length);
      for (const c of centres) expect(faces.filter((f) => contains(f, c))).toHaveLength(1);
      for (let k = 1; k < faces.length; k++) {
        const [a, b] = [faces[k - 1]!.box, faces[k]!.box];
        expect(a.width * a.height).toBeGreaterThanOrEqual(b.width * b.height);
      }
      for (const f of faces) {
        expect(f.score).toBeGreaterThanOrEqual(0.5);
        expect(f.box.x + f.box.width).toBeLessThanOrEqual(image.width);
        expect(f.box.y + f.box.height).toBeLessThanOrEqual(image.height);
        expect(f.landmarks).toBeUndefined();
        expect(f.descriptor).toBeUndefined();
      }
    });
  }

  it('landmarks and a descriptor for a single face', { timeout: T }, async () => {
    const [face, ...rest] = await detector.detect(await decode(singleFace()), { withDescriptors: true });
    expect(rest).toHaveLength(0);
    expect(face!.landmarks).toHaveLength(68);
    expect(face!.descriptor).toBeInstanceOf(Float32Array);
    expect(face!.descriptor).toHaveLength(128);
    expect(contains(face!, [face!.landmarks![30]!.x, face!.landmarks![30]!.y])).toBe(true); // nose tip
  });

  it('keeps the largest faces with maxFaces and applies minScore', { timeout: T }, async () => {
    const image = await decode(sample(5));
    const all = await detector.detect(image, { minScore: 0.3 });
    const two = await detector.detect(image, { minScore: 0.3, maxFaces: 2 });
    expect(two.map((f) => f.box)).toEqual(all.slice(0, 2).map((f) => f.box));
    const strict = await detector.detect(image, { minScore: 0.95 });
    expect(strict.length).toBeLessThan(all.length);
    for (const f of strict) expect(f.score).toBeGreaterThanOrEqual(0.95);
  });

  it('finds no face in a flat colour or in noise', { timeout: T }, async () => {
    const flat = sharp({ create: { width: 640, height: 480, channels: 3, background: '#c8aa96' } }).png();
    const noise = sharp({
      create: {
        width: 800,
        height: 600,
        channels: 3,
        background: 'black',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    }).png();
    expect(await detector.detect(await decode(flat), { withDescriptors: true })).toEqual([]);
    expect(await detector.detect(await decode(noise), { minScore: 0.3 })).toEqual([]);
  });

  it('descriptors: same face at two sizes close, different people apart', { timeout: T }, async () => {
    const full = await detector.detect(await decode(singleFace()), { withDescriptors: true });
    const smaller = await detector.detect(await decode(singleFace().resize(448, 608)), {
      withDescriptors: true,
    });
    expect(distance(full[0]!.descriptor!, smaller[0]!.descriptor!)).toBeLessThan(0.4);
    const people = await detector.detect(await decode(sample(1)), { withDescriptors: true });
    expect(people).toHaveLength(3);
    for (let a = 0; a < people.length; a++)
      for (let b = a + 1; b < people.length; b++)
        expect(distance(people[a]!.descriptor!, people[b]!.descriptor!)).toBeGreaterThan(0.5);
  });

  it('rejects malformed input', async () => {
    await expect(detector.detect({ data: new Uint8Array(10), width: 4, height: 4 })).rejects.toThrow(
      RangeError,
    );
    await expect(detector.detect({ data: new Uint8Array(0), width: 0, height: 0 })).rejects.toThrow(
      RangeError,
    );
    const ok = { data: new Uint8Array(48), width: 4, height: 4 };
    await expect(detector.detect(ok, { minScore: 2 })).rejects.toThrow(RangeError);
    await expect(detector.detect(ok, { maxFaces: -1 })).rejects.toThrow(RangeError);
  });
});

describe('concurrency and close', () => {
  it(
    'gives the same faces with spinning off (the worker’s setting) as with ONNX Runtime’s default',
    { timeout: T },
    async () => {
      const sleeping = await createOrtFaceDetector({ threads: 2, spin: false });
      try {
        const image = await decode(sample(6));
        expect(await sleeping.detect(image, { withDescriptors: true })).toEqual(
          await detector.detect(image, { withDescriptors: true }),
        );
      } finally {
        await sleeping.close();
      }
    },
  );

  it('concurrent detections give the same results as one at a time', { timeout: 2 * T }, async () => {
    const images = [await decode(singleFace()), await decode(sample(6))];
    const one = [];
    for (const image of images) one.push(await detector.detect(image, { withDescriptors: true }));
    const together = await Promise.all(
      [0, 1, 0, 1].map((k) => detector.detect(images[k]!, { withDescriptors: true })),
    );
    expect(together).toEqual([one[0], one[1], one[0], one[1]]);
  });

  it(
    'close waits for a detection in progress, is idempotent, and refuses later calls',
    { timeout: T },
    async () => {
      const second = await createOrtFaceDetector({ threads: 1 });
      const image = await decode(singleFace());
      const running = second.detect(image, { withDescriptors: true });
      await second.close();
      await second.close();
      expect(await running).toHaveLength(1);
      await expect(second.detect(image)).rejects.toThrow(/close/);
      expect(await detector.detect(image)).toHaveLength(1); // other detectors unaffected
    },
  );
});
