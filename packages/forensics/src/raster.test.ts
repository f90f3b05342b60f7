import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from './decode.ts';
import { AreaMean, boxMean, mapStats, orientRaster, quantile, toBytes } from './raster.ts';

describe('orientRaster', () => {
  // An asymmetric 5×3 grey image: every pixel distinct, so any wrong flip or transpose shows.
  const W = 5;
  const H = 3;
  const pixels = Uint8Array.from({ length: W * H }, (_, i) => 10 + i * 15);

  it.each([1, 2, 3, 4, 5, 6, 7, 8] as const)(
    'matches sharp’s EXIF auto-orientation for orientation %i',
    async (o) => {
      const png = await sharp(pixels, { raw: { width: W, height: H, channels: 1 } })
        .toColourspace('b-w')
        .withMetadata({ orientation: o })
        .png()
        .toBuffer();
      const decoded = await decodeRgb(png);
      expect(decoded.orientation).toBe(o);
      expect([decoded.width, decoded.height]).toEqual([W, H]);
      const stored = Uint8Array.from({ length: W * H }, (_, i) => decoded.data[i * 3] ?? 0);
      const ours = orientRaster(stored, W, H, o);
      const { data, info } = await sharp(png)
        .autoOrient()
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([ours.width, ours.height]).toEqual([info.width, info.height]);
      expect(Array.from(ours.data)).toEqual(Array.from(data));
    },
  );
});

describe('AreaMean', () => {
  it('is the identity at equal size and the exact block mean when shrinking', () => {
    const src = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]; // 4×4
    const run = (w: number, h: number) => {
      const bins = new AreaMean(4, 4, w, h);
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          const j = bins.colBin[x] ?? 0;
          bins.acc[j] = (bins.acc[j] ?? 0) + (src[y * 4 + x] ?? 0);
        }
        bins.endRow(y);
      }
      return Array.from(bins.out);
    };
    expect(run(4, 4)).toEqual(src);
    expect(run(2, 2)).toEqual([3.5, 5.5, 11.5, 13.5]);
    expect(run(3, 1)).toEqual([
      (1 + 5 + 9 + 13 + 2 + 6 + 10 + 14) / 8,
      (3 + 7 + 11 + 15) / 4,
      (4 + 8 + 12 + 16) / 4,
    ]);
  });
});

describe('map helpers', () => {
  it('boxMean averages the window clipped at the borders', () => {
    const out = boxMean(Float32Array.from([0, 0, 9, 0, 0]), 5, 1, 1);
    expect(Array.from(out)).toEqual([0, 3, 3, 3, 0]);
  });

  it('mapStats and quantile report mean, 99th percentile and max', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i / 999);
    expect(mapStats(values)).toEqual({ mean: 0.5, p99: 0.99, max: 1 });
    expect(quantile(Float32Array.from([0, 2, 4, 200]), 0.5, 255)).toBeCloseTo(2, 2);
  });

  it('toBytes rounds and clips', () => {
    expect(Array.from(toBytes(Float32Array.from([-1, 0, 0.5, 1, 2])))).toEqual([0, 0, 128, 255, 255]);
  });
});
