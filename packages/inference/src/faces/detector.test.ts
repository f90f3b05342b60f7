import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFaceDetector,
  PINNED_SHA256,
  type DetectedFace,
  type FaceDetector,
  type RgbImage,
} from './index.ts';
import { loadLib, type Tf } from './runtime.ts';

// Real inference on 2 cores: generous limits, never timing assertions.
const T = 120_000;
const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

async function decode(img: Sharp): Promise<RgbImage> {
  const { data, info } = await img.rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
const sample = (i: number) => sharp(path.join(demoDir, `sample${i}.jpg`));
// Sample 3's middle face alone: a real single-face photo (no demo sample has exactly one face).
const singleFace = () => sample(3).extract({ left: 900, top: 40, width: 560, height: 760 });

/**
 * Rough face centres (x, y) read off the photos by eye, in original 1920-px-wide pixels. Each must
 * fall in exactly one detected box and each box must hold exactly one, so a missed, extra or
 * misplaced (e.g. wrongly mapped back from the downscaled input) face fails.
 */
// prettier-ignore
const FACE_CENTRES: Record<number, [number, number][]> = {
  1: [[510, 470], [930, 520], [1580, 300]],
  2: [[450, 270], [990, 380], [1520, 300]],
  3: [[690, 500], [1160, 360], [1600, 430]],
  4: [[340, 330], [760, 190], [1080, 280], [1360, 260]],
  5: [[470, 1020], [690, 540], [880, 180], [1180, 320], [1490, 510]],
  6: [[360, 600], [750, 500], [1280, 430], [1600, 400]],
};

const contains = (f: DetectedFace, [x, y]: [number, number]) =>
  x >= f.box.x && x <= f.box.x + f.box.width && y >= f.box.y && y <= f.box.y + f.box.height;
const area = (f: DetectedFace) => f.box.width * f.box.height;
const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...a.map((v, i) => v - b[i]!));

function expectInside(faces: DetectedFace[], image: RgbImage): void {
  for (const f of faces) {
    expect(f.box.x).toBeGreaterThanOrEqual(0);
    expect(f.box.y).toBeGreaterThanOrEqual(0);
    expect(f.box.x + f.box.width).toBeLessThanOrEqual(image.width);
    expect(f.box.y + f.box.height).toBeLessThanOrEqual(image.height);
    expect(f.score).toBeGreaterThanOrEqual(0.5);
    expect(f.score).toBeLessThanOrEqual(1);
  }
  for (let i = 1; i < faces.length; i++) expect(area(faces[i - 1]!)).toBeGreaterThanOrEqual(area(faces[i]!));
}

let detector: FaceDetector;
let tf: Tf;
beforeAll(async () => {
  detector = await createFaceDetector();
  tf = (await loadLib()).tf;
}, T);
afterAll(() => detector?.close());

describe('createFaceDetector', () => {
  it('records which weights it runs, with their sha256', () => {
    expect(detector.modelInfo.id).toBe(
      'vladmandic-face-api/ssd_mobilenetv1+face_landmark_68+face_recognition',
    );
    expect(detector.modelInfo.version).toMatch(/^1\.7\.15\+tfjs-4\.22\.0\.wasm/);
    expect(detector.modelInfo.weightsSha256).toEqual(PINNED_SHA256);
    expect(Object.keys(detector.modelInfo.weightsSha256)).toHaveLength(6);
  });
});

describe('detect on the face-api sample photos', () => {
  for (const i of [1, 2, 3, 4, 5, 6]) {
    it(
      `sample${i}.jpg: ${FACE_CENTRES[i]!.length} faces at the expected places`,
      { timeout: T },
      async () => {
        const image = await decode(sample(i));
        const faces = await detector.detect(image);
        const centres = FACE_CENTRES[i]!;
        expect(faces).toHaveLength(centres.length);
        expectInside(faces, image);
        for (const c of centres) expect(faces.filter((f) => contains(f, c))).toHaveLength(1);
        for (const f of faces) {
          expect(centres.filter((c) => contains(f, c))).toHaveLength(1);
          // people photographed at a few metres: faces 5-20% of the width, taller than wide-ish
          expect(f.box.width).toBeGreaterThan(0.05 * image.width);
          expect(f.box.width).toBeLessThan(0.2 * image.width);
          expect(f.box.height / f.box.width).toBeGreaterThan(0.8);
          expect(f.box.height / f.box.width).toBeLessThan(2.2);
          expect(f.landmarks).toBeUndefined();
          expect(f.descriptor).toBeUndefined();
        }
      },
    );
  }

  it(
    'finds exactly one face in a single-face photo, with landmarks and descriptor',
    { timeout: T },
    async () => {
      const image = await decode(singleFace());
      const [face, ...rest] = await detector.detect(image, { withDescriptors: true });
      expect(rest).toHaveLength(0);
      expectInside([face!], image);
      expect(contains(face!, [1160 - 900, 360 - 40])).toBe(true);
      expect(face!.box.width).toBeGreaterThan(150);
      expect(face!.box.width).toBeLessThan(400);
      expect(face!.descriptor).toBeInstanceOf(Float32Array);
      expect(face!.descriptor).toHaveLength(128);
      expect(face!.landmarks).toHaveLength(68);
      // dlib order: 30 is the nose tip, which sits well inside the face box
      expect(contains(face!, [face!.landmarks![30]!.x, face!.landmarks![30]!.y])).toBe(true);
    },
  );

  it(
    'maps boxes back to original pixels for images far above the detection size',
    { timeout: T },
    async () => {
      const k = 2.2; // 4224 px wide: downscaled ~4x for detection
      const image = await decode(sample(3).resize(Math.round(1920 * k)));
      const faces = await detector.detect(image);
      expect(faces).toHaveLength(3);
      expectInside(faces, image);
      for (const c of FACE_CENTRES[3]!)
        expect(faces.filter((f) => contains(f, [c[0] * k, c[1] * k]))).toHaveLength(1);
    },
  );

  it('keeps the largest faces with maxFaces and applies minScore', { timeout: T }, async () => {
    const image = await decode(sample(5));
    const all = await detector.detect(image, { minScore: 0.3 });
    const two = await detector.detect(image, { minScore: 0.3, maxFaces: 2 });
    expect(two.map((f) => f.box)).toEqual(all.slice(0, 2).map((f) => f.box));
    const strict = await detector.detect(image, { minScore: 0.95 });
    expect(strict.length).toBeLessThan(all.length);
    for (const f of strict) expect(f.score).toBeGreaterThanOrEqual(0.95);
  });
});

