import { analyzeForensics, type ForensicReport } from '@loupe/forensics';
// The heatmap entry alone: a pixel thread need not load ONNX Runtime, tfjs and face-api.
import { renderFakenessMap, renderOverlay } from '@loupe/inference/heatmap';
import type { CropTransform } from '@loupe/inference';

/**
 * The pixel work of an analysis that needs nothing but its inputs: the weight-free forensics
 * (decode, ELA, noise, their maps and overlays) and the detector's heatmap and overlay. Pure
 * functions of plain data, so they run the same on the main thread or in a pixel thread (pool.ts).
 */

export interface DetectorMapInput {
  patchFake: Float32Array;
  grid: [number, number];
  transform: CropTransform;
  /** The decoded, orientation-corrected image (RGB, width × height × 3). */
  image: { data: Uint8Array; width: number; height: number };
  maxLongSide: number;
}

export interface DetectorMapImage {
  width: number;
  height: number;
  png: Buffer;
  overlayPng: Buffer;
}

/** Where pixel work runs: the pipelines call this; inline (here) or a thread pool (pool.ts). */
export interface PixelWork {
  forensics(bytes: Buffer, maxLongSide: number): Promise<ForensicReport>;
  detectorMap(input: DetectorMapInput): Promise<DetectorMapImage>;
}

export const forensicsTask = (bytes: Buffer, maxLongSide: number): Promise<ForensicReport> =>
  analyzeForensics(bytes, { maxLongSide });

export async function detectorMapTask(input: DetectorMapInput): Promise<DetectorMapImage> {
  const map = await renderFakenessMap(input.patchFake, input.grid, input.transform, input.image, {
    maxLongSide: input.maxLongSide,
  });
  const overlayPng = await renderOverlay(map, input.image);
  return { width: map.width, height: map.height, png: map.greyPng, overlayPng };
}

/** On the calling thread, one after another (tests, tools, LOUPE_FORENSICS_THREADS=0). */
export const inlinePixels: PixelWork = { forensics: forensicsTask, detectorMap: detectorMapTask };
