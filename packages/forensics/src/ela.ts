import sharp from 'sharp';
import { type RgbImage, decodeRgb, fromRaw, mapSize } from './decode.ts';
import { DEFAULT_MAX_LONG_SIDE, type RawMap, finishMap, overlayBase, round } from './map.ts';
import { AreaMean, addInto, quantile, quantileOfCounts } from './raster.ts';
import type { ForensicMap } from './types.ts';

export const ELA_DEFAULT_QUALITY = 90;
/** Display scale: the map's 99.5th percentile becomes 1.0 (brightest 0.5 % clip)… */
const SCALE_QUANTILE = 0.995;
/** …but never below this many levels, so a near-identical re-encode is not amplified into noise. */
const MIN_FULL_SCALE_LEVELS = 0.25;

/**
 * Error level analysis on decoded pixels: re-encode at `quality` and measure how much each pixel
 * changes. Content already JPEG-compressed at a similar or lower quality changes little; content added
 * or saved at higher quality afterwards changes more, so it shows brighter.
 */
export async function computeEla(img: RgbImage, quality: number, maxLongSide: number): Promise<RawMap> {
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new RangeError(`ELA quality must be an integer 1..100, got ${quality}`);
  }
  const { width: w, height: h } = img;
  const size = mapSize(w, h, maxLongSide);
  // Computed on the stored pixel grid so the re-encode's 8×8 blocks coincide with the file's own.
  const jpeg = await fromRaw(img.data, w, h, 3)
    .jpeg({ quality, chromaSubsampling: '4:2:0', quantisationTable: 0, mozjpeg: false })
    .toBuffer();
  const again = await sharp(jpeg).raw().toBuffer();
  // ELA is read by comparing regions within one image, so the display scale adapts to the image;
  // the absolute levels stay recoverable (value × fullScaleLevels) and comparable across images.
  let values: Float32Array;
  let levelSum: number;
  let p995: number;
  if (size.width === w && size.height === h) {
    // Full size: each pixel is one of 766 levels (k / 3 for a sum k of three 8-bit differences), so
    // one pass stores them, sums them and counts each; the percentile comes from the counts.
    values = new Float32Array(w * h);
    const counts = new Uint32Array(THIRDS.length);
    const odd = new Uint32Array(THIRDS.length);
    levelSum = fullSizeLevels(img.data, again, values, counts, odd);
    addInto(counts, odd);
    p995 = quantileOfCounts(counts, THIRDS, SCALE_QUANTILE, 255);
  } else {
    const bins = new AreaMean(w, h, size.width, size.height);
    addDifferences(img.data, again, w, h, bins);
    values = bins.out;
    levelSum = thirdsAndSum(values);
    p995 = quantile(values, SCALE_QUANTILE, 255);
  }
  const fullScale = Math.max(MIN_FULL_SCALE_LEVELS, p995);
  scaleAndClip(values, fullScale);
  return {
    kind: 'ELA',
    values,
    width: size.width,
    height: size.height,
    params: {
      method:
        'error level analysis: the decoded image is re-encoded as JPEG and decoded again; each pixel is the ' +
        'mean over R, G, B of |original − re-encoded| in 8-bit levels (area-averaged when the map is downscaled)',
      quality,
      chromaSubsampling: '4:2:0',
      encoder: `libvips ${sharp.versions.vips} via sharp ${sharp.versions.sharp ?? 'unknown'}, baseline JPEG, Annex K tables with IJG scaling`,
      normalisation:
        `value = min(1, levels / fullScaleLevels); fullScaleLevels = max(${MIN_FULL_SCALE_LEVELS}, ` +
        `${SCALE_QUANTILE * 100}th percentile of levels); absolute levels = value × fullScaleLevels`,
      fullScaleLevels: round(fullScale, 4),
      meanLevels: round(values.length ? levelSum / values.length : 0, 4),
      p995Levels: round(p995, 4),
      interpretation:
        'brighter = changes more on re-compression; compare regions of similar texture, since edges and ' +
        'fine texture are always brighter than flat areas',
    },
  };
}

// The per-pixel loops live in small functions of typed arrays and numbers (here, in raster.ts and
// in the detector's heatmap): V8 optimises each once per thread from complete type feedback.
// Written inline, each image's single call entered them by on-stack replacement and deoptimised on
// the cold code after them, so computeEla was compiled again for nearly every image
// (node --trace-opt --trace-deopt: 32 compiles in 40 photos).

/** k / 3 as float32 for every sum k of three 8-bit differences: what thirdsAndSum stores. */
const THIRDS = Float32Array.from({ length: 766 }, (_, k) => k / 3);

/**
 * values[p] = THIRDS[Σ over R, G, B of |src − again|] for every pixel p; returns the values' sum in
 * pixel order and counts each level, even pixels in `counts` and odd ones in `odd` (see
 * fillHistogram in raster.ts).
 */
function fullSizeLevels(
  src: Uint8Array,
  again: Uint8Array,
  values: Float32Array,
  counts: Uint32Array,
  odd: Uint32Array,
): number {
  let sum = 0;
  for (let p = 0, i = 0; p < values.length; p++, i += 3) {
    const k = rgbDifference(src, again, i);
    const v = THIRDS[k]!;
    values[p] = v;
    sum += v;
    if (p & 1) odd[k]!++;
    else counts[k]!++;
  }
  return sum;
}

/** Feeds `bins` each row's per-pixel Σ over R, G, B of |src − again| (w × h RGB images). */
function addDifferences(src: Uint8Array, again: Uint8Array, w: number, h: number, bins: AreaMean): void {
  const row = new Int32Array(w);
  for (let y = 0; y < h; y++) {
    diffRow(src, again, y * w * 3, row);
    bins.addRow(row, y);
  }
}

/** row[x] = Σ over R, G, B of |src − again| for the `row.length` pixels from byte `i`. */
function diffRow(src: Uint8Array, again: Uint8Array, i: number, row: Int32Array): void {
  for (let x = 0; x < row.length; x++, i += 3) row[x] = rgbDifference(src, again, i);
}

/** Σ over R, G, B of |src − again| for the pixel at byte i: 0..765. */
function rgbDifference(src: Uint8Array, again: Uint8Array, i: number): number {
  return (
    Math.abs(src[i]! - again[i]!) +
    Math.abs(src[i + 1]! - again[i + 1]!) +
    Math.abs(src[i + 2]! - again[i + 2]!)
  );
}

/** values ÷= 3 in place (R, G, B sum → mean); returns the sum of the stored (float32) results. */
function thirdsAndSum(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = values[i]! / 3;
    sum += values[i]!;
  }
  return sum;
}

function scaleAndClip(values: Float32Array, fullScale: number): void {
  for (let i = 0; i < values.length; i++) values[i] = Math.min(1, values[i]! / fullScale);
}

/** ELA map of an image file (see computeEla); maps are in display orientation. */
export async function errorLevelAnalysis(
  input: Buffer,
  opts: { quality?: number; maxLongSide?: number } = {},
): Promise<ForensicMap> {
  const maxLongSide = opts.maxLongSide ?? DEFAULT_MAX_LONG_SIDE;
  const img = await decodeRgb(input);
  const raw = await computeEla(img, opts.quality ?? ELA_DEFAULT_QUALITY, maxLongSide);
  return finishMap(raw, img, await overlayBase(img, maxLongSide));
}
