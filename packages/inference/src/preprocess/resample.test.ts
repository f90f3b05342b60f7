import { describe, expect, it } from 'vitest';
import { precomputeCoefficients, resizeBicubic, resizeBicubicJs, type PixelRect } from './resample.ts';
import { resampleModuleBytes, simdKernels, validateModule } from './simd.ts';

/** Deterministic LCG so failures are reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('precomputeCoefficients (Pillow precompute_coeffs + normalize_coeffs_8bpc)', () => {
  it('gives weights that sum to 2^22 (± rounding) and stretch with the downscale factor', () => {
    const c = precomputeCoefficients(1024, 224);
    expect(c.ksize).toBe(Math.ceil(2 * (1024 / 224)) * 2 + 1);
    for (let i = 0; i < 224; i++) {
      let sum = 0;
      for (let t = 0; t < c.len[i]!; t++) sum += c.weights[i * c.ksize + t]!;
      expect(Math.abs(sum - 2 ** 22)).toBeLessThanOrEqual(c.len[i]!);
    }
  });

  it('is the identity at scale 1', () => {
    const c = precomputeCoefficients(10, 10);
    for (let i = 0; i < 10; i++) {
      const taps = Array.from(c.weights.subarray(i * c.ksize, i * c.ksize + c.len[i]!));
      expect(taps[i - c.min[i]!]).toBe(2 ** 22);
      expect(taps.filter((w) => w !== 0)).toHaveLength(1);
    }
  });
});

describe('resizeBicubic', () => {
  it('assembles a valid WebAssembly SIMD module', () => {
    expect(validateModule(resampleModuleBytes())).toBe(true);
    expect(simdKernels()).not.toBeNull();
  });

  it('SIMD kernels and the plain-JS port agree byte for byte (random sizes, crops, windows)', () => {
    const rnd = rng(42);
    const int = (n: number) => Math.floor(rnd() * n);
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + int(300);
      const height = 1 + int(300);
      const data = new Uint8Array(width * height * 3);
      // Saturated values exercise clip8's clamping (bicubic overshoots at hard edges).
      for (let i = 0; i < data.length; i++) data[i] = rnd() < 0.2 ? (rnd() < 0.5 ? 0 : 255) : int(256);
      const left = int(width / 2);
      const top = int(height / 2);
      const region: PixelRect = {
        left,
        top,
        width: 1 + int(width - left - 1),
        height: 1 + int(height - top - 1),
      };
      // Sometimes keep one side unchanged: Pillow skips that pass entirely.
      const outW = rnd() < 0.3 ? region.width : 1 + int(250);
      const outH = rnd() < 0.3 ? region.height : 1 + int(250);
      const wl = int(outW);
      const wt = int(outH);
      const window = { left: wl, top: wt, width: 1 + int(outW - wl), height: 1 + int(outH - wt) };
      const image = { data, width, height };
      const simd = resizeBicubic(image, region, outW, outH, window);
      const js = resizeBicubicJs(image, region, outW, outH, window);
      expect(simd.length).toBe(window.width * window.height * 3);
      expect(
        Buffer.from(simd).equals(Buffer.from(js)),
        JSON.stringify({ width, height, region, outW, outH, window }),
      ).toBe(true);
    }
  });

  it('computing only a window gives the same pixels as cropping the full result', () => {
    const rnd = rng(7);
    const data = new Uint8Array(97 * 61 * 3).map(() => Math.floor(rnd() * 256));
    const image = { data, width: 97, height: 61 };
    const region = { left: 0, top: 0, width: 97, height: 61 };
    const full = resizeBicubicJs(image, region, 40, 25);
    const win = resizeBicubic(image, region, 40, 25, { left: 7, top: 3, width: 20, height: 20 });
    for (let y = 0; y < 20; y++) {
      const from = ((y + 3) * 40 + 7) * 3;
      expect(
        Buffer.from(win.subarray(y * 60, y * 60 + 60)).equals(Buffer.from(full.subarray(from, from + 60))),
      ).toBe(true);
    }
  });

  it('handles a source much larger than one 1 MiB strip', () => {
    const width = 2000;
    const height = 900;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const image = { data, width, height };
    const region = { left: 0, top: 0, width, height };
    const window = { left: 50, top: 0, width: 224, height: 224 };
    const a = resizeBicubic(image, region, 497, 224, window);
    const b = resizeBicubicJs(image, region, 497, 224, window);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
