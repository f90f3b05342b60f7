/**
 * Pillow's `Image.resize(size, Image.BICUBIC)` for 8-bit RGB, reimplemented so the detector sees
 * the same pixels it saw in training (HF `CLIPImageProcessor` resizes with PIL). This is a port of
 * Pillow's `src/libImaging/Resample.c` (unchanged in substance from Pillow 4.x to 11.x):
 *
 * - `precompute_coeffs`: per output pixel, a window of input pixels and double-precision weights of
 *   the a = -0.5 cubic kernel, stretched by the downscale factor (antialiasing), normalised to sum 1;
 * - `normalize_coeffs_8bpc`: weights → fixed point with PRECISION_BITS = 22, rounded half away
 *   from zero by `(int)(±0.5 + w * 2^22)`;
 * - horizontal pass first, into an 8-bit image (`clip8`: `(acc + 2^21) >> 22`, clamped 0..255),
 *   then the vertical pass over that 8-bit image, again `clip8`.
 *
 * Every double operation is written in the same order as the C source so the weights are the same
 * IEEE doubles; the integer sums stay below 2^31 (as Pillow's int accumulators require), so JS
 * numbers hold them exactly. The result is therefore bit-identical to Pillow, which the reference
 * test (`preprocess.test.ts` against `reference_clip.py`) checks on real photos.
 *
 * One deliberate addition: only a window of the output is computed (the centre crop that follows).
 * Each output pixel depends only on its own weights, so skipping rows/columns outside the window
 * cannot change the pixels inside it; for a landscape photo it saves most of the work.
 */

const PRECISION_BITS = 22;
const ROUND_HALF = 1 << (PRECISION_BITS - 1);
const ONE = 1 << PRECISION_BITS;
/** Pillow's BICUBIC filter support (half-width, in output pixels before stretching). */
const BICUBIC_SUPPORT = 2.0;

/** Pillow `bicubic_filter` (Keys cubic, a = -0.5); operand order as in the C source. */
function bicubicFilter(x: number): number {
  const a = -0.5;
  if (x < 0.0) x = -x;
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}

/** Fixed-point weights for output pixels `start … start+count-1` of an `inSize → outSize` resize. */
export interface Coefficients {
  /** Maximum taps per output pixel (row stride of `weights`). */
  ksize: number;
  /** First input index of each output pixel. */
  min: Int32Array;
  /** Number of taps of each output pixel. */
  len: Int32Array;
  /** `count * ksize` weights scaled by 2^22, rounded as Pillow does. */
  weights: Int32Array;
}

export function precomputeCoefficients(
  inSize: number,
  outSize: number,
  start = 0,
  count = outSize,
): Coefficients {
  // Pillow: box = (0, 0, inSize, …) as float32; in1 - in0 is exact for any real image size.
  const scale = inSize / outSize;
  const filterscale = scale < 1.0 ? 1.0 : scale;
  const support = BICUBIC_SUPPORT * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const min = new Int32Array(count);
  const len = new Int32Array(count);
  const weights = new Int32Array(count * ksize);
  const k = new Float64Array(ksize);
  const ss = 1.0 / filterscale;
  for (let i = 0; i < count; i++) {
    const xx = start + i;
    const center = 0 + (xx + 0.5) * scale;
    // C `(int)` truncates toward zero; Math.trunc does the same for the negative case.
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0.0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubicFilter((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      let w = k[x]!;
      if (ww !== 0.0) w /= ww;
      weights[i * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    min[i] = xmin;
    len[i] = xmax;
  }
  return { ksize, min, len, weights };
}

/** A rectangle in integer pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Interleaved 8-bit RGB, 3 bytes per pixel, rows packed. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

// Scratch buffer for the 8-bit intermediate image, grown on demand and reused (the resampler is
// synchronous, so one buffer per process is safe) to keep the garbage collector out of the loop.
let scratch = new Uint8Array(0);
let accumulators = new Float64Array(0);

/**
 * `src.crop(region).resize((outWidth, outHeight), BICUBIC)`, returning only the pixels inside
 * `window` (in resized coordinates) as packed RGB.
 */
export function resizeBicubic(
  src: RgbImage,
  region: PixelRect,
  outWidth: number,
  outHeight: number,
  window: PixelRect = { left: 0, top: 0, width: outWidth, height: outHeight },
): Uint8Array {
  const { data } = src;
  const srcStride = src.width * 3;
  const horiz = precomputeCoefficients(region.width, outWidth, window.left, window.width);
  const vert = precomputeCoefficients(region.height, outHeight, window.top, window.height);
  const needHorizontal = outWidth !== region.width;
  const needVertical = outHeight !== region.height;
  const winW = window.width;
  const rowBytes = winW * 3;

  // Rows of the cropped source that the vertical pass will read (Pillow's ybox_first/last).
  // Without a vertical pass the window's own rows are all we need.
  const firstRow = needVertical ? vert.min[0]! : window.top;
  const lastRow = needVertical
    ? vert.min[window.height - 1]! + vert.len[window.height - 1]!
    : window.top + window.height;
  const rows = lastRow - firstRow;

  // Horizontal pass (or a plain copy of the window's columns when the width is unchanged, which
  // is what Pillow's `need_horizontal == false` amounts to: the kernel at scale 1 is the identity).
  if (scratch.length < rows * rowBytes) scratch = new Uint8Array(rows * rowBytes);
  const tmp = scratch;
  if (needHorizontal) {
    const { ksize, min, len, weights } = horiz;
    for (let r = 0; r < rows; r++) {
      const rowBase = (region.top + firstRow + r) * srcStride + region.left * 3;
      let o = r * rowBytes;
      for (let i = 0; i < winW; i++) {
        let p = rowBase + min[i]! * 3;
        const n = len[i]!;
        let kw = i * ksize;
        let s0 = ROUND_HALF;
        let s1 = ROUND_HALF;
        let s2 = ROUND_HALF;
        for (let t = 0; t < n; t++) {
          const w = weights[kw++]!;
          s0 += data[p]! * w;
          s1 += data[p + 1]! * w;
          s2 += data[p + 2]! * w;
          p += 3;
        }
        tmp[o++] = clip8(s0);
        tmp[o++] = clip8(s1);
        tmp[o++] = clip8(s2);
      }
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const from = (region.top + firstRow + r) * srcStride + (region.left + window.left) * 3;
      tmp.set(data.subarray(from, from + rowBytes), r * rowBytes);
    }
  }

  const out = new Uint8Array(window.height * rowBytes);
  if (!needVertical) {
    // Identity vertically: the scratch rows are exactly the window's rows.
    out.set(tmp.subarray(0, out.length));
    return out;
  }
  // Vertical pass, tap-major so the inner loop walks contiguous memory.
  if (accumulators.length < rowBytes) accumulators = new Float64Array(rowBytes);
  const acc = accumulators;
  const { ksize, min, len, weights } = vert;
  for (let j = 0; j < window.height; j++) {
    acc.fill(ROUND_HALF, 0, rowBytes);
    const n = len[j]!;
    for (let t = 0; t < n; t++) {
      const w = weights[j * ksize + t]!;
      const base = (min[j]! - firstRow + t) * rowBytes;
      for (let b = 0; b < rowBytes; b++) acc[b] = acc[b]! + tmp[base + b]! * w;
    }
    const o = j * rowBytes;
    for (let b = 0; b < rowBytes; b++) out[o + b] = clip8(acc[b]!);
  }
  return out;
}

/** Pillow `clip8`: drop the 22 fraction bits (arithmetic shift = floor), clamp to a byte. */
function clip8(v: number): number {
  const s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : s;
}
