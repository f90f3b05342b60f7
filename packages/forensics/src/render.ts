import { fromRaw } from './decode.ts';
import { INFERNO } from './inferno.ts';

// zlib level 3: maps are noisy, so higher levels cost several times the CPU for a few per cent of size.
const PNG_OPTIONS = { compressionLevel: 3, adaptiveFiltering: false } as const;

const ALPHA_MIN = 0.2;
const ALPHA_SPAN = 0.6;

/** Recorded in every map's params so a reader knows what the overlay colours mean. */
export const OVERLAY_DESCRIPTION =
  `inferno colour map of the 8-bit map over a grey-scale copy of the image; ` +
  `opacity ${ALPHA_MIN} + ${ALPHA_SPAN}·value, so low values let the image show through`;

/** 8-bit grey-scale PNG of a one-channel raster. */
export async function renderGreyPng(map: Uint8Array, width: number, height: number): Promise<Buffer> {
  return fromRaw(map, width, height, 1).png(PNG_OPTIONS).toBuffer();
}

/** RGB PNG: the map colour-mapped and blended over `base` (grey-scale image, same size). */
export async function renderOverlayPng(
  map: Uint8Array,
  base: Uint8Array,
  width: number,
  height: number,
): Promise<Buffer> {
  if (map.length !== width * height || base.length !== map.length) {
    throw new RangeError('overlay: map and base must both be width×height');
  }
  // Per map level: opacity in 1/256ths, and the colour pre-multiplied by it (integer blend, exact).
  const alpha = new Uint16Array(256);
  const tint = new Uint16Array(768);
  for (let v = 0; v < 256; v++) {
    const a = Math.round((ALPHA_MIN + (ALPHA_SPAN * v) / 255) * 256);
    alpha[v] = 256 - a;
    for (let c = 0; c < 3; c++) tint[v * 3 + c] = (INFERNO[v * 3 + c] ?? 0) * a;
  }
  const rgb = new Uint8Array(map.length * 3);
  for (let i = 0, o = 0; i < map.length; i++, o += 3) {
    const v = map[i] ?? 0;
    const keep = (base[i] ?? 0) * (alpha[v] ?? 0);
    rgb[o] = (keep + (tint[v * 3] ?? 0)) >> 8;
    rgb[o + 1] = (keep + (tint[v * 3 + 1] ?? 0)) >> 8;
    rgb[o + 2] = (keep + (tint[v * 3 + 2] ?? 0)) >> 8;
  }
  return fromRaw(rgb, width, height, 3).png(PNG_OPTIONS).toBuffer();
}
