import { describe, expect, it } from 'vitest';
import type { RgbImage } from './decode.ts';
import { INFERNO } from './inferno.ts';
import { overlayBase, overlayBaseAndGrey } from './map.ts';
import { DetailHistogram, computeNoise } from './noise.ts';
import { AreaMean, mapStats, measureMap, quantile, quantileOfCounts, toBytes } from './raster.ts';
import { overlayTable } from './render.ts';

// The pixel loops' cheaper forms against the plain forms they replaced: results must be identical.

function random(length: number, seed: number): Uint32Array {
  let s = seed;
  return Uint32Array.from({ length }, () => (s = (s * 1103515245 + 12345) >>> 0));
}

describe('overlayTable', () => {
  it('holds the integer blend (opacity in 1/256ths, pre-multiplied colour) for every level and grey', () => {
    const table = overlayTable();
    let wrong = 0;
    for (let v = 0; v < 256; v++) {
      const a = Math.round((0.2 + (0.6 * v) / 255) * 256);
      for (let grey = 0; grey < 256; grey++) {
        const packed = table[(v << 8) | grey]!;
        for (let c = 0; c < 3; c++) {
          if (((packed >> (8 * c)) & 255) !== (grey * (256 - a) + INFERNO[v * 3 + c]! * a) >> 8) wrong++;
        }
        if (packed >>> 24 !== 0) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });
});

describe('measureMap', () => {
  it('equals mapStats and toBytes, out-of-range values included', () => {
    const r = random(50_000, 7);
    const values = Float32Array.from(r, (u, i) => (i % 97 === 0 ? (u / 2 ** 32) * 3 - 1 : u / 2 ** 32));
    const { stats, bytes } = measureMap(values);
    expect(stats).toEqual(mapStats(values));
    expect(Buffer.from(bytes).equals(Buffer.from(toBytes(values)))).toBe(true);
  });

  it('counts in two histograms as one would: odd lengths, runs of one value and NaN included', () => {
    // The plain one-histogram pass it replaced, and the percentile read from its histogram.
    const plain = (values: Float32Array) => {
      const hist = new Uint32Array(65536);
      let sum = 0;
      let max = 0;
      for (const v of values) {
        sum += v;
        if (v > max) max = v;
        hist[v <= 0 ? 0 : v >= 1 ? 65535 : (v * 65535 + 0.5) | 0]!++;
      }
      const target = Math.max(1, Math.ceil(values.length * 0.99));
      let seen = 0;
      for (let b = 0; b < 65536; b++) if ((seen += hist[b]!) >= target) return [sum, max, b / 65535];
      return [sum, max, 1];
    };
    const round = (v: number) => Math.round(v * 1e4) / 1e4;
    for (const length of [1, 2, 7, 4_097]) {
      const r = random(length, length);
      // Runs of 16 equal values (a noise map's blocks), some out of range, one NaN.
      const values = Float32Array.from(
        { length },
        (_, i) => r[i - (i % 16)]! / 2 ** 32 - (i % 61 === 5 ? 0.5 : 0),
      );
      if (length > 3) values[3] = NaN;
      const [sum, max, p99] = plain(values);
      const { stats } = measureMap(values);
      expect(stats).toEqual({ mean: round(sum! / length), p99: round(p99!), max: round(max!) });
      expect(quantile(values, 0.99, 1)).toBe(p99);
    }
  });
});

describe('quantileOfCounts', () => {
  it('equals quantile over the pixels the counts stand for', () => {
    const value = Float32Array.from({ length: 766 }, (_, k) => k / 3);
    const r = random(766, 3);
    // Skewed like an ELA map: most pixels at low levels, a few high ones.
    const counts = Uint32Array.from(r, (u, k) => (k < 40 ? u % 5000 : k % 7 === 0 ? u % 3 : 0));
    const pixels = Float32Array.from(Array.from(counts).flatMap((c, k) => Array<number>(c).fill(value[k]!)));
    for (const q of [0.5, 0.99, 0.995, 1]) {
      expect(quantileOfCounts(counts, value, q, 255)).toBe(quantile(pixels, q, 255));
    }
  });
});

describe('DetailHistogram', () => {
  /** The sort-based grouped median it replaced. */
  function sorted(values: number[]): number {
    const v = Float64Array.from(values).sort();
    const half = v.length / 2;
    const m = v[Math.min(v.length - 1, Math.floor(half))]!;
    const below = v.filter((x) => x < m).length;
    const equal = v.filter((x) => x === m).length;
    return (m === 0 ? 0 : m - 0.5) + ((half - below) / equal) * (m === 0 ? 0.5 : 1);
  }

  it('gives the sorted grouped median, block after block', () => {
    const details = new DetailHistogram();
    const r = random(40_000, 11);
    let k = 0;
    for (const n of [1, 2, 3, 64, 64, 225, 7, 64, 120]) {
      for (const spread of [1, 4, 60, 511]) {
        const block = Array.from({ length: n }, () => r[k++ % r.length]! % spread);
        for (const v of block) details.add(v);
        expect(details.takeGroupedMedian()).toBe(sorted(block));
        expect(details.count).toBe(0);
      }
    }
  });

  it("addBlock adds each 2×2 cell's |a − b − c + d|, as add() per cell did", () => {
    const w = 37;
    const grey = Uint8Array.from(random(w * 29, 5), (u) => u & 255);
    // Even and odd block sizes, at the raster's edges too (a trailing odd row or column is skipped).
    for (const [x0, x1, y0, y1] of [
      [0, 16, 0, 16],
      [16, 37, 0, 16],
      [3, 10, 20, 29],
      [0, 1, 0, 29],
    ] as const) {
      const one = new DetailHistogram();
      for (let y = y0; y + 1 < y1; y += 2) {
        for (let x = x0; x + 1 < x1; x += 2) {
          const i = y * w + x;
          one.add(Math.abs(grey[i]! - grey[i + 1]! - grey[i + w]! + grey[i + w + 1]!));
        }
      }
      const block = new DetailHistogram();
      block.addBlock(grey, w, x0, x1, y0, y1);
      expect(block.count).toBe(one.count);
      if (one.count) expect(block.takeGroupedMedian()).toBe(one.takeGroupedMedian());
    }
  });
});

describe('AreaMean.addRow', () => {
  it('equals accumulating into acc and calling endRow, at equal size and shrinking', () => {
    const [w, h] = [37, 23];
    const src = Int32Array.from(random(w * h, 5), (u) => u % 766);
    for (const [tw, th] of [
      [w, h],
      [10, 7],
      [37, 5],
      [1, 1],
    ] as const) {
      const a = new AreaMean(w, h, tw, th);
      const b = new AreaMean(w, h, tw, th);
      for (let y = 0; y < h; y++) {
        const row = src.subarray(y * w, (y + 1) * w);
        a.addRow(row, y);
        for (let x = 0; x < w; x++) b.acc[b.colBin[x]!]! += row[x]!;
        b.endRow(y);
      }
      expect(Buffer.from(a.out.buffer).equals(Buffer.from(b.out.buffer))).toBe(true);
    }
  });
});

describe('one grey-scale conversion per analysis', () => {
  it('noise from the overlay’s full-size grey equals noise converting on its own', async () => {
    const [width, height] = [83, 61];
    const data = Buffer.from(Uint8Array.from(random(width * height * 3, 9), (u) => u >>> 24));
    const img: RgbImage = { format: 'png', width, height, orientation: 6, data };
    const { base, grey } = await overlayBaseAndGrey(img, 4096);
    expect(Buffer.from(base).equals(Buffer.from(await overlayBase(img, 4096)))).toBe(true);
    expect(grey?.length).toBe(width * height);
    const shared = await computeNoise(img, 4096, grey);
    const own = await computeNoise(img, 4096);
    expect(Buffer.from(shared.values.buffer).equals(Buffer.from(own.values.buffer))).toBe(true);
    expect(shared.params).toEqual(own.params);
    // Downscaled maps keep no full-size copy.
    expect((await overlayBaseAndGrey(img, 40)).grey).toBeUndefined();
  });
});
