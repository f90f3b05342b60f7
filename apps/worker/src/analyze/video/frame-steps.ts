import sharp from 'sharp';
import { perceptualHashes } from '@loupe/forensics';
import {
  preprocessDecoded,
  scoreTensors,
  type DetectorBatcher,
  type CropRequest,
  type CropTransform,
  type LoadedDetector,
} from '@loupe/inference';
import { inlinePixels, type PixelWork } from '../pixels/tasks.ts';
import type { FrameMap } from './pipeline.ts';
import type { Box, TrackSummary } from './tracks.ts';

/**
 * The per-frame steps every frame-based analysis shares (decoded video frames, face-sequence
 * crops): detector scores for crops of a frame, the thumbnail and its hash, a frame's maps, and
 * each track's face descriptor. Compute only; no database, no storage.
 */

export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Scored {
  pFake: number;
  embedding: Float32Array;
  patchFake: Float32Array | null;
  grid: [number, number] | null;
  transform: CropTransform;
}

const THUMBNAIL_SIDE = 256;

/** Wall time per step, summed over frames (`time('decode', …)`), for the record and benchmarks. */
export function stepTimer() {
  const timingsMs: Record<string, number> = { decode: 0, faces: 0, detector: 0, thumbnails: 0 };
  const time = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timingsMs[step] = (timingsMs[step] ?? 0) + performance.now() - t0;
    }
  };
  return { timingsMs, time };
}

/** Indices of the k highest-scored frames (ties: earlier first): the frames that get maps. */
export const mostSuspicious = (frames: readonly { index: number; pFake: number | null }[], k: number) =>
  frames
    .filter((f) => f.pFake !== null)
    .sort((a, b) => b.pFake! - a.pFake! || a.index - b.index)
    .slice(0, k)
    .map((f) => f.index);

export const noDetector = (problems: string[]) => ({
  installed: false as const,
  note: 'No detector is installed; no fakeness score was computed.',
  problems,
});

const rawSharp = (frame: RgbFrame) =>
  sharp(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength), {
    raw: { width: frame.width, height: frame.height, channels: 3 },
  });

/** Scores each crop of a frame (undefined: the whole frame) with the image path's preprocessing. */
export async function scoreCrops(
  d: LoadedDetector,
  image: RgbFrame,
  crops: readonly (CropRequest | undefined)[],
  runs: { batchSize: number; batcher?: DetectorBatcher | undefined },
): Promise<Scored[]> {
  const prepared = crops.map((crop) => preprocessDecoded(image, d.manifest.input, crop));
  const outputs = await scoreTensors(
    d,
    prepared.map((p) => p.tensor),
    runs,
  );
  return outputs.map((o, i) => ({
    pFake: o.pFake,
    embedding: o.embedding,
    patchFake: o.patchFake,
    grid: o.grid,
    transform: prepared[i]!.transform,
  }));
}

/** A 256 px JPEG thumbnail of the frame and its perceptual hash (frame-level similarity). */
export async function thumbnailOf(frame: RgbFrame): Promise<{ thumbnailJpeg: Buffer; phash: string }> {
  const jpeg = await rawSharp(frame)
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside' })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { thumbnailJpeg: jpeg, phash: (await perceptualHashes(jpeg)).phash };
}

/** The detector map of a frame's chosen score (if the model gives patches) and its forensic maps. */
export async function frameMaps(
  frameIndex: number,
  image: RgbFrame,
  scored: Scored | null | undefined,
  maxMapSide: number,
  time: <T>(step: string, fn: () => Promise<T>) => Promise<T>,
  pixels: PixelWork = inlinePixels,
): Promise<{ maps: FrameMap[]; hashes: { phash: string; dhash: string } }> {
  const maps: FrameMap[] = [];
  if (scored?.patchFake && scored.grid) {
    const map = await pixels.detectorMap({
      patchFake: scored.patchFake,
      grid: scored.grid,
      transform: scored.transform,
      image,
      maxLongSide: maxMapSide,
      overlay: true, // a frame is not stored, so its overlay cannot be rendered later
    });
    maps.push({ frameIndex, kind: 'DETECTOR', ...map });
  }
  const png = await rawSharp(image).png({ compressionLevel: 1 }).toBuffer();
  const forensics = await time('forensics', () => pixels.forensics(png, maxMapSide, true));
  for (const m of forensics.maps) {
    maps.push({
      frameIndex,
      kind: m.kind,
      width: m.width,
      height: m.height,
      png: m.png,
      overlayPng: m.overlayPng,
      analysed: null,
    });
  }
  return { maps, hashes: { phash: forensics.hashes.phash, dhash: forensics.hashes.dhash } };
}

/** Each track's largest face with a descriptor stands for the person (face similarity search). */
export function trackDescriptors(
  tracks: readonly TrackSummary[],
  frames: readonly { faces: readonly { box: Box; descriptor?: Float32Array | undefined }[] }[],
  assignment: readonly number[][],
): { track: number; box: Box; vector: Float32Array }[] {
  return tracks.flatMap((t) => {
    let best: { box: Box; vector: Float32Array } | null = null;
    frames.forEach((f, i) =>
      f.faces.forEach((x, fi) => {
        if (assignment[i]![fi] !== t.trackIndex || !x.descriptor) return;
        if (!best || x.box.width * x.box.height > best.box.width * best.box.height)
          best = { box: x.box, vector: x.descriptor };
      }),
    );
    const found = best as { box: Box; vector: Float32Array } | null;
    return found ? [{ track: t.trackIndex, ...found }] : [];
  });
}
