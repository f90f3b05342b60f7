import sharp, { type Sharp } from 'sharp';

/** Deterministic PRNG (mulberry32) so every synthetic image is identical from run to run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Smooth random field in −1..1: random values on a coarse grid, bilinearly interpolated. */
function valueNoise(width: number, height: number, cell: number, rand: () => number): Float32Array {
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => rand() * 2 - 1);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const g = (i: number, j: number) => grid[(y0 + j) * gw + x0 + i] ?? 0;
      out[y * width + x] =
        (g(0, 0) * (1 - fx) + g(1, 0) * fx) * (1 - fy) + (g(0, 1) * (1 - fx) + g(1, 1) * fx) * fy;
    }
  }
  return out;
}

/**
 * A photo-like raw RGB scene: colour gradients, multi-scale texture and per-pixel "sensor" noise of
 * standard deviation `noise` levels. Texture is random rather than periodic so JPEG coefficient
 * histograms are smooth, as they are for real photographs.
 */
export function sceneRgb(width: number, height: number, seed = 1, noise = 3): Buffer {
  const rand = rng(seed);
  const fields = [64, 16, 4].map((cell) => valueNoise(width, height, cell, rand));
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const t = (fields[0]?.[i] ?? 0) * 60 + (fields[1]?.[i] ?? 0) * 25 + (fields[2]?.[i] ?? 0) * 12;
      const base = [90 + (100 * x) / width, 120 + (60 * y) / height, 150 - (80 * x) / width];
      for (let c = 0; c < 3; c++) {
        // Sum of uniforms ≈ Gaussian with the requested standard deviation.
        const n = (rand() + rand() + rand() + rand() - 2) * noise * Math.sqrt(3);
        out[i * 3 + c] = Math.max(0, Math.min(255, Math.round((base[c] ?? 0) + t * (1 - 0.2 * c) + n)));
      }
    }
  }
  return out;
}

export function rawToSharp(rgb: Buffer, width: number, height: number): Sharp {
  return sharp(rgb, { raw: { width, height, channels: 3 } });
}

/** The scene as a JPEG at `quality` (sharp's libjpeg-compatible Annex K tables). */
export async function sceneJpeg(width: number, height: number, quality: number, seed = 1): Promise<Buffer> {
  return rawToSharp(sceneRgb(width, height, seed), width, height)
    .jpeg({ quality })
    .toBuffer();
}

export const SAMPLE_PHOTOS = [1, 2, 3, 4, 5, 6].map(
  (i) =>
    new URL(`../../../../node_modules/@vladmandic/face-api/demo/sample${i}.jpg`, import.meta.url).pathname,
);

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Copies `rect` of `src` into a copy of `dst` (both raw RGB of the same size). */
export function paste(dst: Buffer, src: Buffer, width: number, rect: Rect): Buffer {
  const out = Buffer.from(dst);
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    const from = (y * width + rect.left) * 3;
    src.copy(out, from, from, from + rect.width * 3);
  }
  return out;
}

/**
 * Mean of a grey-scale PNG inside `rect` and outside it, leaving out a `margin`-pixel band around the
 * rectangle where block- and window-based maps legitimately bleed across the edge.
 */
export async function insideOutsideMeans(png: Buffer, rect: Rect, margin = 16): Promise<[number, number]> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let inSum = 0;
  let inCount = 0;
  let outSum = 0;
  let outCount = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const v = data[y * info.width + x] ?? 0;
      const inside =
        x >= rect.left && x < rect.left + rect.width && y >= rect.top && y < rect.top + rect.height;
      const near =
        x >= rect.left - margin &&
        x < rect.left + rect.width + margin &&
        y >= rect.top - margin &&
        y < rect.top + rect.height + margin;
      if (inside) {
        inSum += v;
        inCount++;
      } else if (!near) {
        outSum += v;
        outCount++;
      }
    }
  }
  return [inSum / inCount, outSum / outCount];
}
