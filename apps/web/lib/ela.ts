/**
 * Error level analysis (ELA) pixel math, as Forensically computes it in the browser: re-encode the
 * picture as JPEG at a chosen quality and show, per channel, how far each pixel moved. Regions that
 * were saved fewer times than the rest (pasted in, retouched) tend to move differently. Pure: the
 * canvas encoding lives in components/BrowserEla.tsx.
 */

/** Quality range offered to the investigator (JPEG quality, percent). */
export const ELA_QUALITY_MIN = 50;
export const ELA_QUALITY_MAX = 100;
/** Amplification range: raw differences are small (a few levels), so they are scaled to be seen. */
export const ELA_SCALE_MIN = 1;
export const ELA_SCALE_MAX = 50;

export interface ErrorLevels {
  /** RGBA, opaque: |original − re-encoded| per channel × scale, clamped to 255. */
  pixels: Uint8ClampedArray<ArrayBuffer>;
  /** Mean raw (unscaled) difference over all R, G, B samples, 0–255. */
  mean: number;
  /** Largest raw difference of any R, G or B sample, 0–255. */
  max: number;
}

/**
 * Per-channel absolute difference of two RGBA buffers of the same picture, amplified by `scale`.
 * Alpha is ignored (a JPEG has none) and set opaque in the result.
 */
export function errorLevels(
  original: Uint8ClampedArray,
  recompressed: Uint8ClampedArray,
  scale: number,
): ErrorLevels {
  if (original.length !== recompressed.length || original.length % 4 !== 0)
    throw new RangeError(
      `ELA needs two RGBA buffers of one size (got ${original.length} and ${recompressed.length} bytes)`,
    );
  if (!Number.isFinite(scale) || scale < 0) throw new RangeError(`ELA scale must be ≥ 0 (got ${scale})`);
  const pixels = new Uint8ClampedArray(original.length);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < original.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(original[i + c]! - recompressed[i + c]!);
      sum += d;
      if (d > max) max = d;
      // Uint8ClampedArray rounds and clamps to 0–255.
      pixels[i + c] = d * scale;
    }
    pixels[i + 3] = 255;
  }
  const samples = (original.length / 4) * 3;
  return { pixels, mean: samples > 0 ? sum / samples : 0, max };
}
