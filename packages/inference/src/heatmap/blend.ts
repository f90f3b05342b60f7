import { INFERNO } from './colormap.ts';

/** Map pixels [x0, x1) × [y0, y1) are coloured; the rest show the photo at half brightness. */
export interface PixelRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

let cached: { alpha: number; table: Uint8Array } | undefined;

/**
 * Every possible blended byte, at (level · 3 + channel) · 256 + photo value: the per-pixel formula
 * round((1 − α)·photo + α·inferno) evaluated once per distinct input (196 608 of them) rather than
 * three times per map pixel. The same float expression, so each entry equals the direct result for
 * any α. The last table is kept: every caller in the product uses the default α.
 */
export function blendTable(alpha: number): Uint8Array {
  if (cached?.alpha === alpha) return cached.table;
  const table = new Uint8Array(256 * 3 * 256);
  for (let lc = 0; lc < 768; lc++) {
    const colour = INFERNO[lc]!;
    for (let v = 0; v < 256; v++) table[lc * 256 + v] = Math.round((1 - alpha) * v + alpha * colour);
  }
  cached = { alpha, table };
  return table;
}

/**
 * RGB overlay of a one-channel map (`grey`, width × height) over a same-size RGB photo: inside `rect`
 * each channel is blendTable(α) of the map level and the photo value; outside it, photo >> 1.
 */
export function blendOverlay(
  grey: Uint8Array,
  rgb: Uint8Array,
  width: number,
  height: number,
  rect: PixelRect,
  alpha: number,
): Uint8Array {
  if (grey.length !== width * height || rgb.length !== grey.length * 3) {
    throw new RangeError('blendOverlay: map must be width×height and photo width×height×3');
  }
  const table = blendTable(alpha);
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const x0 = clamp(rect.x0, width);
  const x1 = Math.max(x0, clamp(rect.x1, width));
  const y0 = clamp(rect.y0, height);
  const y1 = Math.max(y0, clamp(rect.y1, height));
  const out = new Uint8Array(rgb.length);
  const dim = (from: number, to: number) => {
    for (let o = from; o < to; o++) out[o] = rgb[o]! >> 1;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (y < y0 || y >= y1) {
      dim(row * 3, (row + width) * 3);
      continue;
    }
    dim(row * 3, (row + x0) * 3);
    for (let i = row + x0, o = i * 3; i < row + x1; i++, o += 3) {
      const t = grey[i]! * 768;
      out[o] = table[t + rgb[o]!]!;
      out[o + 1] = table[t + 256 + rgb[o + 1]!]!;
      out[o + 2] = table[t + 512 + rgb[o + 2]!]!;
    }
    dim((row + x1) * 3, (row + width) * 3);
  }
  return out;
}
