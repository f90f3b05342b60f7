import { analyzeForensics, type ForensicReport } from '@loupe/forensics';
// The heatmap entry alone: a pixel thread need not load ONNX Runtime, tfjs and face-api.
import { renderFakenessMap, renderOverlay } from '@loupe/inference/heatmap';
import type { Box, CropTransform } from '@loupe/inference';

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
  /** Render the colour overlay too (video frames); images' overlays are rendered on first view. */
  overlay: boolean;
}

export interface DetectorMapImage {
  width: number;
  height: number;
  png: Buffer;
  /** Null unless DetectorMapInput.overlay. */
  overlayPng: Buffer | null;
  /** The region the model saw, in map pixels: what an overlay rendered later needs. */
  analysed: Box;
}

/** Where pixel work runs: the pipelines call this; inline (here) or a thread pool (pool.ts). */
export interface PixelWork {
  /** `overlays`: render the maps' colour overlays too (video frames; see AnalyzeOptions.overlays). */
  forensics(bytes: Buffer, maxLongSide: number, overlays: boolean): Promise<ForensicReport>;
  detectorMap(input: DetectorMapInput): Promise<DetectorMapImage>;
}

export const forensicsTask = (
  bytes: Buffer,
  maxLongSide: number,
  overlays: boolean,
): Promise<ForensicReport> => analyzeForensics(bytes, { maxLongSide, overlays });

export async function detectorMapTask(input: DetectorMapInput): Promise<DetectorMapImage> {
  const map = await renderFakenessMap(input.patchFake, input.grid, input.transform, input.image, {
    maxLongSide: input.maxLongSide,
  });
  const overlayPng = input.overlay ? await renderOverlay(map, input.image) : null;
  return { width: map.width, height: map.height, png: map.greyPng, overlayPng, analysed: map.analysed };
}

/** On the calling thread, one after another (tests, tools, LOUPE_FORENSICS_THREADS=0). */
export const inlinePixels: PixelWork = { forensics: forensicsTask, detectorMap: detectorMapTask };
