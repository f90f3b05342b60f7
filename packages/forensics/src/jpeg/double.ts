import { HIST_POSITIONS, HIST_RANGE, type LumaHistograms } from './entropy.ts';

/** Score at or above which double compression is reported as suspected (calibrated, see tests). */
export const DOUBLE_COMPRESSION_THRESHOLD = 0.15;
/** Bins with fewer samples than this (with their neighbours) are too noisy to judge. */
const MIN_LOCAL_COUNT = 30;
/** A frequency needs this much histogram mass outside 0 and ±1 to be used. */
const MIN_POSITION_MASS = 200;

export const DOUBLE_COMPRESSION_METHOD =
  'double-quantisation histogram test on the luma DCT coefficients (after Lukáš & Fridrich 2003, ' +
  `Popescu & Farid 2004): for zig-zag frequencies 1–${HIST_POSITIONS}, the histogram of the stored ` +
  'quantised values is folded (|v|). After one compression a natural image gives a smooth histogram ' +
  'in which no bin rises above the geometric mean of its two neighbours; re-quantising already ' +
  'quantised values with a different step piles them into isolated peaks between near-empty bins. ' +
  'Score = Σ max(0, bin − √(left·right) − expected Poisson deviation) / Σ bin over bins ' +
  `2..${HIST_RANGE - 2} having at least ${MIN_LOCAL_COUNT} samples with their neighbours: the share ` +
  'of coefficient mass standing in such peaks (0 = smooth, 1 = pure comb)';

export interface DoubleQuantisation {
  score: number;
  /** Frequencies (zig-zag index) that had enough data. */
  positions: number[];
  /** The three frequencies contributing the most irregularity, for the explanation. */
  strongest: { position: number; score: number }[];
}

export function doubleQuantisationScore(h: LumaHistograms): DoubleQuantisation {
  let num = 0;
  let den = 0;
  const per: { position: number; score: number }[] = [];
  const folded = new Float64Array(HIST_RANGE + 1);
  for (let k = 1; k <= HIST_POSITIONS; k++) {
    const hist = h.hist[k];
    if (!hist) continue;
    for (let j = 1; j <= HIST_RANGE; j++)
      folded[j] = (hist[HIST_RANGE + j] ?? 0) + (hist[HIST_RANGE - j] ?? 0);
    let mass = 0;
    for (let j = 2; j < HIST_RANGE; j++) mass += folded[j] ?? 0;
    if (mass < MIN_POSITION_MASS) continue;
    let pNum = 0;
    let pDen = 0;
    // Bin HIST_RANGE holds clamped magnitudes, so the last bin compared is HIST_RANGE − 2.
    for (let j = 2; j <= HIST_RANGE - 2; j++) {
      const lo = folded[j - 1] ?? 0;
      const mid = folded[j] ?? 0;
      const hi = folded[j + 1] ?? 0;
      if (lo + mid + hi < MIN_LOCAL_COUNT) continue;
      // Only excess counts: dips below the neighbours' mean also follow from a smooth but log-convex
      // histogram (heavy-tailed natural images, coarse steps), peaks do not.
      const envelope = Math.sqrt(lo * hi);
      const noise = Math.sqrt(2 / Math.PI) * Math.sqrt(mid + (lo + hi) / 4);
      pNum += Math.max(0, mid - envelope - noise);
      pDen += mid;
    }
    if (pDen === 0) continue;
    per.push({ position: k, score: pNum / pDen });
    num += pNum;
    den += pDen;
  }
  const strongest = [...per].sort((a, b) => b.score - a.score).slice(0, 3);
  return { score: den > 0 ? num / den : 0, positions: per.map((p) => p.position), strongest };
}
