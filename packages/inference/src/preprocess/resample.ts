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
 *
 * The passes run as WebAssembly SIMD kernels (simd.ts) where available; `resizeBicubicJs` is the
 * plain-JS port they are tested against byte for byte.
 */

import { simdKernels, type ResampleKernels } from './simd.ts';

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

/** Rows of the (cropped) source the vertical pass reads: Pillow's ybox_first … ybox_last. */
function sourceRows(vert: Coefficients, needVertical: boolean, window: PixelRect): [number, number] {
  // Without a vertical pass the window's own rows are all that is needed.
  if (!needVertical) return [window.top, window.top + window.height];
  const last = window.height - 1;
  return [vert.min[0]!, vert.min[last]! + vert.len[last]!];
}

/**
 * `src.crop(region).resize((outWidth, outHeight), BICUBIC)`, returning only the pixels inside
 * `window` (in resized coordinates) as packed RGB. Uses the WebAssembly SIMD kernels where the
 * runtime has them, the plain-JS port otherwise; both give identical bytes.
 */
export function resizeBicubic(
  src: RgbImage,
  region: PixelRect,
  outWidth: number,
  outHeight: number,
  window: PixelRect = { left: 0, top: 0, width: outWidth, height: outHeight },
): Uint8Array {
  const kernels = simdKernels();
  return kernels
    ? resizeWithKernels(kernels, src, region, outWidth, outHeight, window)
    : resizeBicubicJs(src, region, outWidth, outHeight, window);
}

// Scratch buffers for the JS path, grown on demand and reused (the resampler is synchronous, so
// one per process is safe) to keep the garbage collector out of the loop.
let scratch = new Uint8Array(0);
let accumulators = new Int32Array(0);

