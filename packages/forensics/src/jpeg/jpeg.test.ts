import { readFileSync } from 'node:fs';
import sharp, { type JpegOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PHOTOS, rawToSharp, rng, sceneRgb } from '../testing/scene.ts';
import { readJpegSignals } from './index.ts';
import { estimateIjgQuality, ijgTable } from './quality.ts';

const W = 512;
const H = 384;
const scene = sceneRgb(W, H, 7);
const encode = (quality: number, extra: JpegOptions = {}) =>
  rawToSharp(scene, W, H)
    .jpeg({ quality, ...extra })
    .toBuffer();
const recompress = async (first: number, second: number, extra: JpegOptions = {}) =>
  sharp(await encode(first))
    .jpeg({ quality: second, ...extra })
    .toBuffer();

describe('readJpegSignals: quantisation and quality', () => {
  it.each([75, 95, 50, 30])('estimates quality %i of a sharp-encoded image within ±2', async (q) => {
    const s = readJpegSignals(await encode(q));
    expect(s.isJpeg).toBe(true);
    expect(Math.abs((s.estimatedQuality ?? -100) - q)).toBeLessThanOrEqual(2);
  });

  it('returns the tables in natural (row-major) order, not zig-zag', async () => {
    const s = readJpegSignals(await encode(50));
    expect(s.quantizationTables.map((t) => t.id)).toEqual([0, 1]);
    const luma = s.quantizationTables[0]?.values ?? [];
    expect(luma).toHaveLength(64);
    // Annex K row 0 is 16 11 10 16 …, column 0 is 16 12 14 …; zig-zag order would give 16 11 12 14.
    expect(luma.slice(0, 8)).toEqual([16, 11, 10, 16, 24, 40, 51, 61]);
    expect(luma[8]).toBe(12);
    expect(luma[63]).toBe(99);
  });

  it('reads progressive mode and chroma subsampling from the frame header', async () => {
    expect(readJpegSignals(await encode(80))).toMatchObject({ progressive: false, subsampling: '4:2:0' });
    const p = readJpegSignals(await encode(80, { progressive: true, chromaSubsampling: '4:4:4' }));
    expect(p).toMatchObject({ progressive: true, subsampling: '4:4:4' });
    const grey = await rawToSharp(scene, W, H).toColourspace('b-w').jpeg().toBuffer();
    expect(readJpegSignals(grey)).toMatchObject({ subsampling: '4:0:0', quantizationTables: [{ id: 0 }] });
  });

  it('reads the camera-side facts of a real photo', () => {
    const s = readJpegSignals(readFileSync(SAMPLE_PHOTOS[0] ?? ''));
    expect(s).toMatchObject({ isJpeg: true, estimatedQuality: 60, progressive: false, subsampling: '4:2:2' });
  });
});

describe('estimateIjgQuality', () => {
  it('recovers every IJG quality exactly from its own tables', () => {
    // force_baseline: quality 1 would give steps of 800+, clamped to 255 as libjpeg does.
    expect(readJpegTablesAt(1).luma[0]).toBe(255);
    for (const q of [1, 10, 49, 50, 51, 77, 99, 100]) {
      const base = readJpegTablesAt(q);
      expect(estimateIjgQuality(base.luma, base.chroma)).toEqual({
        quality: q,
        distance: 0,
        comparedTables: 2,
      });
    }
  });
});

function readJpegTablesAt(q: number): { luma: number[]; chroma: number[] } {
  const annexLuma = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17,
    22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78,
    87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
  ];
  const annexChroma = [
    17,
    18,
    24,
    47,
    99,
    99,
    99,
    99,
    18,
    21,
    26,
    66,
    99,
    99,
    99,
    99,
    24,
    26,
    56,
    99,
    99,
    99,
    99,
    99,
    47,
    66,
    99,
    99,
    ...Array<number>(36).fill(99),
  ];
  return { luma: ijgTable(annexLuma, q), chroma: ijgTable(annexChroma, q) };
}

