import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runDetector } from '../detector/index.ts';
import {
  inputToOriginal,
  OPENAI_CLIP_INPUT,
  planTransform,
  preprocessForDetector,
  type CropRequest,
} from '../preprocess/index.ts';
import { ModelRegistry } from '../registry/index.ts';
import { writeTestDetector } from '../registry/test-model.ts';
import { INFERNO, renderFakenessMap, renderOverlay } from './index.ts';

const GRID: [number, number] = [16, 16];
const PATCH = 224 / 16;

/** A 16×16 grid that is 0 everywhere except p = 1 at (row, col). */
function hotPatch(row: number, col: number): Float32Array {
  const g = new Float32Array(256);
  g[row * 16 + col] = 1;
  return g;
}

async function greyPixels(png: Buffer) {
  expect((await sharp(png).metadata()).channels).toBe(1); // a real greyscale PNG
  // sharp expands grey to sRGB on output; take one channel back.
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Renders one hot interior patch (at the grid edge the outermost half-patch is clamped flat, which
 * would skew the centroid) and checks, in original-image coordinates, that the map's weighted
 * centroid and its maximum sit on the patch centre and that nothing lights up elsewhere.
 */
async function checkHotPatch(
  original: { width: number; height: number },
  row: number,
  col: number,
  crop?: CropRequest,
  maxLongSide?: number,
) {
  const t = planTransform(original, OPENAI_CLIP_INPUT, crop);
  const map = await renderFakenessMap(hotPatch(row, col), GRID, t, original, { maxLongSide });
  const { data, width, height } = await greyPixels(map.greyPng);
  expect([width, height]).toEqual([map.width, map.height]);
  const sx = original.width / width;
  const sy = original.height / height;
  // Patch centre in model-input pixels (u + 0.5 = (col + 0.5) · 14), mapped to the original.
  const expected = inputToOriginal(t, (col + 0.5) * PATCH - 0.5, (row + 0.5) * PATCH - 0.5);
  let sum = 0;
  let cx = 0;
  let cy = 0;
  let max = 0;
  let maxAt = { x: -1, y: -1 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      if (v === 0) continue;
      const ox = (x + 0.5) * sx;
      const oy = (y + 0.5) * sy;
      // Lit pixels lie within one patch pitch of the hot patch centre (bilinear support).
      expect(Math.abs(ox - expected.x)).toBeLessThan((PATCH / t.scale.x) * 1.01 + sx);
      expect(Math.abs(oy - expected.y)).toBeLessThan((PATCH / t.scale.y) * 1.01 + sy);
      sum += v;
      cx += v * ox;
      cy += v * oy;
      if (v > max) [max, maxAt] = [v, { x: ox, y: oy }];
    }
  }
  // A map pixel centre can miss the patch centre by half a map pixel, i.e. this much of a patch:
  const missX = (0.5 * sx * t.scale.x) / PATCH;
  const missY = (0.5 * sy * t.scale.y) / PATCH;
  expect(max).toBeGreaterThanOrEqual(Math.floor(255 * (1 - missX) * (1 - missY)));
  expect(Math.abs(maxAt.x - expected.x)).toBeLessThanOrEqual(sx + 1 / t.scale.x);
  expect(Math.abs(maxAt.y - expected.y)).toBeLessThanOrEqual(sy + 1 / t.scale.y);
  expect(Math.abs(cx / sum - expected.x)).toBeLessThanOrEqual(sx + 1 / t.scale.x);
  expect(Math.abs(cy / sum - expected.y)).toBeLessThanOrEqual(sy + 1 / t.scale.y);
  return { t, map, expected };
}

describe('renderFakenessMap', () => {
  it('whole-image landscape: the hot patch lands on its place in the original', async () => {
    const { t, map, expected } = await checkHotPatch({ width: 1920, height: 1280 }, 5, 10);
    expect([map.width, map.height]).toEqual([1920, 1280]);
    // 1920×1280 → 336×224, centre crop from x = 56: patch (5, 10) centre is input (147, 77).
    expect(expected.x).toBeCloseTo(((147 + 56) * 1920) / 336, 6);
    expect(expected.y).toBeCloseTo((77 * 1280) / 224, 6);
    expect(map.analysed).toEqual(t.analysed);
  });

  it('whole-image portrait (odd centre-crop margin)', async () => {
    const { expected } = await checkHotPatch({ width: 517, height: 931 }, 2, 13);
    // 517×931 → 224×403, centre crop from y = 89: patch (2, 13) centre is input (189, 35).
    expect(expected.x).toBeCloseTo((189 * 517) / 224, 6);
    expect(expected.y).toBeCloseTo(((35 + 89) * 931) / 403, 6);
    await checkHotPatch({ width: 517, height: 931 }, 14, 1);
  });

  it('face crop box offset in the image', async () => {
    const crop = { left: 600, top: 100, width: 200, height: 300 };
    const { expected } = await checkHotPatch({ width: 1000, height: 800 }, 3, 12, crop);
    // 200×300 → 224×336, centre crop from y = 56; patch (3, 12) centre is input (175, 49).
    expect(expected.x).toBeCloseTo(600 + (175 * 200) / 224, 6);
    expect(expected.y).toBeCloseTo(100 + ((49 + 56) * 300) / 336, 6);
  });

  it('caps the long side and keeps the geometry', async () => {
    const { map } = await checkHotPatch({ width: 6000, height: 4500 }, 8, 8, undefined, 1024);
    expect([map.width, map.height]).toEqual([1024, 768]);
  });

  it('is 0 outside the analysed region and interpolates inside it', async () => {
    const original = { width: 400, height: 300 };
    const crop = { left: 100, top: 50, width: 200, height: 200 };
    const t = planTransform(original, OPENAI_CLIP_INPUT, crop);
    const map = await renderFakenessMap(new Float32Array(256).fill(0.5), GRID, t, original);
    const { data } = await greyPixels(map.greyPng);
    expect(data[0]).toBe(0);
    expect(data[299 * 400 + 399]).toBe(0);
    expect(data[150 * 400 + 200]).toBe(128); // round(0.5 · 255)
    expect(data[50 * 400 + 99]).toBe(0);
    expect(data[50 * 400 + 100]).toBe(128);
    expect(data[249 * 400 + 299]).toBe(128);
    expect(data[250 * 400 + 299]).toBe(0);
  });

  it('refuses a grid/transform that does not fit', async () => {
    const t = planTransform({ width: 100, height: 100 }, OPENAI_CLIP_INPUT);
    await expect(
      renderFakenessMap(new Float32Array(10), GRID, t, { width: 100, height: 100 }),
    ).rejects.toThrow(/10 patch values/);
    await expect(
      renderFakenessMap(new Float32Array(256), GRID, t, { width: 99, height: 100 }),
    ).rejects.toThrow(/transform is for a 100×100 image/);
  });
});

