import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectorInputSpec } from '../manifest/index.ts';
import {
  decodeImage,
  OPENAI_CLIP_INPUT,
  preprocessForDetector,
  type Box,
  type PreprocessResult,
} from './index.ts';

/**
 * Parity with HF CLIPImageProcessor (PIL path), via reference_clip.py run by Debian's python3.
 * PNG inputs must match bit for bit (decoding is unambiguous, so any difference is ours); JPEGs
 * must be within mean |diff| ≤ 0.01 in normalised space (libjpeg builds may in principle differ).
 */

const PYTHON = '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));
const faceApi = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));

const CLIP_INPUT: DetectorInputSpec = { ...OPENAI_CLIP_INPUT, faceCrop: { enabled: true, scale: 1.3 } };

interface Case {
  label: string;
  path: string;
  lossless: boolean;
  face?: Box;
}

let dir: string;
const cases: Case[] = [];

beforeAll(async () => {
  const probe = spawnSync(PYTHON, ['-c', 'import PIL, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `The PIL reference needs ${PYTHON} with Pillow and numpy: apt-get install python3-pil python3-numpy\n` +
        `(${probe.error?.message ?? probe.stderr.trim()})`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'loupe-preprocess-'));
  for (let i = 1; i <= 6; i++) {
    cases.push({ label: `sample${i}.jpg`, path: join(faceApi, 'demo', `sample${i}.jpg`), lossless: false });
  }
  const photo = readFileSync(join(faceApi, 'demo', 'sample2.jpg'));
  const write = async (name: string, data: Buffer, lossless: boolean, face?: Box) => {
    writeFileSync(join(dir, name), data);
    cases.push({ label: name, path: join(dir, name), lossless, face });
  };
  // RGBA with varying alpha: PIL's convert('RGB') drops alpha without compositing.
  const rgba = await sharp(photo).resize(640, 480).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let p = 3; p < rgba.data.length; p += 4) rgba.data[p] = (p >> 4) & 0xff;
  await write('alpha.png', await sharp(rgba.data, { raw: rgba.info }).png().toBuffer(), true);
  await write('portrait.png', await sharp(photo).resize(517, 931, { fit: 'fill' }).png().toBuffer(), true);
  await write('landscape.png', await sharp(photo).resize(1201, 333, { fit: 'fill' }).png().toBuffer(), true);
  await write('upscale.png', await sharp(photo).resize(150, 97, { fit: 'fill' }).png().toBuffer(), true);
  await write('grey.png', await sharp(photo).resize(300, 400).greyscale().png().toBuffer(), true);
  await write(
    'portrait.jpg',
    await sharp(photo).resize(700, 1100, { fit: 'cover' }).jpeg().toBuffer(),
    false,
  );
  // EXIF orientation 6 (rotate 90° clockwise to display): both sides must honour it.
  const rotated = await sharp(photo).resize(800, 500).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  await write('exif-orientation-6.jpg', rotated, false);
  await write('face-crop.png', await sharp(photo).resize(960, 683).png().toBuffer(), true, {
    left: 402.6,
    top: 91.2,
    width: 141.3,
    height: 170.9,
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('preprocessForDetector vs HF CLIPImageProcessor (PIL)', () => {
  it('matches on real photos, alpha, grey, portrait, landscape, upscaled, EXIF-rotated and face crops', async () => {
    const ours: PreprocessResult[] = [];
    for (const c of cases) ours.push(await preprocessForDetector(readFileSync(c.path), CLIP_INPUT, c.face));
    // The reference crops the same whole-pixel box we did (the fractional request, rounded).
    const jobs = cases.map((c, i) => {
      const b = ours[i]!.transform.cropBox;
      return {
        path: c.path,
        out: join(dir, `ref-${i}`),
        crop: c.face ? [b.left, b.top, b.width, b.height] : undefined,
      };
    });
    execFileSync(PYTHON, [join(here, 'reference_clip.py')], { input: JSON.stringify(jobs), stdio: 'pipe' });
    const results = [];
    for (const [i, c] of cases.entries()) {
      const { tensor } = ours[i]!;
      const out = jobs[i]!.out;
      const ref = new Float32Array(new Uint8Array(readFileSync(`${out}.f32`)).buffer);
      expect(ref.length).toBe(tensor.length);
      let max = 0;
      let sum = 0;
      let differing = 0;
      for (let k = 0; k < ref.length; k++) {
        const d = Math.abs(ref[k]! - tensor[k]!);
        sum += d;
        if (d > max) max = d;
        if (d !== 0) differing++;
      }
      results.push({ image: c.label, max, mean: sum / ref.length, differing, lossless: c.lossless });
    }
    console.table(results);
    for (const r of results) {
      expect(r.mean, r.image).toBeLessThanOrEqual(0.01);
      if (r.lossless) expect(r.max, `${r.image} should be bit-exact`).toBe(0);
    }
  });
});

describe('decodeImage', () => {
  it('applies EXIF orientation, drops alpha and expands grey to RGB', async () => {
    const rgba = Buffer.from([10, 20, 30, 0, 40, 50, 60, 255]);
    const png = await sharp(rgba, { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const decoded = await decodeImage(png);
    expect([...decoded.data]).toEqual([10, 20, 30, 40, 50, 60]);

    const grey = await sharp(Buffer.from([7, 9]), { raw: { width: 1, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    expect([...(await decodeImage(grey)).data]).toEqual([7, 7, 7, 9, 9, 9]);

    const wide = await sharp({ create: { width: 40, height: 10, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const oriented = await decodeImage(wide);
    expect([oriented.width, oriented.height]).toEqual([10, 40]);
  });

  it('rejects data that is not an image', async () => {
    await expect(decodeImage(Buffer.from('not an image'))).rejects.toThrow();
  });
});