/** Plain-JS port of Pillow's two passes; the readable reference for the SIMD kernels. */
export function resizeBicubicJs(
  src: RgbImage,
  region: PixelRect,
  outWidth: number,
  outHeight: number,
  window: PixelRect = { left: 0, top: 0, width: outWidth, height: outHeight },
): Uint8Array {
  const { data } = src;
  const srcStride = src.width * 3;
  const needHorizontal = outWidth !== region.width;
  const needVertical = outHeight !== region.height;
  const vert = precomputeCoefficients(region.height, outHeight, window.top, window.height);
  const [firstRow, lastRow] = sourceRows(vert, needVertical, window);
  const rows = lastRow - firstRow;
  const winW = window.width;
  const rowBytes = winW * 3;

  // Horizontal pass, or a plain copy of the window's columns when the width is unchanged (Pillow
  // skips the pass then; at scale 1 the kernel would be the identity anyway).
  if (scratch.length < rows * rowBytes) scratch = new Uint8Array(rows * rowBytes);
  const tmp = scratch;
  if (needHorizontal) {
    const { ksize, min, len, weights } = precomputeCoefficients(region.width, outWidth, window.left, winW);
    for (let r = 0; r < rows; r++) {
      const rowBase = (region.top + firstRow + r) * srcStride + region.left * 3;
      let o = r * rowBytes;
      for (let i = 0; i < winW; i++) {
        let p = rowBase + min[i]! * 3;
        let kw = i * ksize;
        let s0 = ROUND_HALF;
        let s1 = ROUND_HALF;
        let s2 = ROUND_HALF;
        // int32 arithmetic (Math.imul, | 0) exactly like Pillow's `int ss0 += (UINT8) * INT32`.
        for (let t = len[i]!; t > 0; t--) {
          const w = weights[kw++]!;
          s0 = (s0 + Math.imul(data[p]!, w)) | 0;
          s1 = (s1 + Math.imul(data[p + 1]!, w)) | 0;
          s2 = (s2 + Math.imul(data[p + 2]!, w)) | 0;
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
    out.set(tmp.subarray(0, out.length));
    return out;
  }
  // Vertical pass, tap-major so the inner loop walks contiguous memory.
  if (accumulators.length < rowBytes) accumulators = new Int32Array(rowBytes);
  const acc = accumulators;
  const { ksize, min, len, weights } = vert;
  for (let j = 0; j < window.height; j++) {
    acc.fill(ROUND_HALF, 0, rowBytes);
    for (let t = 0; t < len[j]!; t++) {
      const w = weights[j * ksize + t]!;
      const base = (min[j]! - firstRow + t) * rowBytes;
      for (let b = 0; b < rowBytes; b++) acc[b] = (acc[b]! + Math.imul(tmp[base + b]!, w)) | 0;
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

const STRIP_BYTES = 1 << 20;
const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Drives the SIMD kernels: weights and bounds go into WebAssembly memory, source rows are copied
 * in strips of about 1 MiB (so memory stays small however large the photo), the horizontal pass
 * fills an 8-bit intermediate whose rows are padded to 16 bytes, the vertical pass reads it.
 */
function resizeWithKernels(
  k: ResampleKernels,
  src: RgbImage,
  region: PixelRect,
  outWidth: number,
  outHeight: number,
  window: PixelRect,
): Uint8Array {
  const needHorizontal = outWidth !== region.width;
  const needVertical = outHeight !== region.height;
  const vert = precomputeCoefficients(region.height, outHeight, window.top, window.height);
  const horiz = precomputeCoefficients(region.width, outWidth, window.left, window.width);
  const [firstRow, lastRow] = sourceRows(vert, needVertical, window);
  const rows = lastRow - firstRow;
  const rowBytes = window.width * 3;
  const stride = align16(rowBytes + 1); // +1: hpass writes one junk byte past each pixel
  const srcRowBytes = region.width * 3;
  const stripRows = Math.max(1, Math.min(rows, Math.floor(STRIP_BYTES / srcRowBytes)));

  let top = 0;
  const take = (bytes: number) => {
    const at = top;
    top += align16(bytes + 16);
    return at;
  };
  const hBounds = take(window.width * 8);
  const hWeights = take(horiz.weights.byteLength);
  const vBounds = take(window.height * 8);
  const vWeights = take(vert.weights.byteLength);
  const tmp = take(rows * stride);
  const out = take(window.height * stride);
  const strip = take(stripRows * srcRowBytes + 8); // +8: hpass reads 8 bytes at the last pixel
  if (top > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((top - k.memory.buffer.byteLength) / 65536));
  const mem = new Uint8Array(k.memory.buffer);
  const i32 = new Int32Array(k.memory.buffer);

  for (let i = 0; i < window.width; i++) {
    i32[hBounds / 4 + 2 * i] = horiz.min[i]! * 3;
    i32[hBounds / 4 + 2 * i + 1] = horiz.len[i]!;
  }
  i32.set(horiz.weights, hWeights / 4);
  for (let j = 0; j < window.height; j++) {
    i32[vBounds / 4 + 2 * j] = (vert.min[j]! - firstRow) * stride;
    i32[vBounds / 4 + 2 * j + 1] = vert.len[j]!;
  }
  i32.set(vert.weights, vWeights / 4);

  const srcStride = src.width * 3;
  for (let r0 = 0; r0 < rows; r0 += stripRows) {
    const n = Math.min(stripRows, rows - r0);
    for (let r = 0; r < n; r++) {
      const y = region.top + firstRow + r0 + r;
      if (needHorizontal) {
        const from = y * srcStride + region.left * 3;
        mem.set(src.data.subarray(from, from + srcRowBytes), strip + r * srcRowBytes);
      } else {
        const from = y * srcStride + (region.left + window.left) * 3;
        mem.set(src.data.subarray(from, from + rowBytes), tmp + (r0 + r) * stride);
      }
    }
    if (needHorizontal) {
      k.hpass(
        strip,
        srcRowBytes,
        n,
        tmp + r0 * stride,
        stride,
        window.width,
        hBounds,
        hWeights,
        horiz.ksize * 4,
      );
    }
  }
  const rowsOut = needVertical ? out : tmp;
  if (needVertical) k.vpass(tmp, stride, window.height, out, vBounds, vWeights, vert.ksize * 4);
  const result = new Uint8Array(window.height * rowBytes);
  for (let j = 0; j < window.height; j++) {
    result.set(mem.subarray(rowsOut + j * stride, rowsOut + j * stride + rowBytes), j * rowBytes);
  }
  return result;
}
