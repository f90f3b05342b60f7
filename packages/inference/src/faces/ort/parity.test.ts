import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceDetector } from '../detector.ts';
import { loadLib } from '../runtime.ts';
import type { DetectedFace, FaceDetector, RgbImage } from '../types.ts';
import { loadVerifiedWeights, readVerifiedModel, type ModelName } from '../weights.ts';
import { createOrtFaceDetector } from './detector.ts';
import { squareResize } from './image.ts';
import { decodeTfjsWeights } from './tfjs-weights.ts';

// Parity of the ONNX Runtime detector with the tfjs one it replaces, on every face-api demo photo
// (plus a portrait crop, an upscale and a downscale that exercise the padding, the resize both ways
// and the mapping back): same faces, boxes
// and landmarks within 1 px, scores within 1e-3, descriptors with cosine ≥ 0.999.
const T = 240_000;
const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
const sample = (i: number) => sharp(path.join(demoDir, `sample${i}.jpg`));

async function decode(img: Sharp): Promise<RgbImage> {
  const { data, info } = await img.rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const boxDelta = (a: DetectedFace, b: DetectedFace) =>
  Math.max(
    Math.abs(a.box.x - b.box.x),
    Math.abs(a.box.y - b.box.y),
    Math.abs(a.box.x + a.box.width - b.box.x - b.box.width),
    Math.abs(a.box.y + a.box.height - b.box.y - b.box.height),
  );
const landmarkDelta = (a: DetectedFace, b: DetectedFace) =>
  Math.max(...a.landmarks!.map((p, i) => Math.hypot(p.x - b.landmarks![i]!.x, p.y - b.landmarks![i]!.y)));
function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

const CASES: [string, () => Sharp][] = [
  ...[1, 2, 3, 4, 5, 6].map((i): [string, () => Sharp] => [`sample${i}.jpg`, () => sample(i)]),
  ['sample3.jpg single-face crop', () => sample(3).extract({ left: 900, top: 40, width: 560, height: 760 })],
  ['sample5.jpg at 2.2x (4224 px)', () => sample(5).resize(4224)],
  ['sample1.jpg at 1/3 (640 px, SSD input upsampled)', () => sample(1).resize(640)],
];

let tfjs: FaceDetector;
let ort: FaceDetector;
const figures: Record<string, unknown>[] = [];
beforeAll(async () => {
  tfjs = await createFaceDetector();
  ort = await createOrtFaceDetector({ threads: 2 });
}, T);
afterAll(async () => {
  await Promise.all([tfjs?.close(), ort?.close()]);
  console.table(figures);
});

describe('building blocks are bit-identical to tfjs', () => {
  const modelDir = path.join(path.dirname(demoDir), 'model');
  for (const name of [
    'ssd_mobilenetv1_model',
    'face_landmark_68_model',
    'face_recognition_model',
  ] as ModelName[]) {
    it(`decodes ${name} to the same values as tf.io.decodeWeights`, { timeout: T }, async () => {
      const { tf } = await loadLib();
      const { specs, shards } = await readVerifiedModel(modelDir, name);
      const ours = decodeTfjsWeights(specs, shards);
      const { weightMap } = await loadVerifiedWeights(tf, modelDir, name);
      expect([...ours.keys()].sort()).toEqual(Object.keys(weightMap).sort());
      for (const [key, t] of Object.entries(weightMap)) {
        expect(ours.get(key)!.shape, key).toEqual(t.shape);
        expect(Buffer.from(ours.get(key)!.data.buffer).equals(Buffer.from(t.dataSync().buffer)), key).toBe(
          true,
        );
      }
      tf.dispose(Object.values(weightMap));
    });
  }

  // face-api's NetInput.toBatchTensor: padToSquare (centred or not), then resizeBilinear
  const regions: [string, { x: number; y: number; width: number; height: number }, number, boolean][] = [
    ['landscape image to 512', { x: 0, y: 0, width: 1024, height: 683 }, 512, false],
    ['small image up to 512', { x: 0, y: 0, width: 331, height: 500 }, 512, false],
    ['portrait crop to 112, centred', { x: 101, y: 57, width: 183, height: 230 }, 112, true],
    ['landscape crop to 150, centred', { x: 300, y: 200, width: 161, height: 150 }, 150, true],
    ['square crop already 150', { x: 10, y: 20, width: 150, height: 150 }, 150, true],
  ];
  for (const [label, region, size, centre] of regions) {
    it(`pads and resizes like tfjs: ${label}`, { timeout: T }, async () => {
      const { faceapi, tf } = await loadLib();
      const image = await decode(sample(4).resize(1024));
      const ours = new Float32Array(size * size * 3);
      squareResize(image, region, size, centre, ours);
      const theirs = tf.tidy(() => {
        const full = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
        const crop = tf.slice3d(full, [region.y, region.x, 0], [region.height, region.width, 3]);
        const netInput = new faceapi.NetInput([crop as never]);
        return (netInput.toBatchTensor(size, centre) as unknown as typeof crop).dataSync() as Float32Array;
      });
      expect(Buffer.from(ours.buffer).equals(Buffer.from(theirs.buffer))).toBe(true);
    });
  }
});

describe('ONNX Runtime face detector vs face-api on tfjs', () => {
  it('records its own model id and the same pinned weights', () => {
    expect(ort.modelInfo.id).not.toBe(tfjs.modelInfo.id);
    expect(ort.modelInfo.version).toMatch(/^1\.7\.15\+onnx-r\d+\.ort-\d+\.\d+\.\d+\.cpu$/);
    expect(ort.modelInfo.weightsSha256).toEqual(tfjs.modelInfo.weightsSha256);
  });

  for (const [name, image] of CASES) {
    it(name, { timeout: T }, async () => {
      const rgb = await decode(image());
      const expected = await tfjs.detect(rgb, { withDescriptors: true, minScore: 0.3 });
      const actual = await ort.detect(rgb, { withDescriptors: true, minScore: 0.3 });
      expect(actual).toHaveLength(expected.length);
      expect(expected.length).toBeGreaterThan(0);
      let box = 0;
      let score = 0;
      let landmark = 0;
      let cos = 1;
      expected.forEach((e, i) => {
        const a = actual[i]!;
        box = Math.max(box, boxDelta(a, e));
        score = Math.max(score, Math.abs(a.score - e.score));
        landmark = Math.max(landmark, landmarkDelta(a, e));
        cos = Math.min(cos, cosine(a.descriptor!, e.descriptor!));
      });
      figures.push({
        photo: name,
        faces: expected.length,
        maxBoxPx: box,
        maxScore: score,
        maxLandmarkPx: landmark,
        minCosine: cos,
      });
      expect(box).toBeLessThanOrEqual(1);
      expect(score).toBeLessThanOrEqual(1e-3);
      expect(landmark).toBeLessThanOrEqual(1);
      expect(cos).toBeGreaterThanOrEqual(0.999);
    });
  }
});
