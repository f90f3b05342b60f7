import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OPENAI_CLIP_INPUT, planTransform } from '../preprocess/index.ts';
import { blendOverlay, blendTable, type PixelRect } from './blend.ts';
import { INFERNO, renderFakenessMap, renderOverlay } from './index.ts';

/** The overlay's per-pixel formula before the lookup table: the reference the table must equal. */
function reference(
  grey: Uint8Array,
  rgb: Uint8Array,
  width: number,
  height: number,
  r: PixelRect,
  alpha: number,
) {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const o = i * 3;
      for (let c = 0; c < 3; c++) {
        out[o + c] =
          x < r.x0 || x >= r.x1 || y < r.y0 || y >= r.y1
            ? rgb[o + c]! >> 1
            : Math.round((1 - alpha) * rgb[o + c]! + alpha * INFERNO[grey[i]! * 3 + c]!);
      }
    }
  }
  return out;
}

function random(length: number, seed: number): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
}

describe('blendTable', () => {
  it('at the default α = 0.5 is round-half-up of the mean, for every level, channel and photo value', () => {
    const table = blendTable(0.5);
    let wrong = 0;
    for (let level = 0; level < 256; level++) {
      for (let c = 0; c < 3; c++) {
        const colour = INFERNO[level * 3 + c]!;
        for (let v = 0; v < 256; v++) {
          // Halves are exact in binary and Math.round rounds them up: (v + colour + 1) >> 1.
          if (table[(level * 3 + c) * 256 + v] !== (v + colour + 1) >> 1) wrong++;
        }
      }
    }
    expect(wrong).toBe(0);
  });

  it('equals the float formula for other α too', () => {
    for (const alpha of [0, 0.3, 0.37, 0.8, 1]) {
      const table = blendTable(alpha);
      let wrong = 0;
      for (let lc = 0; lc < 768; lc++) {
        for (let v = 0; v < 256; v++) {
          if (table[lc * 256 + v] !== Math.round((1 - alpha) * v + alpha * INFERNO[lc]!)) wrong++;
        }
      }
      expect(wrong, `α = ${alpha}`).toBe(0);
    }
  });
});

describe('blendOverlay', () => {
  it('gives the reference formula’s pixels on a random map, inside, outside and across the region', () => {
    const [width, height] = [97, 61];
    const grey = random(width * height, 1);
    const rgb = random(width * height * 3, 2);
    const rects: PixelRect[] = [
      { x0: 10, x1: 70, y0: 5, y1: 40 },
      { x0: -3, x1: 200, y0: -1, y1: 61 },
      { x0: 50, x1: 20, y0: 0, y1: 10 }, // empty
      { x0: 0, x1: width, y0: 0, y1: height },
    ];
    for (const alpha of [0.5, 0.3, 1]) {
      for (const r of rects) {
        const fast = blendOverlay(grey, rgb, width, height, r, alpha);
        expect(Buffer.from(fast).equals(Buffer.from(reference(grey, rgb, width, height, r, alpha)))).toBe(
          true,
        );
      }
    }
  });
});

describe('renderOverlay', () => {
  it('from the map’s pixels gives the pixels it gives from the grey PNG', async () => {
    const original = { width: 240, height: 170 };
    const photo = { data: random(240 * 170 * 3, 3), width: 240, height: 170 };
    const t = planTransform(original, OPENAI_CLIP_INPUT, { left: 30, top: 20, width: 150, height: 120 });
    const patchFake = Float32Array.from(random(256, 4), (v) => v / 255);
    const map = await renderFakenessMap(patchFake, [16, 16], t, original);
    expect(map.pixels).toBeDefined();
    const decoded = await sharp(map.greyPng).extractChannel(0).raw().toBuffer();
    expect(decoded.equals(Buffer.from(map.pixels!))).toBe(true);
    const fromPixels = await sharp(await renderOverlay(map, photo))
      .raw()
      .toBuffer();
    const fromPng = await sharp(await renderOverlay({ ...map, pixels: undefined }, photo))
      .raw()
      .toBuffer();
    expect(fromPixels.equals(fromPng)).toBe(true);
  });
});
