import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJpegSignals, summarizeMetadata } from '@loupe/forensics';
import { createOrtFaceDetector, type FaceDetector } from '@loupe/inference';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSources, makeBenchmarkSet, type MadeSet } from './index.ts';

let faces: FaceDetector;
let dir: string;
let set: MadeSet;

beforeAll(async () => {
  faces = await createOrtFaceDetector({ log: () => {} });
  dir = mkdtempSync(join(tmpdir(), 'loupe-made-set-'));
  set = await makeBenchmarkSet({ outDir: dir, faces, sources: defaultSources().slice(0, 3) });
}, 120_000);

afterAll(async () => {
  await faces?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pixels(rel: string) {
  return sharp(join(dir, rel)).raw().toBuffer({ resolveWithObject: true });
}

describe('eval:make-set', () => {
  it('labels every file with its family and split, in labels.csv too', () => {
    const families = new Map<string, number>();
    for (const it of set.items) families.set(it.family, (families.get(it.family) ?? 0) + 1);
    expect(Object.fromEntries(families)).toEqual({
      real: 18,
      double_jpeg: 6,
      copy_move: 6,
      splice: 6,
      face_swap: 6,
      metadata_edit: 6,
    });
    for (const it of set.items) {
      expect(it.label).toBe(it.family === 'real' ? 0 : 1);
      expect(it.file.startsWith(it.label ? `fake/${it.family}/` : 'real/')).toBe(true);
    }
    const csv = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('file,label,family,split');
    expect(csv).toHaveLength(set.items.length + 1);
    expect(new Set(set.items.map((i) => i.split))).toEqual(new Set(['calibration', 'test']));
  });

  it('swaps a face only inside the face: the rest of the picture is the real one', async () => {
    const fake = set.items.find((i) => i.family === 'face_swap')!;
    const source = fake.file.split('/').pop()!.split('-')[0]!;
    const a = await pixels(fake.file);
    const b = await pixels(`real/${source}-r1024q90.jpg`);
    expect([a.info.width, a.info.height]).toEqual([b.info.width, b.info.height]);
    let changed = 0;
    for (let i = 0; i < a.data.length; i += 3) {
      if (Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) > 40) changed++;
    }
    const share = changed / (a.info.width * a.info.height);
    // Something was replaced, and it is a face-sized part of the picture, not the whole of it.
    expect(changed).toBeGreaterThan(200);
    expect(share).toBeLessThan(0.05);
  });

  it('double-compresses double_jpeg fakes and leaves reals single-compressed at the stated quality', () => {
    const dj = set.items.find((i) => i.family === 'double_jpeg' && i.file.includes('q60-q90'))!;
    const real = set.items.find((i) => i.file.endsWith('r1024q75.jpg'))!;
    expect(readJpegSignals(readFileSync(join(dir, dj.file))).estimatedQuality).toBe(90);
    expect(readJpegSignals(readFileSync(join(dir, real.file))).estimatedQuality).toBe(75);
  });

  it('rewrites only the EXIF of metadata_edit fakes, in ways the metadata rules can read', async () => {
    const edit = set.items.find((i) => i.file.includes('metadata_edit') && i.file.includes('backdated'))!;
    const bytes = readFileSync(join(dir, edit.file));
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const summary = await summarizeMetadata(bytes, { width: info.width, height: info.height });
    expect(summary.contradictions.join(' ')).toMatch(/ModifyDate is earlier than DateTimeOriginal/);
    expect(data.length).toBeGreaterThan(0);
    const swap = set.items.find((i) => i.file.includes('camera-swap'))!;
    const s2 = await summarizeMetadata(readFileSync(join(dir, swap.file)));
    expect(s2.software).toMatch(/Photoshop/);
    // Same pixels as the real resized at q90: only the EXIF differs.
    const source = edit.file.split('/').pop()!.split('-')[0]!;
    const real = await pixels(`real/${source}-r1024q90.jpg`);
    expect(Buffer.compare(data, real.data)).toBe(0);
  });
});
