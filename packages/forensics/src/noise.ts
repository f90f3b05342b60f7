import { type RgbImage, decodeRgb, fromRaw, mapSize } from './decode.ts';
import { DEFAULT_MAX_LONG_SIDE, type RawMap, finishMap, overlayBase, round } from './map.ts';
import { AreaMean, boxMean } from './raster.ts';
import type { ForensicMap } from './types.ts';

const MEDIAN_SIZE = 3;
/** Noise is estimated over a (2·16+1)² source-pixel window: enough samples for a stable mean. */
const WINDOW_RADIUS = 16;
/** Map value 1.0 = local noise 2^2 = 4× above or below the image's median noise level. */
const FULL_SCALE_LOG2 = 2;
/** Levels added to both sides of the ratio so perfectly flat areas do not divide by zero. */
const EPSILON_LEVELS = 0.25;

/**
 * Noise-level consistency. A camera image carries sensor noise of similar strength across areas of
 * similar brightness; pasted, smoothed or synthesised regions usually do not. The residual of a 3×3
 * median filter isolates that noise; its local mean absolute value is the local noise level, and the
 * map shows how far (in log2) each place departs from the image-wide median level, in either direction.
 */
export async function computeNoise(img: RgbImage, maxLongSide: number): Promise<RawMap> {
  const { width: w, height: h } = img;
  const size = mapSize(w, h, maxLongSide);
  const grey = await fromRaw(img.data, w, h, 3).greyscale().raw().toBuffer();
  const smooth = await fromRaw(grey, w, h, 1).median(MEDIAN_SIZE).raw().toBuffer();
  if (smooth.length !== grey.length) throw new Error('median filter changed the image size');

  const bins = new AreaMean(w, h, size.width, size.height);
  const { acc, colBin } = bins;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) acc[colBin[x] ?? 0] += Math.abs((grey[i] ?? 0) - (smooth[i] ?? 0));
    bins.endRow(y);
  }
  const radius = Math.max(1, Math.round((WINDOW_RADIUS * size.width) / w));
  const level = boxMean(bins.out, size.width, size.height, radius);
  const reference = median(level);
  const values = new Float32Array(level.length);
  const denominator = reference + EPSILON_LEVELS;
  for (let i = 0; i < level.length; i++) {
    const ratio = ((level[i] ?? 0) + EPSILON_LEVELS) / denominator;
    values[i] = Math.min(1, Math.abs(Math.log2(ratio)) / FULL_SCALE_LOG2);
  }
  return {
    kind: 'NOISE',
    values,
    width: size.width,
    height: size.height,
    params: {
      method:
        `noise residual: luma minus its ${MEDIAN_SIZE}×${MEDIAN_SIZE} median; local noise level = mean ` +
        `|residual| over a ${2 * radius + 1}×${2 * radius + 1} map-pixel window`,
      medianFilter: MEDIAN_SIZE,
      windowMapPixels: 2 * radius + 1,
      referenceLevel: round(reference, 4),
      normalisation:
        `value = min(1, |log2((level + ${EPSILON_LEVELS}) / (${round(reference, 4)} + ${EPSILON_LEVELS}))| / ` +
        `${FULL_SCALE_LOG2}); 1 = ${2 ** FULL_SCALE_LOG2}× more or less noise than the image median`,
      interpretation:
        'brighter = noise level unlike the rest of the image; strong edges, fine texture and clipped or ' +
        'perfectly flat areas (sky, studio backgrounds) also depart from the median and are expected',
    },
  };
}

/** Median of the values (exact, via a sorted copy of at most a strided sample of 1M values). */
function median(values: Float32Array): number {
  const step = Math.max(1, Math.floor(values.length / 1_000_000));
  const sample = new Float32Array(Math.ceil(values.length / step));
  for (let i = 0, j = 0; i < values.length; i += step, j++) sample[j] = values[i] ?? 0;
  sample.sort();
  return sample[Math.floor(sample.length / 2)] ?? 0;
}

/** Noise-consistency map of an image file (see computeNoise); maps are in display orientation. */
export async function noiseResidual(input: Buffer, opts: { maxLongSide?: number } = {}): Promise<ForensicMap> {
  const maxLongSide = opts.maxLongSide ?? DEFAULT_MAX_LONG_SIDE;
  const img = await decodeRgb(input);
  const raw = await computeNoise(img, maxLongSide);
  return finishMap(raw, img, await overlayBase(img, maxLongSide));
}
