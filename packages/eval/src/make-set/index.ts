/**
 * A labelled benchmark set Loupe makes itself from photos already on disk (face-api's demo photos,
 * shipped in its npm package): augmented reals and fakes of named families. Nothing is downloaded.
 * Deterministic: the same sources give byte-identical files. Recipes: docs/evaluation.md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { FaceDetector } from '@loupe/inference';
import { EvalInputError } from '../errors.ts';
import { seededRandom } from '../summary.ts';
import {
  blend,
  blurMask,
  convexHull,
  fillConvex,
  fillRect,
  fitSimilarity,
  matchColours,
  shifted,
  warpSimilarity,
  type Rgb,
} from './image-ops.ts';

export const SET_VERSION = 'loupe-made-v1';
export const FAMILIES = ['face_swap', 'splice', 'copy_move', 'double_jpeg', 'metadata_edit'] as const;
export type Family = (typeof FAMILIES)[number];

export interface MadeItem {
  /** Relative to the set folder, '/'-separated. */
  file: string;
  label: 0 | 1;
  family: 'real' | Family;
  /** Sources 1–2 (by index) are the calibration split, the rest the test split. */
  split: 'calibration' | 'test';
  recipe: string;
}

export interface MadeSet {
  dir: string;
  items: MadeItem[];
  sources: { file: string; sha256: string }[];
  /** Faces that could not be swapped (no face found), said plainly rather than skipped silently. */
  notes: string[];
}

/** The demo photos of @vladmandic/face-api, found through its installed package. */
export function defaultSources(): string[] {
  const dir = join(
    dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
    'demo',
  );
  return [1, 2, 3, 4, 5, 6].map((i) => join(dir, `sample${i}.jpg`));
}

/** The APP1 "Exif" segment of a JPEG, or null. */
export function exifSegment(jpeg: Buffer): Buffer | null {
  let p = 2;
  while (p + 4 <= jpeg.length && jpeg[p] === 0xff) {
    const marker = jpeg[p + 1]!;
    const len = jpeg.readUInt16BE(p + 2);
    if (marker === 0xe1 && jpeg.toString('latin1', p + 4, p + 10) === 'Exif\0\0')
      return jpeg.subarray(p, p + 2 + len);
    if (marker === 0xda) break;
    p += 2 + len;
  }
  return null;
}

/** `jpeg` with `segment` inserted right after SOI (no pixel is touched). */
function withSegment(jpeg: Buffer, segment: Buffer | null): Buffer {
  return segment ? Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]) : jpeg;
}

async function toRgb(input: Buffer | string, longSide: number): Promise<Rgb> {
  const { data, info } = await sharp(input)
    .rotate()
    .resize({ width: longSide, height: longSide, fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

function jpeg(img: Rgb, quality: number): Promise<Buffer> {
  return sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality, chromaSubsampling: '4:2:0' })
    .toBuffer();
}

async function decodeRgb(bytes: Buffer): Promise<Rgb> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

function crop(img: Rgb, x: number, y: number, w: number, h: number): Rgb {
  const out = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) {
    out.set(img.data.subarray(((y + r) * img.width + x) * 3, ((y + r) * img.width + x + w) * 3), r * w * 3);
  }
  return { data: out, width: w, height: h };
}

function copy(img: Rgb): Rgb {
  return { data: Uint8Array.from(img.data), width: img.width, height: img.height };
}

const BASE_SIDE = 1024;

/**
 * Writes the set into `outDir`: `real/*.jpg`, `fake/<family>/*.jpg`, `labels.csv`
 * (file,label,family,split) and `set.json` (sources with SHA-256, recipe per file).
 */