describe('no faces', () => {
  it('finds none in a flat colour or in noise', { timeout: T }, async () => {
    const flat = await decode(
      sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 170, b: 150 } },
      }).png(),
    );
    const noise = await decode(
      sharp({
        create: {
          width: 800,
          height: 600,
          channels: 3,
          background: 'black',
          noise: { type: 'gaussian', mean: 128, sigma: 40 },
        },
      }).png(),
    );
    expect(await detector.detect(flat, { withDescriptors: true })).toEqual([]);
    expect(await detector.detect(noise, { minScore: 0.3 })).toEqual([]);
  });
});

describe('descriptors', () => {
  it('same face at 100% and 80% size: distance < 0.4', { timeout: T }, async () => {
    const full = await detector.detect(await decode(singleFace()), { withDescriptors: true });
    const smaller = await detector.detect(await decode(singleFace().resize(448, 608)), {
      withDescriptors: true,
    });
    expect(full).toHaveLength(1);
    expect(smaller).toHaveLength(1);
    expect(distance(full[0]!.descriptor!, smaller[0]!.descriptor!)).toBeLessThan(0.4);
  });

  it('different people: distance > 0.5 for every pair in samples 1 and 6', { timeout: T }, async () => {
    for (const i of [1, 6]) {
      const faces = await detector.detect(await decode(sample(i)), { withDescriptors: true });
      expect(faces).toHaveLength(FACE_CENTRES[i]!.length);
      for (let a = 0; a < faces.length; a++) {
        for (let b = a + 1; b < faces.length; b++) {
          expect(distance(faces[a]!.descriptor!, faces[b]!.descriptor!)).toBeGreaterThan(0.5);
        }
      }
    }
  });
});

describe('resources', () => {
  it('20 detections (some concurrent) leave no tensors behind', { timeout: 4 * T }, async () => {
    const blank = sharp({ create: { width: 320, height: 240, channels: 3, background: 'white' } }).png();
    const images = [await decode(singleFace()), await decode(sample(2)), await decode(blank)];
    const expected = [1, 3, 0];
    await detector.detect(images[0]!, { withDescriptors: true }); // warm-up
    const baseline = tf.memory().numTensors;
    for (let batch = 0; batch < 5; batch++) {
      const picks = [0, 1, 2, 3].map((j) => (batch + j) % 3);
      const runs = picks.map((k, j) => detector.detect(images[k]!, { withDescriptors: j % 2 === 0 }));
      const counts = (await Promise.all(runs)).map((r) => r.length);
      expect(counts).toEqual(picks.map((k) => expected[k]));
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('rejects malformed input without leaking', async () => {
    const baseline = tf.memory().numTensors;
    await expect(detector.detect({ data: new Uint8Array(10), width: 4, height: 4 })).rejects.toThrow(
      RangeError,
    );
    await expect(detector.detect({ data: new Uint8Array(0), width: 0, height: 0 })).rejects.toThrow(
      RangeError,
    );
    const ok = { data: new Uint8Array(48), width: 4, height: 4 };
    await expect(detector.detect(ok, { minScore: 2 })).rejects.toThrow(RangeError);
    await expect(detector.detect(ok, { maxFaces: -1 })).rejects.toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('shares weights between detectors and frees them when the last one closes', { timeout: T }, async () => {
    const image = await decode(singleFace());
    const second = await createFaceDetector();
    await second.close();
    await second.close(); // idempotent
    await expect(second.detect(image)).rejects.toThrow(/close/);
    expect(await detector.detect(image)).toHaveLength(1); // first detector unaffected
    await detector.close();
    expect(tf.memory().numTensors).toBe(0);
    detector = await createFaceDetector(); // reloads
    expect(await detector.detect(image)).toHaveLength(1);
  });
});
