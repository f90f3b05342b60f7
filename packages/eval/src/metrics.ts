/**
 * Binary-classification metrics for scores where a higher score means "more likely fake" and
 * label 1 = fake. Every function accepts optional per-item weights (the bootstrap uses them as
 * resample counts; a weight of 0 removes an item). Definitions and formulas: docs/evaluation.md.
 * The numbers agree with scikit-learn to 1e-9 (metrics.parity.test.ts).
 */
import { EvalInputError } from './errors.ts';

export interface ScoredSet {
  scores: ArrayLike<number>;
  /** 1 = fake (positive), 0 = real. */
  labels: ArrayLike<number>;
  /** Non-negative; default 1 each. */
  weights?: ArrayLike<number>;
}

/** Items sorted by score, highest first, once; every curve below is a scan over this order. */
export interface SortedSet {
  scores: Float64Array;
  labels: Uint8Array;
  weights: Float64Array;
}

/** Checks the input and sorts it by score, descending (ties keep input order). */
export function sortSet(set: ScoredSet): SortedSet {
  const n = set.scores.length;
  if (set.labels.length !== n) {
    throw new EvalInputError(`scores has ${n} values but labels has ${set.labels.length}`);
  }
  if (set.weights && set.weights.length !== n) {
    throw new EvalInputError(`scores has ${n} values but weights has ${set.weights.length}`);
  }
  for (let i = 0; i < n; i++) {
    const s = set.scores[i]!;
    const y = set.labels[i]!;
    if (!Number.isFinite(s)) throw new EvalInputError(`score ${i} is not a finite number (${s})`);
    if (y !== 0 && y !== 1) throw new EvalInputError(`label ${i} must be 0 (real) or 1 (fake), got ${y}`);
    const w = set.weights ? set.weights[i]! : 1;
    if (!(w >= 0) || !Number.isFinite(w))
      throw new EvalInputError(`weight ${i} must be finite and ≥ 0, got ${w}`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => set.scores[b]! - set.scores[a]! || a - b);
  const out: SortedSet = {
    scores: new Float64Array(n),
    labels: new Uint8Array(n),
    weights: new Float64Array(n),
  };
  order.forEach((i, k) => {
    out.scores[k] = set.scores[i]!;
    out.labels[k] = set.labels[i]!;
    out.weights[k] = set.weights ? set.weights[i]! : 1;
  });
  return out;
}

/**
 * The ROC / PR operating points: one per distinct score (cumulative weight of positives `tp` and
 * negatives `fp` with score ≥ threshold), preceded by the point (0, 0) at threshold +∞. Same
 * points as scikit-learn's `roc_curve(drop_intermediate=False)`.
 */
export interface OperatingPoints {
  thresholds: number[];
  tp: number[];
  fp: number[];
  positives: number;
  negatives: number;
}

/** `weights` overrides the set's own (the bootstrap passes resample counts in sorted order). */
export function operatingPoints(
  sorted: SortedSet,
  weights: ArrayLike<number> = sorted.weights,
): OperatingPoints {
  const thresholds = [Number.POSITIVE_INFINITY];
  const tp = [0];
  const fp = [0];
  let t = 0;
  let f = 0;
  const n = sorted.scores.length;
  for (let k = 0; k < n; k++) {
    const w = weights[k]!;
    if (sorted.labels[k] === 1) t += w;
    else f += w;
    const last = k === n - 1 || sorted.scores[k + 1] !== sorted.scores[k];
    // A distinct score whose items all have weight 0 is not an operating point of this sample.
    if (last && (t !== tp[tp.length - 1] || f !== fp[fp.length - 1])) {
      thresholds.push(sorted.scores[k]!);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp, positives: t, negatives: f };
}

function requireBothClasses(p: OperatingPoints, what: string): void {
  if (p.positives <= 0 || p.negatives <= 0) {
    throw new EvalInputError(
      `${what} needs both classes: ${p.positives} fake and ${p.negatives} real (by weight)`,
    );
  }
}

/** Area under the ROC curve (trapezoids between operating points; ties count one half). */
export function auroc(p: OperatingPoints): number {
  requireBothClasses(p, 'AUROC');
  let area = 0;
  for (let k = 1; k < p.tp.length; k++) {
    area += (p.fp[k]! - p.fp[k - 1]!) * (p.tp[k]! + p.tp[k - 1]!);
  }
  return area / (2 * p.positives * p.negatives);
}

/** Average precision: Σ (Rₖ − Rₖ₋₁)·Pₖ over operating points (scikit-learn's definition, no interpolation). */
export function averagePrecision(p: OperatingPoints): number {
  requireBothClasses(p, 'average precision');
  let ap = 0;
  for (let k = 1; k < p.tp.length; k++) {
    const dRecall = p.tp[k]! - p.tp[k - 1]!;
    if (dRecall > 0) ap += (dRecall / p.positives) * (p.tp[k]! / (p.tp[k]! + p.fp[k]!));
  }
  return ap;
}

/**
 * Equal error rate: the rate where the false-positive rate equals the false-negative rate
 * (1 − TPR), linearly interpolated between the two operating points where FNR − FPR changes sign.
 */
export function equalErrorRate(p: OperatingPoints): number {
  requireBothClasses(p, 'EER');
  let prevFpr = 0;
  let prevDiff = 1;
  for (let k = 0; k < p.tp.length; k++) {
    const fpr = p.fp[k]! / p.negatives;
    const fnr = 1 - p.tp[k]! / p.positives;
    const diff = fnr - fpr;
    if (diff <= 0) {
      if (diff === 0 || k === 0) return fpr;
      const t = prevDiff / (prevDiff - diff);
      return prevFpr + t * (fpr - prevFpr);
    }
    prevFpr = fpr;
    prevDiff = diff;
  }
  // Unreachable: the last point has FPR = 1 and FNR = 0.
  return prevFpr;
}

/**
 * The best true-positive rate among operating points whose false-positive rate is ≤ `maxFpr`, and
 * the score threshold (`score ≥ threshold` → fake) that reaches it; +∞ when only "call nothing
 * fake" stays under the rate.
 */
export function tprAtFpr(
  p: OperatingPoints,
  maxFpr: number,
): { tpr: number; fpr: number; threshold: number } {
  requireBothClasses(p, 'TPR at FPR');
  if (!(maxFpr >= 0 && maxFpr <= 1)) throw new EvalInputError(`FPR target must be in [0, 1], got ${maxFpr}`);
  let best = { tpr: 0, fpr: 0, threshold: Number.POSITIVE_INFINITY };
  for (let k = 0; k < p.tp.length; k++) {
    const fpr = p.fp[k]! / p.negatives;
    if (fpr > maxFpr) break;
    const tpr = p.tp[k]! / p.positives;
    if (tpr >= best.tpr) best = { tpr, fpr, threshold: p.thresholds[k]! };
  }
  return best;
}

/** Share of items classified right by `score ≥ threshold` → fake. */
export function accuracy(
  sorted: SortedSet,
  threshold: number,
  weights: ArrayLike<number> = sorted.weights,
): number {
  let right = 0;
  let total = 0;
  for (let k = 0; k < sorted.scores.length; k++) {
    const w = weights[k]!;
    total += w;
    if ((sorted.scores[k]! >= threshold ? 1 : 0) === sorted.labels[k]) right += w;
  }
  if (total <= 0) throw new EvalInputError('accuracy needs at least one item');
  return right / total;
}

function requireProbabilities(sorted: SortedSet, what: string): void {
  for (const s of sorted.scores) {
    if (s < 0 || s > 1)
      throw new EvalInputError(`${what} needs probabilities in [0, 1]; got a score of ${s}`);
  }
}

/** Brier score: weighted mean of (p − y)². */
export function brierScore(sorted: SortedSet, weights: ArrayLike<number> = sorted.weights): number {
  requireProbabilities(sorted, 'the Brier score');
  let sum = 0;
  let total = 0;
  for (let k = 0; k < sorted.scores.length; k++) {
    const w = weights[k]!;
    const d = sorted.scores[k]! - sorted.labels[k]!;
    sum += w * d * d;
    total += w;
  }
  if (total <= 0) throw new EvalInputError('the Brier score needs at least one item');
  return sum / total;
}

/** Default number of equal-width bins for ECE and the reliability diagram. */
export const ECE_BINS = 10;

/**
 * Index of the equal-width bin of p in [0, 1]: bin b holds (b/B, (b+1)/B], bin 0 also holds 0 —
 * the same assignment as scikit-learn's `calibration_curve(strategy="uniform")`.
 */
export function binIndex(p: number, bins: number): number {
  // Edges as numpy's linspace computes them, so a p exactly on an edge lands where sklearn puts it.
  let b = 0;
  while (b < bins - 1 && p > (b + 1) * (1 / bins)) b++;
  return b;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  /** Total weight of the items in the bin. */
  count: number;
  meanPredicted: number;
  fractionFake: number;
}

/** Per-bin mean predicted probability and observed fraction of fakes (empty bins left out). */
export function reliabilityBins(
  sorted: SortedSet,
  bins = ECE_BINS,
  weights: ArrayLike<number> = sorted.weights,
): ReliabilityBin[] {
  requireProbabilities(sorted, 'calibration');
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let k = 0; k < sorted.scores.length; k++) {
    const w = weights[k]!;
    if (w === 0) continue;
    const b = binIndex(sorted.scores[k]!, bins);
    count[b]! += w;
    sumP[b]! += w * sorted.scores[k]!;
    sumY[b]! += w * sorted.labels[k]!;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) {
      out.push({
        lower: b / bins,
        upper: (b + 1) / bins,
        count: count[b]!,
        meanPredicted: sumP[b]! / count[b]!,
        fractionFake: sumY[b]! / count[b]!,
      });
    }
  }
  return out;
}

/** Expected calibration error: Σ_b (n_b / N) · |fraction fake_b − mean predicted_b| over equal-width bins. */
export function expectedCalibrationError(
  sorted: SortedSet,
  bins = ECE_BINS,
  weights: ArrayLike<number> = sorted.weights,
): number {
  const rel = reliabilityBins(sorted, bins, weights);
  const total = rel.reduce((s, b) => s + b.count, 0);
  if (total <= 0) throw new EvalInputError('ECE needs at least one item');
  return rel.reduce((s, b) => s + (b.count / total) * Math.abs(b.fractionFake - b.meanPredicted), 0);
}
