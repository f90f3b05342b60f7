import { ZIGZAG } from './markers.ts';

/** ITU-T T.81 Annex K.1 example tables, natural order: the base of libjpeg's quality scaling. */
const ANNEX_K_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
  29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
  121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const ANNEX_K_CHROMA = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...Array<number>(32).fill(99),
];

/** libjpeg's jpeg_quality_scaling + jpeg_add_quant_table with force_baseline (steps 1..255). */
export function ijgTable(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? Math.floor(5000 / q) : 200 - 2 * q;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

export function naturalOrder(zigzag: Uint16Array): number[] {
  const natural = new Array<number>(64).fill(0);
  for (let k = 0; k < 64; k++) natural[ZIGZAG[k] ?? 0] = zigzag[k] ?? 0;
  return natural;
}

export interface QualityEstimate {
  quality: number;
  /** Sum of |file step − IJG step| over the tables compared; 0 = an exact IJG table. */
  distance: number;
  comparedTables: number;
}

/**
 * The IJG quality 1..100 whose scaled Annex K tables are nearest (sum of absolute step differences)
 * to the luma table and, when given, the chroma table. Ties go to the higher quality. Exact for
 * libjpeg-family encoders (distance 0); for cameras and editors with their own tables it is the
 * closest IJG equivalent, and `distance` says how far off that is.
 */
export function estimateIjgQuality(luma: number[], chroma: number[] | null): QualityEstimate {
  let best: QualityEstimate = { quality: 1, distance: Infinity, comparedTables: chroma ? 2 : 1 };
  for (let q = 100; q >= 1; q--) {
    let d = distance(luma, ijgTable(ANNEX_K_LUMA, q));
    if (chroma) d += distance(chroma, ijgTable(ANNEX_K_CHROMA, q));
    if (d < best.distance) best = { ...best, quality: q, distance: d };
  }
  return best;
}

function distance(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < 64; i++) d += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return d;
}