export async function makeBenchmarkSet(opts: {
  outDir: string;
  faces: FaceDetector;
  sources?: string[];
  log?: (line: string) => void;
}): Promise<MadeSet> {
  const sources = opts.sources ?? defaultSources();
  if (sources.length < 2)
    throw new EvalInputError('the set needs at least two source photos (swaps and splices mix two)');
  const log = opts.log ?? (() => {});
  const random = seededRandom(20261202);
  const items: MadeItem[] = [];
  const notes: string[] = [];
  const write = (rel: string, bytes: Buffer, item: Omit<MadeItem, 'file'>) => {
    mkdirSync(dirname(join(opts.outDir, rel)), { recursive: true });
    writeFileSync(join(opts.outDir, rel), bytes);
    items.push({ file: rel, ...item });
  };

  const loaded = [];
  for (const [i, file] of sources.entries()) {
    const bytes = readFileSync(file);
    const meta = await sharp(bytes).metadata();
    // The original EXIF travels with every derived file (as most tools keep it), unless the
    // picture was rotated by its orientation tag, which would then be wrong.
    const exif = (meta.orientation ?? 1) <= 1 ? exifSegment(bytes) : null;
    const base = await toRgb(bytes, BASE_SIDE);
    const found = await opts.faces.detect(base, { withDescriptors: true, maxFaces: 1 });
    const face = found[0]?.landmarks ? found[0] : null;
    if (!face) notes.push(`${file}: no face with landmarks found; it is not used in face swaps`);
    loaded.push({
      index: i,
      name: `s${i + 1}`,
      file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      exif,
      base,
      face,
      split: (i < 2 ? 'calibration' : 'test') as MadeItem['split'],
    });
  }

  for (const s of loaded) {
    log(`source ${s.name}: ${s.base.width}×${s.base.height}, ${s.face ? 'face found' : 'no face'}`);
    const real = (rel: string, bytes: Buffer, recipe: string) =>
      write(`real/${s.name}-${rel}.jpg`, withSegment(bytes, s.exif), {
        label: 0,
        family: 'real',
        split: s.split,
        recipe,
      });
    const fake = (family: Family, rel: string, bytes: Buffer, recipe: string, exif = s.exif) =>
      write(`fake/${family}/${s.name}-${rel}.jpg`, withSegment(bytes, exif), {
        label: 1,
        family,
        split: s.split,
        recipe,
      });

    // Reals: one JPEG compression of a resampled or grid-shifted picture, as photos are shared.
    real('r1024q90', await jpeg(s.base, 90), 'resize long side 1024, JPEG q90');
    real('r1024q75', await jpeg(s.base, 75), 'resize long side 1024, JPEG q75');
    real('r800q85', await jpeg(await toRgb(s.file, 800), 85), 'resize long side 800, JPEG q85');
    real('r640q95', await jpeg(await toRgb(s.file, 640), 95), 'resize long side 640, JPEG q95');
    const c1 = crop(s.base, 13, 7, Math.floor(s.base.width * 0.8), Math.floor(s.base.height * 0.8));
    real('crop80q92', await jpeg(c1, 92), 'resize 1024, crop 80 % at (13, 7), JPEG q92');
    const c2 = crop(s.base, 37, 21, Math.floor(s.base.width * 0.6), Math.floor(s.base.height * 0.6));
    real('crop60q88', await jpeg(c2, 88), 'resize 1024, crop 60 % at (37, 21), JPEG q88');

    // Double JPEG: compressed at a low quality, decoded, compressed again at a higher one, same grid.
    for (const [q1, q2] of [
      [60, 90],
      [75, 95],
    ] as const) {
      const first = await jpeg(s.base, q1);
      fake(
        'double_jpeg',
        `q${q1}-q${q2}`,
        await jpeg(await decodeRgb(first), q2),
        `resize 1024, JPEG q${q1}, then JPEG q${q2} (aligned)`,
      );
    }

    // Copy-move: a region of the picture pasted elsewhere in it, edges feathered.
    for (let k = 0; k < 2; k++) {
      const w = Math.round(s.base.width * (0.15 + 0.1 * random()));
      const h = Math.round(s.base.height * (0.15 + 0.1 * random()));
      const x = Math.floor(random() * (s.base.width - w));
      const y = Math.floor(random() * (s.base.height - h));
      let dx = 0;
      let dy = 0;
      // Move by at least the region's size so copy and original do not overlap.
      for (let tries = 0; tries < 50; tries++) {
        dx = Math.floor(random() * s.base.width) - x;
        dy = Math.floor(random() * s.base.height) - y;
        const inside =
          x + dx >= 0 && y + dy >= 0 && x + dx + w <= s.base.width && y + dy + h <= s.base.height;
        if (inside && (Math.abs(dx) >= w || Math.abs(dy) >= h)) break;
      }
      const out = copy(s.base);
      const mask = fillRect(out.width, out.height, { x: x + dx, y: y + dy, w, h });
      blurMask(mask, out.width, out.height, 2);
      blend(out, shifted(s.base, dx, dy), mask);
      fake(
        'copy_move',
        `cm${k + 1}`,
        await jpeg(out, 90),
        `copy ${w}×${h} at (${x}, ${y}) moved by (${dx}, ${dy}), feather 2 px, JPEG q90`,
      );
    }

    // Splice: a region of another photo, at another scale, pasted in, edges feathered.
    for (let k = 0; k < 2; k++) {
      const donor = loaded[(s.index + 1 + k) % loaded.length]!;
      const scale = 0.7 + 0.6 * random();
      const d = await toRgb(donor.file, Math.round(BASE_SIDE * scale));
      const w = Math.min(d.width, Math.round(s.base.width * (0.2 + 0.15 * random())));
      const h = Math.min(d.height, Math.round(s.base.height * (0.2 + 0.15 * random())));
      const sx = Math.floor(random() * (d.width - w));
      const sy = Math.floor(random() * (d.height - h));
      const x = Math.floor(random() * (s.base.width - w));
      const y = Math.floor(random() * (s.base.height - h));
      const out = copy(s.base);
      const mask = fillRect(out.width, out.height, { x, y, w, h });
      blurMask(mask, out.width, out.height, 3);
      blend(out, shifted(d, x - sx, y - sy, out.width, out.height), mask);
      fake(
        'splice',
        `sp${k + 1}-${donor.name}`,
        await jpeg(out, 90),
        `${w}×${h} from ${donor.name} (scale ${scale.toFixed(2)}) at (${sx}, ${sy}) pasted at (${x}, ${y}), feather 3 px, JPEG q90`,
      );
    }

    // Face swap: the donor's face aligned on the target's 68 landmarks (similarity transform),
    // colour-matched and blended in with a feathered convex-hull mask (jaw line and eyebrows).
    for (let k = 0; k < 2; k++) {
      const donor = loaded[(s.index + 1 + k) % loaded.length]!;
      if (!s.face?.landmarks || !donor.face?.landmarks) continue;
      const toDonor = fitSimilarity(s.face.landmarks, donor.face.landmarks);
      const warped = warpSimilarity(donor.base, toDonor, s.base.width, s.base.height);
      const hull = convexHull(s.face.landmarks.slice(0, 27));
      const mask = fillConvex(hull, s.base.width, s.base.height);
      const feather = Math.max(2, s.face.box.width * 0.06);
      // Shrink the mask a little before feathering so the seam stays inside the face.
      blurMask(mask, s.base.width, s.base.height, feather);
      for (let i = 0; i < mask.length; i++) mask[i] = Math.min(1, Math.max(0, (mask[i]! - 0.5) * 2));
      blurMask(mask, s.base.width, s.base.height, feather / 2);
      matchColours(warped, s.base, mask);
      const out = copy(s.base);
      blend(out, warped, mask);
      fake(
        'face_swap',
        `fs${k + 1}-${donor.name}`,
        await jpeg(out, 90),
        `face of ${donor.name} on ${s.name}, 68-landmark similarity, hull mask feather ${feather.toFixed(1)} px, colour-matched, JPEG q90`,
      );
    }

    // Metadata edits: the pixels of the real r1024q90 (same resize, one q90 compression), with the
    // source's EXIF kept and edited, as an editor would leave it (libexif names IFD0 tag 0x0132,
    // exiftool's ModifyDate, "DateTime").
    const edits: [string, Record<string, Record<string, string>>, string][] = [
      [
        'camera-swap',
        {
          IFD0: { Make: 'Canon', Model: 'Canon EOS 5D Mark IV', Software: 'Adobe Photoshop 25.0 (Windows)' },
        },
        'camera make/model replaced, Software set to Adobe Photoshop',
      ],
      ['backdated', { IFD0: { DateTime: '2016:05:04 09:30:00' } }, 'ModifyDate set to 2016:05:04 09:30:00'],
    ];
    for (const [name, exif, recipe] of edits) {
      const bytes = await sharp(s.file)
        .rotate()
        .resize({ width: BASE_SIDE, height: BASE_SIDE, fit: 'inside' })
        .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
        .keepExif()
        .withExifMerge(exif)
        .toBuffer();
      fake(
        'metadata_edit',
        name,
        bytes,
        `resize 1024, JPEG q90, source EXIF kept and edited: ${recipe}`,
        null,
      );
    }
  }

  const csv = [
    'file,label,family,split',
    ...items.map((it) => `${it.file},${it.label},${it.family},${it.split}`),
  ];
  writeFileSync(join(opts.outDir, 'labels.csv'), csv.join('\n') + '\n');
  const made: MadeSet = {
    dir: opts.outDir,
    items,
    sources: loaded.map((s) => ({ file: s.file.split('/node_modules/').pop() ?? s.file, sha256: s.sha256 })),
    notes,
  };
  writeFileSync(
    join(opts.outDir, 'set.json'),
    JSON.stringify({ version: SET_VERSION, sources: made.sources, notes, items }, null, 2) + '\n',
  );
  return made;
}
