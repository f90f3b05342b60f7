import { decodeRgb } from './decode.ts';
import { ELA_DEFAULT_QUALITY, computeEla } from './ela.ts';
import { perceptualHashes } from './hashes.ts';
import { readJpegSignals } from './jpeg/index.ts';
import { DEFAULT_MAX_LONG_SIDE, finishMap, overlayBaseAndGrey, round } from './map.ts';
import { summarizeMetadata } from './metadata.ts';
import { computeNoise } from './noise.ts';
import { displaySize } from './raster.ts';
import type { AnalyzeOptions, ForensicReport } from './types.ts';

const ELA_FALLBACK_QUALITY = 75;
const ELA_AVOID_WITHIN = 2;

/**
 * All weight-free analyses of one image file. The file is decoded once (stored orientation) and the
 * pixel analyses share that decode; steps run one after another so `timingsMs` attributes time
 * honestly and peak memory stays near two full-resolution RGB copies. Throws ForensicsInputError for
 * input that cannot be decoded.
 */
export async function analyzeForensics(input: Buffer, options: AnalyzeOptions = {}): Promise<ForensicReport> {
  const maxLongSide = options.maxLongSide ?? DEFAULT_MAX_LONG_SIDE;
  if (!Number.isFinite(maxLongSide) || maxLongSide < 16) {
    throw new RangeError(`maxLongSide must be a number ≥ 16, got ${maxLongSide}`);
  }
  const timingsMs: Record<string, number> = {};
  const started = performance.now();
  const step = async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    const result = await run();
    timingsMs[name] = round(performance.now() - t, 1);
    return result;
  };

  const img = await step('decode', () => decodeRgb(input));
  const jpeg = await step('jpeg', () => readJpegSignals(input));
  const { base, grey } = await step('overlayBase', () => overlayBaseAndGrey(img, maxLongSide));
  const elaQuality = chooseElaQuality(jpeg.estimatedQuality);
  const elaRaw = await step('ela', () => computeEla(img, elaQuality.quality, maxLongSide));
  elaRaw.params.qualityChoice = elaQuality.reason;
  const overlays = options.overlays ?? true;
  const ela = await step('elaRender', () => finishMap(elaRaw, img, base, overlays));
  const noiseRaw = await step('noise', () => computeNoise(img, maxLongSide, grey));
  const noise = await step('noiseRender', () => finishMap(noiseRaw, img, base, overlays));
  const metadata = await step('metadata', () =>
    summarizeMetadata(input, { width: img.width, height: img.height }),
  );
  const hashes = await step('hashes', () => perceptualHashes(input));
  timingsMs.total = round(performance.now() - started, 1);

  const display = displaySize(img.width, img.height, img.orientation);
  return {
    width: display.width,
    height: display.height,
    format: img.format,
    maps: [ela, noise],
    jpeg,
    metadata,
    hashes,
    timingsMs,
  };
}

/**
 * Re-encoding at the quality a JPEG was last saved with is nearly idempotent, which leaves the ELA map
 * blank whatever was edited; such files are analysed at a clearly different quality instead.
 */
export function chooseElaQuality(fileQuality: number | null): { quality: number; reason: string } {
  if (fileQuality !== null && Math.abs(fileQuality - ELA_DEFAULT_QUALITY) <= ELA_AVOID_WITHIN) {
    return {
      quality: ELA_FALLBACK_QUALITY,
      reason:
        `${ELA_FALLBACK_QUALITY} instead of the default ${ELA_DEFAULT_QUALITY}: the file's own JPEG quality ` +
        `(≈ ${fileQuality}) would make a quality-${ELA_DEFAULT_QUALITY} re-encode nearly idempotent and the map blank`,
    };
  }
  return { quality: ELA_DEFAULT_QUALITY, reason: `default ${ELA_DEFAULT_QUALITY}` };
}
