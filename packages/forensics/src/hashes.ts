import { assertBuffer, openImage, probeImage } from './decode.ts';
import { decodeError } from './errors.ts';
import type { PerceptualHashes } from './types.ts';

/** Grey-scale pixels at exactly width×height, EXIF orientation applied first (hashes match what is seen). */
async function greyThumbnail(input: Buffer, width: number, height: number): Promise<Uint8Array> {
  try {
    return await openImage(input)
      .autoOrient()
      .greyscale()
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
  } catch (e) {
    throw decodeError(e);
  }
}

/** Unnormalised DCT-II along rows of an n×n matrix (scipy.fftpack.dct's default convention). */
function dctRows(src: Float64Array, n: number, cos: Float64Array): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (src[r * n + i] ?? 0) * (cos[k * n + i] ?? 0);
      out[r * n + k] = 2 * sum;
    }
  }
  return out;
}

function transpose(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[c * n + r] = m[r * n + c] ?? 0;
  return out;
}

/**
 * pHash as in the widely used Python `imagehash.phash`: 32×32 grey (Lanczos), 2-D DCT-II, the
 * top-left 8×8 coefficients *including* the DC term, bit = coefficient > median of those 64 (median
 * of an even count = mean of the middle two). Bits row-major from the lowest frequency.
 */
export function phashFromPixels(pixels: Uint8Array): string {
  const n = 32;
  const cos = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) cos[k * n + i] = Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  const rows = dctRows(Float64Array.from(pixels), n, cos);
  const both = transpose(dctRows(transpose(rows, n), n, cos), n);
  const low: number[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) low.push(both[r * n + c] ?? 0);
  const sorted = [...low].sort((a, b) => a - b);
  const median = ((sorted[31] ?? 0) + (sorted[32] ?? 0)) / 2;
  return low.map((v) => (v > median ? '1' : '0')).join('');
}

/** dHash as in `imagehash.dhash`: 9×8 grey, bit = right neighbour brighter than left, row-major. */
export function dhashFromPixels(pixels: Uint8Array): string {
  let bits = '';
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits += (pixels[y * 9 + x + 1] ?? 0) > (pixels[y * 9 + x] ?? 0) ? '1' : '0';
  }
  return bits;
}

/**
 * Perceptual hashes for near-duplicate search: 64-bit strings of '0'/'1' (Postgres bit(64) text form).
 * Comparable to, not bit-identical with, Python imagehash (grey conversion and resampler differ).
 */
export async function perceptualHashes(input: Buffer): Promise<PerceptualHashes> {
  assertBuffer(input);
  await probeImage(input);
  const [p, d] = await Promise.all([greyThumbnail(input, 32, 32), greyThumbnail(input, 9, 8)]);
  return { phash: phashFromPixels(p), dhash: dhashFromPixels(d) };
}

/** Number of differing bits between two equal-length '0'/'1' strings; RangeError otherwise. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError(`hash lengths differ (${a.length} vs ${b.length})`);
  if (!/^[01]*$/.test(a) || !/^[01]*$/.test(b)) throw new RangeError("hashes must contain only '0' and '1'");
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}
