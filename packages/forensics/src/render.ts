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
  const table = overlayTable();
  const rgb = new Uint8Array(map.length * 3);
  for (let i = 0, o = 0; i < map.length; i++, o += 3) {
    const packed = table[(map[i]! << 8) | base[i]!]!;
    rgb[o] = packed;
    rgb[o + 1] = packed >> 8;
    rgb[o + 2] = packed >> 16;
  }
  return fromRaw(rgb, width, height, 3).png(PNG_OPTIONS).toBuffer();
}

let table: Uint32Array | undefined;

/**
 * The overlay's RGB for every (map level, base grey) pair, packed R | G << 8 | B << 16 at
 * level << 8 | grey: one lookup per pixel instead of three blends. Each level's opacity is held in
 * 1/256ths and its colour pre-multiplied by it, so the blend is integer and exact.
 */
export function overlayTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(65536);
  for (let v = 0; v < 256; v++) {
    const a = Math.round((ALPHA_MIN + (ALPHA_SPAN * v) / 255) * 256);
    for (let grey = 0; grey < 256; grey++) {
      const keep = grey * (256 - a);
      let packed = 0;
      for (let c = 0; c < 3; c++) packed |= ((keep + INFERNO[v * 3 + c]! * a) >> 8) << (8 * c);
      table[(v << 8) | grey] = packed;
    }
  }
  return table;
}