describe('readJpegSignals: double compression', () => {
  it('scores a q60-then-q90 image higher than a single q90 and flags only the former', async () => {
    const single = readJpegSignals(await encode(90)).doubleCompression;
    const double = readJpegSignals(await recompress(60, 90)).doubleCompression;
    expect(double?.score).toBeGreaterThan((single?.score ?? 1) + 0.3);
    expect(double?.suspected).toBe(true);
    expect(single?.suspected).toBe(false);
    expect(double?.method).toMatch(/histogram/);
    expect(double?.explanation).toMatch(/Score .* luma 8×8 blocks/);
    expect(double?.explanation).toMatch(/exactly libjpeg's at quality 90/);
  });

  it('decodes progressive files to the same coefficients as baseline ones', async () => {
    const baseline = readJpegSignals(await recompress(70, 85)).doubleCompression;
    const progressive = readJpegSignals(await recompress(70, 85, { progressive: true })).doubleCompression;
    expect(progressive?.score).toBe(baseline?.score);
    expect(baseline?.suspected).toBe(true);
  });

  it.each([1, 2, 3])('does not flag sample photo %i after resizing and a single save', async (i) => {
    const photo = readFileSync(SAMPLE_PHOTOS[i - 1] ?? '');
    const once = await sharp(photo).resize({ width: 960 }).jpeg({ quality: 85 }).toBuffer();
    expect(readJpegSignals(once).doubleCompression?.suspected).toBe(false);
    // The same photo saved again at a higher quality without resizing keeps its first quantisation.
    const twice = await sharp(photo).jpeg({ quality: 90 }).toBuffer();
    expect(readJpegSignals(twice).doubleCompression?.suspected).toBe(true);
  });
});

describe('readJpegSignals never throws', () => {
  const notJpeg = { isJpeg: false, doubleCompression: null, estimatedQuality: null, subsampling: null };
  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('not an image at all')],
    ['PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['SOI only', Buffer.from([0xff, 0xd8])],
  ])('returns isJpeg false for %s', (_name, input) => {
    expect(readJpegSignals(input)).toMatchObject(notJpeg);
  });

  it('returns partial information for a JPEG truncated anywhere', async () => {
    const jpeg = await encode(85, { progressive: true });
    for (let cut = 3; cut < jpeg.length; cut += Math.ceil(jpeg.length / 97)) {
      const s = readJpegSignals(jpeg.subarray(0, cut));
      expect(s.isJpeg).toBe(true);
      expect(s.doubleCompression).not.toBeNull();
    }
  });

  it('survives random corruption of the entropy-coded data and headers', async () => {
    const jpeg = await encode(85);
    const rand = rng(42);
    for (let trial = 0; trial < 60; trial++) {
      const bad = Buffer.from(jpeg);
      for (let k = 0; k < 1 + trial; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      expect(() => readJpegSignals(bad)).not.toThrow();
    }
  });

  it('does not allocate for a header that declares an enormous progressive frame', () => {
    // SOI, DQT (all ones), SOF2 65535×65535 with one component, SOS, EOI.
    const dqt = [0xff, 0xdb, 0x00, 0x43, 0x00, ...Array<number>(64).fill(1)];
    const sof = [0xff, 0xc2, 0x00, 0x0b, 0x08, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01, 0x11, 0x00];
    const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00];
    const s = readJpegSignals(Buffer.from([0xff, 0xd8, ...dqt, ...sof, ...sos, 0xff, 0xd9]));
    expect(s).toMatchObject({ isJpeg: true, progressive: true, estimatedQuality: 100, subsampling: '4:0:0' });
    expect(s.doubleCompression).toMatchObject({ suspected: false, score: 0 });
    expect(s.doubleCompression?.explanation).toMatch(/^Not evaluated/);
  });
});
