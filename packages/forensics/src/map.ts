import sharp from 'sharp';
import { type RgbImage, decodeRgb, fromRaw, mapSize } from './decode.ts';
import { displaySize, measureMap, orientRaster } from './raster.ts';
import { OVERLAY_DESCRIPTION, renderGreyPng, renderOverlayPng } from './render.ts';
import type { ForensicMap } from './types.ts';

export const DEFAULT_MAX_LONG_SIDE = 4096;

/** A normalised (0..1) map in stored orientation at map size, before rendering. */
export interface RawMap {
  kind: ForensicMap['kind'];
  values: Float32Array;
  width: number;
  height: number;
  params: Record<string, number | string>;
}

/** Grey-scale copy of the image at map size in display orientation: the overlay's background. */
export async function overlayBase(img: RgbImage, maxLongSide: number): Promise<Uint8Array> {
  return (await overlayBaseAndGrey(img, maxLongSide)).base;
}

/**
 * overlayBase, plus the full-size stored-orientation grey-scale copy it starts from when the map is
 * full size: computeNoise needs exactly that raster, so an analysis converts the image once. (When the
 * map is downscaled the grey is not kept: holding a full-size copy for later would raise peak memory.)
 */
export async function overlayBaseAndGrey(
  img: RgbImage,
  maxLongSide: number,
): Promise<{ base: Uint8Array; grey?: Uint8Array }> {
  const size = mapSize(img.width, img.height, maxLongSide);
  let pipeline = fromRaw(img.data, img.width, img.height, 3).greyscale();
  const fullSize = size.width === img.width && size.height === img.height;
  if (!fullSize) pipeline = pipeline.resize(size.width, size.height, { fit: 'fill' });
  const grey = await pipeline.raw().toBuffer();
  const base = orientRaster(grey, size.width, size.height, img.orientation).data;
  return fullSize ? { base, grey } : { base };
}

/**
 * Orients, measures and renders a map. Stats are taken on the float values before 8-bit rounding;
 * orientation is applied last so analyses can run on the stored pixel grid (JPEG blocks align there).
 */
export async function finishMap(
  raw: RawMap,
  img: RgbImage,
  base: Uint8Array,
  overlay = true,
): Promise<ForensicMap> {
  const { stats, bytes } = measureMap(raw.values);
  const oriented = orientRaster(bytes, raw.width, raw.height, img.orientation);
  const display = displaySize(img.width, img.height, img.orientation);
  const [png, overlayPng] = await Promise.all([
    renderGreyPng(oriented.data, oriented.width, oriented.height),
    overlay ? renderOverlayPng(oriented.data, base, oriented.width, oriented.height) : null,
  ]);
  return {
    kind: raw.kind,
    width: oriented.width,
    height: oriented.height,
    png,
    overlayPng,
    stats,
    params: {
      ...raw.params,
      mapScale: round(oriented.width / display.width, 6),
      orientation: `display: EXIF orientation ${img.orientation} applied after computing on the stored pixel grid`,
      overlay: OVERLAY_DESCRIPTION,
    },
  };
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * The colour overlay of a stored ELA or NOISE map, from the map's grey PNG and the original file:
 * byte for byte the overlayPng an analysis with overlays on would have stored (same base, same
 * table, same PNG options). The map's long side is the maxLongSide it was made with: a map is the
 * image's size, or the image scaled so its long side is exactly that cap.
 */
export async function renderMapOverlay(greyPng: Buffer, original: Buffer): Promise<Buffer> {
  const { data: map, info } = await fromPng(greyPng);
  const img = await decodeRgb(original);
  const display = displaySize(img.width, img.height, img.orientation);
  const maxLongSide = Math.max(16, info.width, info.height);
  const base = await overlayBase(img, maxLongSide);
  const size = mapSize(display.width, display.height, maxLongSide);
  if (size.width !== info.width || size.height !== info.height || base.length !== map.length) {
    throw new RangeError(
      `renderMapOverlay: a ${info.width}×${info.height} map is not a map of this ${display.width}×${display.height} image`,
    );
  }
  return renderOverlayPng(map, base, info.width, info.height);
}

function fromPng(png: Buffer) {
  return sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
}
