import type { JpegSignals } from '../types.ts';
import {
  DOUBLE_COMPRESSION_METHOD,
  DOUBLE_COMPRESSION_THRESHOLD,
  doubleQuantisationScore,
} from './double.ts';
import { lumaHistograms } from './entropy.ts';
import { type JpegStructure, describeSubsampling, isJpegSignature, parseJpeg } from './markers.ts';
import { type QualityEstimate, estimateIjgQuality, naturalOrder } from './quality.ts';

/**
 * JPEG container signals parsed directly from the bytes (no decoder): quantisation tables, IJG quality,
 * progressive flag, chroma subsampling and a double-compression test. Never throws: non-JPEG input gives
 * isJpeg false, damaged input gives whatever could be read.
 */
export function readJpegSignals(input: Buffer): JpegSignals {
  const empty: JpegSignals = {
    isJpeg: false,
    quantizationTables: [],
    estimatedQuality: null,
    doubleCompression: null,
    progressive: false,
    subsampling: null,
  };
  if (!(input instanceof Uint8Array) || !isJpegSignature(input)) return empty;
  try {
    return signals(input);
  } catch (e) {
    // The parser is bounds-checked; this is a last line so hostile bytes can never crash a caller.
    return { ...empty, isJpeg: true, doubleCompression: notEvaluated(`internal parser error: ${String(e)}`) };
  }
}

function signals(input: Uint8Array): JpegSignals {
  const s = parseJpeg(input);
  const tables = s.quantTables.map((t) => ({ id: t.id, values: naturalOrder(t.zigzag) }));
  const quality = estimateQuality(s, tables);
  return {
    isJpeg: true,
    quantizationTables: tables,
    estimatedQuality: quality?.quality ?? null,
    doubleCompression: doubleCompression(input, s, quality),
    progressive: s.frame?.progressive ?? false,
    subsampling: s.frame ? describeSubsampling(s.frame) : null,
  };
}

function estimateQuality(
  s: JpegStructure,
  tables: { id: number; values: number[] }[],
): QualityEstimate | null {
  // The frame says which table each component uses; without one, assume the usual 0 = luma, 1 = chroma.
  const lumaId = s.frame?.components[0]?.tq ?? 0;
  const chromaId = s.frame ? s.frame.components[1]?.tq : 1;
  const luma = tables.find((t) => t.id === lumaId);
  if (!luma) return null;
  const chroma =
    chromaId === undefined || chromaId === lumaId ? undefined : tables.find((t) => t.id === chromaId);
  return estimateIjgQuality(luma.values, chroma?.values ?? null);
}

function notEvaluated(reason: string): NonNullable<JpegSignals['doubleCompression']> {
  return {
    suspected: false,
    score: 0,
    method: DOUBLE_COMPRESSION_METHOD,
    explanation: `Not evaluated: ${reason}. No conclusion can be drawn either way.`,
  };
}

function doubleCompression(
  input: Uint8Array,
  s: JpegStructure,
  quality: QualityEstimate | null,
): NonNullable<JpegSignals['doubleCompression']> {
  const h = lumaHistograms(input, s);
  if (h.blocks === 0) return notEvaluated(h.stoppedBecause ?? 'no luma blocks decoded');
  const dq = doubleQuantisationScore(h);
  if (dq.positions.length === 0) {
    return notEvaluated(`${h.blocks} luma blocks have too few non-zero low-frequency coefficients`);
  }
  const score = Math.round(dq.score * 1e4) / 1e4;
  const suspected = score >= DOUBLE_COMPRESSION_THRESHOLD;
  const parts = [
    `Score ${score} from ${h.blocks} luma 8×8 blocks over ${dq.positions.length} frequencies ` +
      `(threshold ${DOUBLE_COMPRESSION_THRESHOLD}); most irregular: ` +
      dq.strongest.map((p) => `zig-zag ${p.position} (${p.score.toFixed(3)})`).join(', ') +
      '.',
    suspected
      ? 'The coefficient histograms show the periodic gaps/peaks left when an image already JPEG-compressed ' +
        'is compressed again with different quantisation steps.'
      : 'The coefficient histograms are smooth, as after a single compression.',
  ];
  if (quality) {
    parts.push(
      quality.distance === 0
        ? `Quantisation tables are exactly libjpeg's at quality ${quality.quality}.`
        : `Quantisation tables are not libjpeg's; nearest IJG quality ${quality.quality} ` +
            `(summed step difference ${quality.distance} over ${quality.comparedTables} table(s)).`,
    );
  }
  if (h.stoppedBecause) parts.push(`Decoding stopped early (${h.stoppedBecause}); statistics are partial.`);
  parts.push(
    'Limits: recompression at the same quality, after resizing or rotating, or after cropping off the ' +
      '8×8 grid leaves no such trace; a negative result does not prove a single compression.',
  );
  return { suspected, score, method: DOUBLE_COMPRESSION_METHOD, explanation: parts.join(' ') };
}
