import { type RgbImage, decodeRgb, fromRaw, mapSize } from './decode.ts';
import { DEFAULT_MAX_LONG_SIDE, type RawMap, finishMap, overlayBase, round } from './map.ts';
import type { ForensicMap } from './types.ts';

/** Source pixels per block side; 16 gives 64 wavelet samples per estimate and aligns with JPEG's 8×8 grid. */
const BLOCK = 16;
/** Map value 1.0 = a block's noise 2^2 = 4× above or below the image's median noise level. */
const FULL_SCALE_LOG2 = 2;
/** Levels added to both sides of the ratio so noise-free (flat, clipped) blocks do not divide by zero. */
const EPSILON_LEVELS = 0.1;
/** Median of |N(0, 1)|: turns a median absolute deviation into a standard deviation. */
const MAD_TO_SIGMA = 0.6745;

/**
 * Noise-level consistency (after Mahdian & Saic 2009). A camera image carries sensor noise of similar
 * strength throughout; pasted, smoothed or synthesised regions usually do not. Per 16×16 block, the
 * noise standard deviation is estimated robustly from the finest diagonal wavelet details (Donoho's
 * median estimator, little affected by edges); the map shows how far, in log2, each block departs
 * from the image's median level, in either direction.
 */
export async function computeNoise(img: RgbImage, maxLongSide: number, luma?: Uint8Array): Promise<RawMap> {
  const { width: w, height: h } = img;
  const size = mapSize(w, h, maxLongSide);
  // `luma`: the same grey-scale conversion already made for the overlay (overlayBaseAndGrey).
  if (luma && luma.length !== w * h) throw new RangeError('computeNoise: luma must be width×height');
  const grey = luma ?? (await fromRaw(img.data, w, h, 3).greyscale().raw().toBuffer());
  // The last block in each direction absorbs the remainder (16–31 px) so none is nearly empty.
  const bw = Math.max(1, Math.floor(w / BLOCK));
  const bh = Math.max(1, Math.floor(h / BLOCK));
  const sigma = blockSigmas(grey, w, h, bw, bh);
  const reference = medianOf(Float64Array.from(sigma));
  const denominator = reference + EPSILON_LEVELS;
  const blockValue = sigma.map((s) =>
    Math.min(1, Math.abs(Math.log2((s + EPSILON_LEVELS) / denominator)) / FULL_SCALE_LOG2),
  );
  // Each map pixel takes its block's value (nearest): the map does not pretend to finer resolution.
  const colBlock = Int32Array.from({ length: size.width }, (_, x) =>
    Math.min(bw - 1, Math.floor(((x + 0.5) * w) / size.width / BLOCK)),
  );
  const values = expandBlocks(blockValue, colBlock, size.height, h, bw, bh);
  return {
    kind: 'NOISE',
    values,
    width: size.width,
    height: size.height,
    params: {
      method:
        `noise level per ${BLOCK}×${BLOCK}-pixel block of the stored image: σ = median(|HH|) / ${MAD_TO_SIGMA}, ` +
        'HH = finest diagonal Haar wavelet detail of the 8-bit luma, (a − b − c + d) / 2 per 2×2 cell; the ' +
        'median treats the integer values as grouped data (interpolated within its group) so it stays ' +
        'continuous when compression leaves most details at 0; each map pixel shows its block (nearest)',
      blockPixels: BLOCK,
      referenceSigma: round(reference, 4),
      normalisation:
        `value = min(1, |log2((σ + ${EPSILON_LEVELS}) / (${round(reference, 4)} + ${EPSILON_LEVELS}))| / ` +
        `${FULL_SCALE_LOG2}); 1 = ${2 ** FULL_SCALE_LOG2}× more or less noise than the image's median block`,
      interpretation:
        'brighter = noise level unlike the rest of the image; fine texture, and clipped or perfectly flat ' +
        'areas (sky, studio backgrounds), also depart from the median and are expected; strong JPEG ' +
        'compression removes most sensor noise and weakens this signal',
    },
  };
}

// The loops live in small functions and a method of their own (see the note above addDifferences
// in ela.ts): inline, the one call per image entered them by on-stack replacement and deoptimised
// after them, and a whole-run profile found this file's JavaScript at 0.7 to 3.1 CPU-s per 40
// photos depending on where that left the compiled code.

