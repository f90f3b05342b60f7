import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ForensicsInputError } from './errors.ts';
import { dhashFromPixels, hammingDistance, perceptualHashes, phashFromPixels } from './hashes.ts';
import { SAMPLE_PHOTOS } from './testing/scene.ts';

const photos = SAMPLE_PHOTOS.map((p) => readFileSync(p));

describe('perceptualHashes', () => {
  it('gives 64-character bit strings', async () => {
    const h = await perceptualHashes(photos[0] ?? Buffer.alloc(0));
    expect(h.phash).toMatch(/^[01]{64}$/);
    expect(h.dhash).toMatch(/^[01]{64}$/);
  });

  it.each([0, 1, 2, 3, 4, 5])(
    'keeps photo %i within 8 bits after re-encoding at q60 and halving its size',
    async (i) => {
      const photo = photos[i] ?? Buffer.alloc(0);
      const copy = await sharp(photo).resize({ width: 960 }).jpeg({ quality: 60 }).toBuffer();
      const [a, b] = await Promise.all([perceptualHashes(photo), perceptualHashes(copy)]);
      expect(hammingDistance(a.phash, b.phash)).toBeLessThanOrEqual(8);
      expect(hammingDistance(a.dhash, b.dhash)).toBeLessThanOrEqual(8);
    },
  );

  it('separates every pair of different photos by at least 20 bits', async () => {
    const hashes = await Promise.all(photos.map((p) => perceptualHashes(p)));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        const a = hashes[i];
        const b = hashes[j];
        if (!a || !b) throw new Error('missing hash');
        expect(hammingDistance(a.phash, b.phash)).toBeGreaterThanOrEqual(20);
        expect(hammingDistance(a.dhash, b.dhash)).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('applies EXIF orientation first: a tagged file hashes like its rotated pixels', async () => {
    const photo = photos[1] ?? Buffer.alloc(0);
    const small = await sharp(photo).resize({ width: 480 }).raw().toBuffer({ resolveWithObject: true });
    const tagged = await sharp(small.data, { raw: small.info })
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer();
    const rotated = await sharp(small.data, { raw: small.info }).rotate(90).png().toBuffer();
    const plain = await sharp(small.data, { raw: small.info }).png().toBuffer();
    const [t, r, p] = await Promise.all([tagged, rotated, plain].map((b) => perceptualHashes(b)));
    if (!t || !r || !p) throw new Error('missing hash');
    // Not bit-identical: sharp may orient before or after shrinking, moving a near-median coefficient.
    expect(hammingDistance(t.phash, r.phash)).toBeLessThanOrEqual(2);
    expect(hammingDistance(t.dhash, r.dhash)).toBeLessThanOrEqual(2);
    expect(hammingDistance(t.phash, p.phash)).toBeGreaterThan(8);
  });

  it('follows the imagehash conventions on known pixels', () => {
    // A left-to-right ramp: every right neighbour is brighter, so every dHash bit is 1.
    const ramp = Uint8Array.from({ length: 72 }, (_, i) => (i % 9) * 20);
    expect(dhashFromPixels(ramp)).toBe('1'.repeat(64));
    // One horizontal cosine: after the DC term, the (row 0, column 1) coefficient dominates.
    const wave = Uint8Array.from(
      { length: 1024 },
      (_, i) => 128 + 100 * Math.cos((Math.PI * (2 * (i % 32) + 1)) / 64),
    );
    expect(phashFromPixels(wave).slice(0, 2)).toBe('11');
    expect(phashFromPixels(wave).slice(8, 9)).toBe('0');
  });

  it('rejects undecodable input with ForensicsInputError', async () => {
    await expect(perceptualHashes(Buffer.from('nope'))).rejects.toBeInstanceOf(ForensicsInputError);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000', '0000')).toBe(0);
    expect(hammingDistance('0101', '1100')).toBe(2);
  });

  it('refuses strings of different length or with other characters', () => {
    expect(() => hammingDistance('01', '011')).toThrow(RangeError);
    expect(() => hammingDistance('0a', '01')).toThrow(RangeError);
  });
});
