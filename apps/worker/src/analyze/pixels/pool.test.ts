import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { ForensicsInputError, type ForensicReport } from '@loupe/forensics';
import { decodeImage, OPENAI_CLIP_INPUT, planTransform } from '@loupe/inference';
import { frameMaps, stepTimer } from '../video/frame-steps.ts';
import { PixelPool } from './pool.ts';
import { inlinePixels, type DetectorMapInput } from './tasks.ts';

// Real photos (face-api's demo images): the pooled path must give exactly the inline outputs.
const photo = (i: number) =>
  readFileSync(join(projectRoot(), `node_modules/@vladmandic/face-api/demo/sample${i}.jpg`));

/**
 * Everything but the wall times (which differ run to run) and the PNGs (compared with equals():
 * a deep equality walks megabytes element by element).
 */
const comparable = (r: ForensicReport) => ({
  ...r,
  timingsMs: undefined,
  maps: r.maps.map((m) => ({ ...m, png: m.png.length, overlayPng: m.overlayPng?.length })),
});

describe('PixelPool', () => {
  const pool = new PixelPool(2);
  afterAll(() => pool.close());

  it('gives byte-identical forensic maps, overlays and signals to the inline call, on real photos', async () => {
    const files = [1, 2, 3].map(photo);
    // Three at once on two threads: also exercises the queue.
    const pooled = await Promise.all(files.map((f) => pool.forensics(f, 1024, true)));
    for (const [i, bytes] of files.entries()) {
      const direct = await inlinePixels.forensics(bytes, 1024, true);
      const got = pooled[i]!;
      expect(got.maps.map((m) => m.kind)).toEqual(['ELA', 'NOISE']);
      for (const [j, m] of got.maps.entries()) {
        expect(Buffer.isBuffer(m.png) && Buffer.isBuffer(m.overlayPng)).toBe(true);
        expect(m.png.equals(direct.maps[j]!.png)).toBe(true);
        expect(m.overlayPng!.equals(direct.maps[j]!.overlayPng!)).toBe(true);
      }
      expect(comparable(got)).toEqual(comparable(direct));
      expect(got.timingsMs.total).toBeGreaterThan(0);
    }
  }, 120_000);

  it('gives a byte-identical detector heatmap and overlay to the inline call', async () => {
    const image = await decodeImage(photo(4));
    const grid: [number, number] = [16, 16];
    const patchFake = Float32Array.from({ length: 256 }, (_, i) => ((i * 37) % 256) / 255);
    const crop = {
      left: image.width * 0.2,
      top: image.height * 0.1,
      width: image.width / 2,
      height: image.height / 2,
    };
    const input: DetectorMapInput = {
      patchFake,
      grid,
      transform: planTransform(image, OPENAI_CLIP_INPUT, crop),
      image,
      maxLongSide: 700,
      overlay: true,
    };
    const [pooled, direct] = await Promise.all([pool.detectorMap(input), inlinePixels.detectorMap(input)]);
    expect(pooled.png.equals(direct.png)).toBe(true);
    expect(pooled.overlayPng!.equals(direct.overlayPng!)).toBe(true);
    expect(pooled.analysed).toEqual(direct.analysed);
    // As an image analysis asks: the same map, no overlay (it is rendered on first view).
    const mapOnly = await pool.detectorMap({ ...input, overlay: false });
    expect(mapOnly.png.equals(direct.png)).toBe(true);
    expect(mapOnly.overlayPng).toBeNull();
    expect([pooled.width, pooled.height]).toEqual([direct.width, direct.height]);
    expect(Math.max(pooled.width, pooled.height)).toBe(700);
    // The caller's image and scores are copied, not moved away.
    expect(image.data.byteLength).toBe(image.width * image.height * 3);
    expect(patchFake.length).toBe(256);
  }, 60_000);

  it("draws a video frame's detector and forensic maps identically through the pool (frameMaps)", async () => {
    const image = await decodeImage(photo(2));
    const scored = {
      pFake: 0.7,
      embedding: new Float32Array(4),
      patchFake: Float32Array.from({ length: 256 }, (_, i) => (i % 17) / 16),
      grid: [16, 16] as [number, number],
      transform: planTransform(image, OPENAI_CLIP_INPUT),
    };
    const { time } = stepTimer();
    const pooled = await frameMaps(3, image, scored, 512, time, pool);
    const direct = await frameMaps(3, image, scored, 512, time);
    expect(pooled.maps.map((m) => m.kind)).toEqual(['DETECTOR', 'ELA', 'NOISE']);
    expect(pooled.hashes).toEqual(direct.hashes);
    for (const [i, m] of pooled.maps.entries()) {
      expect(m.frameIndex).toBe(3);
      expect(m.png.equals(direct.maps[i]!.png)).toBe(true);
      expect(m.overlayPng!.equals(direct.maps[i]!.overlayPng!)).toBe(true);
    }
  }, 60_000);

  it('turns undecodable input into the same ForensicsInputError, and keeps working', async () => {
    const bytes = Buffer.from('not an image');
    await expect(pool.forensics(bytes, 1024, true)).rejects.toThrow(ForensicsInputError);
    await expect(pool.forensics(bytes, 1024, true)).rejects.toThrow(/unsupported image format/);
    expect(bytes.toString()).toBe('not an image'); // the caller's bytes are untouched
    const ok = await pool.forensics(photo(5), 256, false);
    expect(ok.maps).toHaveLength(2);
  }, 60_000);

  it('fails only the running task when its thread dies, and the next task gets a fresh thread', async () => {
    const running = pool.forensics(photo(6), 4096, true);
    const busy = (pool as unknown as { busy: Map<Worker, unknown> }).busy;
    await expect.poll(() => busy.size).toBe(1);
    await [...busy.keys()][0]!.terminate();
    await expect(running).rejects.toThrow(/forensics failed: the pixel thread exited/);
    const ok = await pool.forensics(photo(5), 256, false);
    expect(ok.maps).toHaveLength(2);
  }, 60_000);

  it('refuses work once closed', async () => {
    const closed = new PixelPool(1);
    await closed.close();
    await expect(closed.forensics(photo(1), 256, true)).rejects.toThrow(/closed/);
    expect(() => new PixelPool(0)).toThrow(/≥ 1/);
    expect(() => new PixelPool(1, 20)).toThrow(/nice must be an integer 0–19/);
  });

  it.skipIf(process.platform !== 'linux')(
    'lowers the priority of its own threads to the nice value given, and of no other thread',
    async () => {
      const atSeven = () => threadNices().filter((n) => n === 7).length;
      const before = atSeven();
      const main = getPriority();
      const lowered = new PixelPool(2, 7);
      try {
        // Two tasks at once start both threads.
        await Promise.all([1, 2].map((i) => lowered.forensics(photo(i), 256, false)));
        expect(atSeven() - before).toBe(2);
        expect(getPriority()).toBe(main); // this (the main) thread keeps its own
      } finally {
        await lowered.close();
      }
      expect(atSeven()).toBe(before);
    },
    60_000,
  );
});

/** The nice value of each of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name's closing parenthesis start at field 3 (the state).
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3])];
    } catch {
      return []; // the thread ended while we listed them
    }
  });
}
