import sharp from 'sharp';
import {
  decodeImage,
  originalToInput,
  type Box,
  type CropTransform,
  type DecodedImage,
} from '../preprocess/index.ts';
import { blendOverlay } from './blend.ts';

export { INFERNO } from './colormap.ts';

/** Grey level of map pixels the model did not see (outside the analysed region). */
export const NOT_ANALYSED = 0;

export interface FakenessMap {
  /** 8-bit greyscale PNG: round(255 · p(fake)); NOT_ANALYSED (0) outside the analysed region. */
  greyPng: Buffer;
  width: number;
  height: number;
  /**
   * The analysed region in map pixels, so viewers can tell "not analysed" from p(fake) = 0, which
   * share grey level 0.
   */
  analysed: Box;
  /**
   * The map's 8-bit levels (width × height), as encoded in greyPng: renderOverlay uses them instead
   * of decoding the PNG again. Absent on maps that only travelled as PNG.
   */
  pixels?: Uint8Array;
}

// As the forensic maps: zlib level 3 without adaptive filtering costs a fraction of the default's
// CPU for PNGs a few per cent larger; the pixels are the same whatever the options.
const PNG_OPTIONS = { compressionLevel: 3, adaptiveFiltering: false } as const;

export interface FakenessMapOptions {
  /** Cap on the map's long side; the map keeps the original's aspect ratio. Default 4096. */
  maxLongSide?: number;
}

interface Axis {
  /** Per map column (or row): the grid cell below, −1 outside the model input… */
  lo: Int32Array;
  /** …the cell above, and the weight of the one above. */
  hi: Int32Array;
  frac: Float64Array;
}

/** Every map pixel inside the model input (xs.lo.length × ys.lo.length), row by row. */
function fillMap(pixels: Uint8Array, patchFake: Float32Array, cols: number, xs: Axis, ys: Axis): void {
  const width = xs.lo.length;
  for (let y = 0; y < ys.lo.length; y++) {
    const r0 = ys.lo[y]!;
    if (r0 < 0) continue;
    mapRow(pixels, y * width, patchFake, r0 * cols, ys.hi[y]! * cols, ys.frac[y]!, xs.lo, xs.hi, xs.frac);
  }
}

/**
 * One map row, bilinear between the patch rows `top` and `bottom` (weight `fy`) and the columns each
 * map pixel falls between. A function of its own so V8 optimises it once: inline, the one call per
 * face recompiled renderFakenessMap for nearly every map (--trace-opt).
 */
function mapRow(
  pixels: Uint8Array,
  out: number,
  patchFake: Float32Array,
  top: number,
  bottom: number,
  fy: number,
  lo: Int32Array,
  hi: Int32Array,
  frac: Float64Array,
): void {
  for (let x = 0; x < lo.length; x++) {
    const c0 = lo[x]!;
    if (c0 < 0) continue;
    const c1 = hi[x]!;
    const fx = frac[x]!;
    const upper = patchFake[top + c0]! * (1 - fx) + patchFake[top + c1]! * fx;
    const lower = patchFake[bottom + c0]! * (1 - fx) + patchFake[bottom + c1]! * fx;
    const p = upper * (1 - fy) + lower * fy;
    pixels[out + x] = Math.min(255, Math.max(0, Math.round(p * 255)));
  }
}

/**
 * Projects a patch grid of p(fake) back onto the original image: map pixel → original coordinate →
 * crop box → shortest-edge resize → centre crop → model input → patch grid, using the exact
 * geometry recorded in `transform`. Inside the analysed region the grid is bilinearly interpolated
 * between patch centres (clamped at the outer half-patches); outside it the map is 0 (NOT_ANALYSED).
 * The map has the original's size unless its long side exceeds `maxLongSide`.
 */
