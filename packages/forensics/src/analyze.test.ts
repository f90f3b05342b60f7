import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { chooseElaQuality } from './analyze.ts';
import {
  ForensicsInputError,
  analyzeForensics,
  errorLevelAnalysis,
  noiseResidual,
  perceptualHashes,
} from './index.ts';
import { SAMPLE_PHOTOS, rawToSharp, sceneRgb } from './testing/scene.ts';

const sample1 = readFileSync(SAMPLE_PHOTOS[0] ?? '');

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid, tiny PNG whose header declares 100,000 × 100,000 grey pixels (a decompression bomb). */
function hugePng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1000))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

async function corruptPng(): Promise<Buffer> {
  const png = await rawToSharp(sceneRgb(64, 64, 1), 64, 64)
    .png()
    .toBuffer();
  const bad = Buffer.from(png);
  for (let i = 60; i < 200; i++) bad[i] = (bad[i] ?? 0) ^ 0x5a;
  return bad;
}

const badInputs: [string, () => Buffer | Promise<Buffer>, RegExp][] = [
  ['a zero-byte file', () => Buffer.alloc(0), /empty/],
  ['a truncated JPEG', () => sample1.subarray(0, sample1.length >> 1), /premature end/i],
  ['a corrupt PNG', corruptPng, /Cannot decode image/],
  ['a PNG declaring 100,000×100,000 px', hugePng, /pixel limit/],
  ['bytes that are no image', () => Buffer.from('%PDF-1.7 not really'), /unsupported image format/],
  [
    'an SVG (not an allowed format)',
    () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'),
    /unsupported image format/,
  ],
];

describe('bad input', () => {
  it.each(badInputs)(
    'rejects %s with ForensicsInputError from every decoding entry point',
    async (_n, make, why) => {
      const input = await make();
      for (const run of [analyzeForensics, errorLevelAnalysis, noiseResidual, perceptualHashes]) {
        const error = await run(input).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ForensicsInputError);
        expect((error as Error).message).toMatch(/^Cannot decode image: /);
        expect((error as Error).message).toMatch(why);
      }
    },
  );

  it('keeps working after hostile input', async () => {
    await expect(analyzeForensics(hugePng())).rejects.toBeInstanceOf(ForensicsInputError);
    const small = await sharp(sample1).resize({ width: 320 }).jpeg().toBuffer();
    await expect(analyzeForensics(small)).resolves.toMatchObject({ width: 320, height: 213 });
  });
});

describe('analyzeForensics', () => {
  it('reports every signal for a real photo, with maps at its full resolution', async () => {
    const r = await analyzeForensics(sample1);
    expect(r).toMatchObject({ width: 1920, height: 1280, format: 'jpeg' });
    expect(r.maps.map((m) => [m.kind, m.width, m.height])).toEqual([
      ['ELA', 1920, 1280],
      ['NOISE', 1920, 1280],
    ]);
    for (const m of r.maps) {
      expect(m.stats.mean).toBeGreaterThanOrEqual(0);
      expect(m.stats.max).toBeLessThanOrEqual(1);
      expect(typeof m.params.method).toBe('string');
    }
    expect(r.maps[0]?.params).toMatchObject({ quality: 90, qualityChoice: 'default 90' });
    expect(r.jpeg).toMatchObject({ isJpeg: true, estimatedQuality: 60, subsampling: '4:2:2' });
    expect(r.metadata.camera.make).toBe('SONY');
    expect(r.hashes.phash).toMatch(/^[01]{64}$/);
    expect(Object.keys(r.timingsMs)).toEqual(
      expect.arrayContaining(['decode', 'jpeg', 'ela', 'noise', 'metadata', 'hashes', 'total']),
    );
    expect(JSON.parse(JSON.stringify({ ...r, maps: [] }))).toMatchObject({ format: 'jpeg' });
  });

  it('caps the maps’ long side at maxLongSide', async () => {
    const r = await analyzeForensics(sample1, { maxLongSide: 960 });
    expect(r.maps.map((m) => [m.width, m.height])).toEqual([
      [960, 640],
      [960, 640],
    ]);
    expect(r).toMatchObject({ width: 1920, height: 1280 });
    await expect(analyzeForensics(sample1, { maxLongSide: 0 })).rejects.toThrow(RangeError);
  });

  it('reports sizes and maps in display orientation', async () => {
    const stored = await rawToSharp(sceneRgb(120, 80, 5), 120, 80)
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const r = await analyzeForensics(stored);
    expect([r.width, r.height]).toEqual([80, 120]);
    for (const m of r.maps) {
      expect([m.width, m.height]).toEqual([80, 120]);
      expect(await sharp(m.overlayPng!).metadata()).toMatchObject({ width: 80, height: 120 });
      expect(m.params.orientation).toMatch(/EXIF orientation 6/);
    }
    // The dimension check compares EXIF with the stored (unrotated) size.
    expect(r.metadata.contradictions.filter((c) => c.startsWith('EXIF dimensions'))).toEqual([]);
  });

  it('analyses a file last saved near quality 90 with ELA at 75, and says why', async () => {
    const q90 = await rawToSharp(sceneRgb(96, 64, 6), 96, 64)
      .jpeg({ quality: 90 })
      .toBuffer();
    const r = await analyzeForensics(q90);
    expect(r.maps[0]?.params.quality).toBe(75);
    expect(String(r.maps[0]?.params.qualityChoice)).toMatch(/nearly idempotent/);
    expect(chooseElaQuality(null).quality).toBe(90);
    expect(chooseElaQuality(60).quality).toBe(90);
    expect(chooseElaQuality(92).quality).toBe(75);
  });
});
