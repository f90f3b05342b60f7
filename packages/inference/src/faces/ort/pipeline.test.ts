import { describe, expect, it } from 'vitest';
import { hwcmToDepthwise, hwioToOihw, tfPadding } from './nn.ts';
import { nonMaxSuppression, ssdBoxToPixels } from './nms.ts';
import { alignDlib, clipAtImageBorders, type Point } from './pipeline.ts';

// The arithmetic around the networks, on hand-computed cases (parity.test.ts covers the whole).
describe('tfPadding (TensorFlow padding as explicit pads)', () => {
  it.each([
    [512, 3, 2, 'same', [256, 0, 1]],
    [16, 3, 2, 'same', [8, 0, 1]],
    [2, 3, 2, 'same', [1, 0, 1]],
    [35, 3, 1, 'same', [35, 1, 1]],
    [150, 7, 2, 'valid', [72, 0, 0]],
    [8, 3, 2, 'valid', [3, 0, 0]],
  ] as const)('size %i, kernel %i, stride %i, %s → %j', (size, k, s, p, expected) => {
    expect(tfPadding(size, k, s, p)).toEqual(expected);
  });
});

describe('filter layouts', () => {
  it('HWIO → OIHW and HWC1 → [C, 1, H, W]', () => {
    // 1x2 kernel, 2 in, 3 out: value encodes (x, i, o) as 100x + 10i + o
    const hwio = new Float32Array([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    expect(Array.from(hwioToOihw(hwio, [1, 2, 2, 3]))).toEqual([
      0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112,
    ]);
    const hwc1 = new Float32Array([0, 1, 100, 101]); // 1x2 kernel, 2 channels: 100x + c
    expect(Array.from(hwcmToDepthwise(hwc1, [1, 2, 2, 1]))).toEqual([0, 100, 1, 101]);
  });
});

describe('nonMaxSuppression (face-api semantics)', () => {
  // [ymin, xmin, ymax, xmax]
  const boxes = new Float32Array([
    0,
    0,
    1,
    1, // 0
    0,
    0.1,
    1,
    1.1, // 1: IoU with 0 = 0.9/1.1 > 0.5
    0,
    0.6,
    1,
    1.6, // 2: IoU with 0 = 0.4/1.6 ≤ 0.5
    5,
    5,
    6,
    6, // 3: disjoint
  ]);
  it('keeps the best, drops overlaps above the IoU threshold, keeps the rest in score order', () => {
    const scores = new Float32Array([0.9, 0.95, 0.8, 0.7]);
    expect(nonMaxSuppression(boxes, scores, 100, 0.5, 0.5)).toEqual([1, 2, 3]);
  });
  it('needs a score strictly above the threshold and stops at maxOutputSize', () => {
    const scores = new Float32Array([0.9, 0.5, 0.8, 0.7]);
    expect(nonMaxSuppression(boxes, scores, 100, 0.5, 0.5)).toEqual([0, 2, 3]);
    expect(nonMaxSuppression(boxes, scores, 2, 0.5, 0.5)).toEqual([0, 2]);
  });
});

describe('ssdBoxToPixels', () => {
  it('clips to the unit square and undoes the bottom/right padding', () => {
    // 1000x500 input: the 512 square holds it at 512x256, so y coordinates stretch by 2
    const b = new Float32Array([0.1, -0.2, 0.3, 0.5]);
    const box = ssdBoxToPixels(b, 0, { width: 1000, height: 500 }, 512);
    expect(box.x).toBeCloseTo(0, 4);
    expect(box.y).toBeCloseTo(0.1 * 2 * 500, 4);
    expect(box.width).toBeCloseTo(0.5 * 1000, 4);
    expect(box.height).toBeCloseTo(0.2 * 2 * 500, 4);
  });
});

describe('clipAtImageBorders', () => {
  it('clips to the image and floors every field', () => {
    expect(clipAtImageBorders({ x: -3.5, y: 10.7, width: 20.2, height: 500 }, 100, 200)).toEqual({
      x: 0,
      y: 10,
      width: 16,
      height: 189,
    });
  });
  it('gives an empty region for a box outside the image', () => {
    const r = clipAtImageBorders({ x: 120, y: 0, width: 10, height: 10 }, 100, 100);
    expect(r.width).toBeLessThanOrEqual(0);
  });
});

describe('alignDlib', () => {
  it('centres a square of (eye–mouth distance / 0.45) on the eyes and mouth', () => {
    const pts: Point[] = Array.from({ length: 68 }, () => ({ x: 0, y: 0 }));
    for (let i = 36; i < 42; i++) pts[i] = { x: 40, y: 50 }; // left eye
    for (let i = 42; i < 48; i++) pts[i] = { x: 60, y: 50 }; // right eye
    for (let i = 48; i < 68; i++) pts[i] = { x: 50, y: 80 }; // mouth
    const d = Math.hypot(10, 30);
    const size = Math.floor(d / 0.45);
    const ref = { x: 50, y: 60 };
    expect(alignDlib(pts, { width: 200, height: 200 })).toEqual({
      x: Math.floor(ref.x - 0.5 * size),
      y: Math.floor(ref.y - 0.43 * size),
      width: size,
      height: size,
    });
    // face-api limits the size by the crop the landmarks came from (plus the offset)
    expect(alignDlib(pts, { width: 10, height: 10 }).width).toBe(10 + Math.floor(ref.x - 0.5 * size));
  });
});