export async function renderFakenessMap(
  patchFake: Float32Array,
  grid: [number, number],
  transform: CropTransform,
  original: { width: number; height: number },
  opts: FakenessMapOptions = {},
): Promise<FakenessMap> {
  const [rows, cols] = grid;
  if (patchFake.length !== rows * cols) {
    throw new Error(`renderFakenessMap: ${patchFake.length} patch values for a ${rows}×${cols} grid`);
  }
  if (original.width !== transform.original.width || original.height !== transform.original.height) {
    throw new Error(
      `renderFakenessMap: transform is for a ${transform.original.width}×${transform.original.height} image, ` +
        `not ${original.width}×${original.height}`,
    );
  }
  const maxLongSide = opts.maxLongSide ?? 4096;
  const shrink = Math.min(1, maxLongSide / Math.max(original.width, original.height));
  const width = Math.max(1, Math.round(original.width * shrink));
  const height = Math.max(1, Math.round(original.height * shrink));
  const size = transform.centerCrop.size;

  // Separable: a map column fixes the input u (hence grid column and weight), a row fixes v.
  const axis = (n: number, toOriginal: number, toInput: (o: number) => number, cells: number) => {
    const lo = new Int32Array(n).fill(-1); // -1: outside the model input
    const hi = new Int32Array(n);
    const frac = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = toInput((i + 0.5) * toOriginal);
      if (!(u >= 0 && u < size)) continue;
      const g = Math.min(Math.max((u * cells) / size - 0.5, 0), cells - 1);
      const g0 = Math.floor(g);
      lo[i] = g0;
      hi[i] = Math.min(g0 + 1, cells - 1);
      frac[i] = g - g0;
    }
    return { lo, hi, frac };
  };
  const xs = axis(width, original.width / width, (x) => originalToInput(transform, x, 0).u, cols);
  const ys = axis(height, original.height / height, (y) => originalToInput(transform, 0, y).v, rows);

  const pixels = new Uint8Array(width * height).fill(NOT_ANALYSED);
  fillMap(pixels, patchFake, cols, xs, ys);

  // toColourspace('b-w'): without it sharp writes single-channel input as an RGB PNG.
  const greyPng = await sharp(pixels, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png(PNG_OPTIONS)
    .toBuffer();
  const a = transform.analysed;
  const sx = width / original.width;
  const sy = height / original.height;
  return {
    greyPng,
    width,
    height,
    analysed: { left: a.left * sx, top: a.top * sy, width: a.width * sx, height: a.height * sy },
    pixels,
  };
}

export interface OverlayOptions {
  /** Opacity of the colour-mapped fakeness over the photo, 0..1; default 0.5. */
  alpha?: number;
}

/**
 * Colour-maps a fakeness map (inferno) over the original photo at the map's size. Given the
 * FakenessMap object, pixels outside the analysed region show the photo at half brightness and no
 * colour, so "not analysed" cannot be mistaken for "real"; given only a PNG, every pixel is coloured.
 * `original` is the encoded image or its DecodedImage (orientation already applied either way).
 */
export async function renderOverlay(
  map: FakenessMap | Buffer,
  original: Buffer | DecodedImage,
  opts: OverlayOptions = {},
): Promise<Buffer> {
  const alpha = opts.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`renderOverlay: alpha must be in [0, 1], got ${alpha}`);
  const { grey, width, height } = await mapLevels(map);
  const photo = Buffer.isBuffer(original) ? await decodeImage(original) : original;
  let rgb: Uint8Array = photo.data;
  if (photo.width !== width || photo.height !== height) {
    rgb = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(width, height, { fit: 'fill' })
      .raw()
      .toBuffer();
  }
  // Map pixels whose centre lies in the analysed region (the same test renderFakenessMap applies).
  const region = Buffer.isBuffer(map) ? { left: 0, top: 0, width, height } : map.analysed;
  const x0 = Math.ceil(region.left - 0.5);
  const x1 = Math.ceil(region.left + region.width - 0.5);
  const y0 = Math.ceil(region.top - 0.5);
  const y1 = Math.ceil(region.top + region.height - 0.5);
  const out = blendOverlay(grey, rgb, width, height, { x0, x1, y0, y1 }, alpha);
  return sharp(out, { raw: { width, height, channels: 3 } })
    .png(PNG_OPTIONS)
    .toBuffer();
}

/** The map's 8-bit levels: its `pixels` when it has them, else decoded from the grey PNG. */
async function mapLevels(
  map: FakenessMap | Buffer,
): Promise<{ grey: Uint8Array; width: number; height: number }> {
  if (!Buffer.isBuffer(map) && map.pixels) {
    if (map.pixels.length !== map.width * map.height) {
      throw new Error(`renderOverlay: ${map.pixels.length} map pixels for a ${map.width}×${map.height} map`);
    }
    return { grey: map.pixels, width: map.width, height: map.height };
  }
  const { data, info } = await sharp(Buffer.isBuffer(map) ? map : map.greyPng)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { grey: data, width: info.width, height: info.height };
}

export { analysedRegion, hasOverlay, overlayKey, type OverlayStore, type StoredHeatmap } from './stored.ts';