describe('image → preprocess → detector → map, end to end', () => {
  it('lights up where the red square is in the original photo, whole image and face crop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loupe-heatmap-'));
    const registry = await ModelRegistry.load((writeTestDetector(root, { id: 'red' }), root));
    try {
      const detector = registry.get('red')!;
      // Grey 900×600 photo with a red 60×60 square at (600, 200): the test model's p(fake) is
      // high where the red channel is high, so the map must peak on the square.
      const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#404040' } })
        .composite([
          {
            input: { create: { width: 60, height: 60, channels: 3, background: '#ff0000' } },
            left: 600,
            top: 200,
          },
        ])
        .png()
        .toBuffer();
      for (const crop of [undefined, { left: 450, top: 100, width: 300, height: 250 }]) {
        const { tensor, transform } = await preprocessForDetector(photo, detector.manifest.input, crop);
        const [out] = await runDetector(detector, [tensor]);
        const map = await renderFakenessMap(out!.patchFake!, out!.grid!, transform, {
          width: 900,
          height: 600,
        });
        const { data } = await greyPixels(map.greyPng);
        let max = 0;
        for (const v of data) max = Math.max(max, v);
        let sum = 0;
        let cx = 0;
        let cy = 0;
        for (let i = 0; i < data.length; i++) {
          if (data[i]! < max * 0.9) continue;
          sum++;
          cx += (i % 900) + 0.5;
          cy += Math.floor(i / 900) + 0.5;
        }
        expect(Math.abs(cx / sum - 630), JSON.stringify(crop)).toBeLessThan(15);
        expect(Math.abs(cy / sum - 230), JSON.stringify(crop)).toBeLessThan(15);
      }
    } finally {
      await registry.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('renderOverlay', () => {
  it('colour-maps inside the analysed region and dims the rest, at the map size', async () => {
    const original = { width: 400, height: 300 };
    const photo = {
      data: new Uint8Array(400 * 300 * 3).fill(200),
      width: 400,
      height: 300,
    };
    const t = planTransform(original, OPENAI_CLIP_INPUT, { left: 100, top: 50, width: 200, height: 200 });
    const map = await renderFakenessMap(new Float32Array(256).fill(1), GRID, t, original);
    const png = await renderOverlay(map, photo, { alpha: 0.5 });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([400, 300, 3]);
    const at = (x: number, y: number) => Array.from(data.subarray((y * 400 + x) * 3, (y * 400 + x) * 3 + 3));
    const hot = Array.from(INFERNO.subarray(255 * 3)).map((c) => Math.round(0.5 * 200 + 0.5 * c));
    expect(at(200, 150)).toEqual(hot);
    expect(at(10, 10)).toEqual([100, 100, 100]);
    // From the PNG alone the region is unknown: everything is coloured.
    const plain = await sharp(await renderOverlay(map.greyPng, photo, { alpha: 1 }))
      .raw()
      .toBuffer();
    expect(Array.from(plain.subarray(0, 3))).toEqual(Array.from(INFERNO.subarray(0, 3)));
  });

  it('resizes the photo to a capped map', async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const t = planTransform({ width: 300, height: 200 }, OPENAI_CLIP_INPUT);
    const map = await renderFakenessMap(
      new Float32Array(256),
      GRID,
      t,
      { width: 300, height: 200 },
      { maxLongSide: 150 },
    );
    const meta = await sharp(await renderOverlay(map, photo)).metadata();
    expect([meta.width, meta.height]).toEqual([150, 100]);
  });
});

describe('INFERNO', () => {
  it('is matplotlib inferno: 256 entries, black-purple to pale yellow, rising lightness', () => {
    expect(INFERNO.length).toBe(768);
    expect(Array.from(INFERNO.subarray(0, 3))).toEqual([0, 0, 4]);
    expect(Array.from(INFERNO.subarray(128 * 3, 129 * 3))).toEqual([188, 55, 84]);
    expect(Array.from(INFERNO.subarray(255 * 3))).toEqual([252, 255, 164]);
    const lum = (i: number) =>
      0.2126 * INFERNO[i * 3]! + 0.7152 * INFERNO[i * 3 + 1]! + 0.0722 * INFERNO[i * 3 + 2]!;
    for (let i = 1; i < 256; i++) expect(lum(i)).toBeGreaterThan(lum(i - 1) - 0.5);
    expect(lum(255)).toBeGreaterThan(lum(0) + 200);
  });
});