/** σ per block, row-major (bw × bh); the last block in each direction absorbs the remainder. */
function blockSigmas(grey: Uint8Array, w: number, h: number, bw: number, bh: number): Float32Array {
  const sigma = new Float32Array(bw * bh);
  const details = new DetailHistogram();
  for (let by = 0; by < bh; by++) {
    const y0 = by * BLOCK;
    const y1 = by === bh - 1 ? h : (by + 1) * BLOCK;
    for (let bx = 0; bx < bw; bx++) {
      details.addBlock(grey, w, bx * BLOCK, bx === bw - 1 ? w : (bx + 1) * BLOCK, y0, y1);
      sigma[by * bw + bx] = details.count ? details.takeGroupedMedian() / 2 / MAD_TO_SIGMA : 0;
    }
  }
  return sigma;
}

/** The map (colBlock.length × height, of an h-pixel-high image): each pixel takes its block's value. */
function expandBlocks(
  blockValue: Float32Array,
  colBlock: Int32Array,
  height: number,
  h: number,
  bw: number,
  bh: number,
): Float32Array {
  const width = colBlock.length;
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const rowBase = Math.min(bh - 1, Math.floor(((y + 0.5) * h) / height / BLOCK)) * bw;
    fillRow(values, y * width, blockValue, rowBase, colBlock);
  }
  return values;
}

/** One map row: each pixel takes the value of its block (`rowBase` + the column's block). */
function fillRow(
  values: Float32Array,
  out: number,
  blockValue: Float32Array,
  rowBase: number,
  colBlock: Int32Array,
): void {
  for (let x = 0; x < colBlock.length; x++) values[out + x] = blockValue[rowBase + colBlock[x]!]!;
}

/** Median (upper median for even counts); sorts `values` in place. */
function medianOf(values: Float64Array): number {
  values.sort();
  return values[values.length >> 1] ?? 0;
}

/**
 * Median of non-negative integers treated as grouped data (value k stands for [k − ½, k + ½), 0 for
 * [0, ½)), interpolated within the median's group. Compressed images put most wavelet details at 0,
 * where a plain median would collapse to 0 and hide every difference; this one stays continuous.
 * The |HH| details of 8-bit pixels are integers 0..510, so a counting histogram gives the sorted
 * order's median and the counts below and at it without sorting each block.
 */
export class DetailHistogram {
  private readonly counts = new Uint32Array(511);
  private top = 0;
  count = 0;

  /** v: an integer in 0..510. */
  add(v: number): void {
    this.counts[v]!++;
    if (v > this.top) this.top = v;
    this.count++;
  }

  /**
   * add() for every 2×2 cell of a block [x0, x1) × [y0, y1) of a grey raster w pixels wide: its
   * orthonormal Haar HH detail |a − b − c + d| (÷ 2 later, in σ).
   */
  addBlock(grey: Uint8Array, w: number, x0: number, x1: number, y0: number, y1: number): void {
    const { counts } = this;
    let top = this.top;
    let count = this.count;
    for (let y = y0; y + 1 < y1; y += 2) {
      const row = y * w;
      for (let x = x0; x + 1 < x1; x += 2) {
        const v = Math.abs(grey[row + x]! - grey[row + x + 1]! - grey[row + w + x]! + grey[row + w + x + 1]!);
        counts[v]!++;
        if (v > top) top = v;
        count++;
      }
    }
    this.top = top;
    this.count = count;
  }

  /** The grouped median of the values added since the last call (count > 0); then empties itself. */
  takeGroupedMedian(): number {
    const { counts } = this;
    const half = this.count / 2;
    // m: the element at sorted index min(count − 1, ⌊half⌋) (the upper median for even counts).
    const index = Math.min(this.count - 1, Math.floor(half));
    let below = 0;
    let m = 0;
    while (below + counts[m]! <= index) below += counts[m++]!;
    const equal = counts[m]!;
    counts.fill(0, 0, this.top + 1);
    this.top = 0;
    this.count = 0;
    const lower = m === 0 ? 0 : m - 0.5;
    const width = m === 0 ? 0.5 : 1;
    return lower + ((half - below) / equal) * width;
  }
}

/** Noise-consistency map of an image file (see computeNoise); maps are in display orientation. */
export async function noiseResidual(
  input: Buffer,
  opts: { maxLongSide?: number } = {},
): Promise<ForensicMap> {
  const maxLongSide = opts.maxLongSide ?? DEFAULT_MAX_LONG_SIDE;
  const img = await decodeRgb(input);
  const raw = await computeNoise(img, maxLongSide);
  return finishMap(raw, img, await overlayBase(img, maxLongSide));
}
