/**
 * All metrics of one signal on one set of items, each with a stratified percentile-bootstrap 95 %
 * interval (docs/evaluation.md).
 */
import { EvalInputError } from './errors.ts';
import {
  accuracy,
  auroc,
  averagePrecision,
  brierScore,
  ECE_BINS,
  equalErrorRate,
  expectedCalibrationError,
  operatingPoints,
  sortSet,
  tprAtFpr,
  type ScoredSet,
  type SortedSet,
} from './metrics.ts';

export interface Estimate {
  value: number;
  /** 2.5th and 97.5th percentiles of the bootstrap distribution; null when bootstrap is off. */
  ci95: [number, number] | null;
}

export interface SignalMetrics {
  n: number;
  fakes: number;
  reals: number;
  auroc: Estimate;
  ap: Estimate;
  eer: Estimate;
  tprAtFpr1: Estimate;
  tprAtFpr5: Estimate;
  /** At the signal's own decision threshold; null when the signal has none. */
  accuracy: Estimate | null;
  /** Share of reals / of fakes at or above the threshold (false- and true-positive rate there). */
  fprAtThreshold: Estimate | null;
  tprAtThreshold: Estimate | null;
  threshold: number | null;
  /** Only for scores that are probabilities; null otherwise. */
  brier: Estimate | null;
  ece: Estimate | null;
  /** Why a metric is missing. */
  notes: string[];
}

export interface EvaluateOptions {
  /** Decision threshold (`score ≥ threshold` → fake), or null when the signal defines none. */
  threshold: number | null;
  /** True when the score is a probability of "fake" (Brier and ECE are computed). */
  probabilistic: boolean;
  /** Number of bootstrap resamples; 0 turns intervals off. Default 1000. */
  resamples?: number;
  /** Seed of the resampling generator, so a run is reproducible. Default 1. */
  seed?: number;
  eceBins?: number;
}

type MetricName =
  | 'auroc'
  | 'ap'
  | 'eer'
  | 'tprAtFpr1'
  | 'tprAtFpr5'
  | 'accuracy'
  | 'fprAtThreshold'
  | 'tprAtThreshold'
  | 'brier'
  | 'ece';

/** False- and true-positive rate of `score ≥ threshold`. */
function ratesAt(
  sorted: SortedSet,
  weights: ArrayLike<number>,
  threshold: number,
): { fpr: number; tpr: number } {
  let fp = 0;
  let tp = 0;
  let neg = 0;
  let pos = 0;
  for (let k = 0; k < sorted.scores.length; k++) {
    const w = weights[k]!;
    const called = sorted.scores[k]! >= threshold;
    if (sorted.labels[k] === 1) {
      pos += w;
      if (called) tp += w;
    } else {
      neg += w;
      if (called) fp += w;
    }
  }
  return { fpr: fp / neg, tpr: tp / pos };
}

function pointMetrics(
  sorted: SortedSet,
  weights: ArrayLike<number>,
  opts: EvaluateOptions,
): Record<MetricName, number | null> {
  const p = operatingPoints(sorted, weights);
  const bins = opts.eceBins ?? ECE_BINS;
  const rates = opts.threshold === null ? null : ratesAt(sorted, weights, opts.threshold);
  return {
    auroc: auroc(p),
    ap: averagePrecision(p),
    eer: equalErrorRate(p),
    tprAtFpr1: tprAtFpr(p, 0.01).tpr,
    tprAtFpr5: tprAtFpr(p, 0.05).tpr,
    accuracy: opts.threshold === null ? null : accuracy(sorted, opts.threshold, weights),
    fprAtThreshold: rates ? rates.fpr : null,
    tprAtThreshold: rates ? rates.tpr : null,
    brier: opts.probabilistic ? brierScore(sorted, weights) : null,
    ece: opts.probabilistic ? expectedCalibrationError(sorted, bins, weights) : null,
  };
}

/** A small, fast, seedable generator (mulberry32); the bootstrap needs reproducibility, not cryptography. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-th percentile (0..100) of sorted values, linear interpolation (numpy's default method). */
export function percentile(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) throw new EvalInputError('percentile of no values');
  const h = ((n - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sortedValues[lo]! + (h - lo) * (sortedValues[hi]! - sortedValues[lo]!);
}

/**
 * Bootstrap distributions of every metric: each resample draws as many fakes and as many reals as
 * the set has, with replacement, within each class (stratified, so every resample has both classes).
 */
export function bootstrap(
  sorted: SortedSet,
  opts: EvaluateOptions,
  resamples: number,
): Record<MetricName, Float64Array | null> {
  const pos: number[] = [];
  const neg: number[] = [];
  sorted.labels.forEach((y, k) => (y === 1 ? pos : neg).push(k));
  const random = seededRandom(opts.seed ?? 1);
  const counts = new Float64Array(sorted.scores.length);
  const names: MetricName[] = [
    'auroc',
    'ap',
    'eer',
    'tprAtFpr1',
    'tprAtFpr5',
    'accuracy',
    'fprAtThreshold',
    'tprAtThreshold',
    'brier',
    'ece',
  ];
  const out = {} as Record<MetricName, Float64Array | null>;
  for (const name of names) out[name] = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < pos.length; i++) counts[pos[Math.floor(random() * pos.length)]!]! += 1;
    for (let i = 0; i < neg.length; i++) counts[neg[Math.floor(random() * neg.length)]!]! += 1;
    const m = pointMetrics(sorted, counts, opts);
    for (const name of names) {
      const v = m[name];
      if (v === null) out[name] = null;
      else out[name]![r] = v;
    }
  }
  return out;
}

/** Every metric of one signal with its 95 % interval. Throws EvalInputError unless both classes are present. */
export function evaluateSignal(set: ScoredSet, opts: EvaluateOptions): SignalMetrics {
  if (set.weights) throw new EvalInputError('evaluateSignal takes unweighted items');
  const sorted = sortSet(set);
  let fakes = 0;
  for (const y of sorted.labels) fakes += y;
  const n = sorted.labels.length;
  if (fakes === 0 || fakes === n) {
    throw new EvalInputError(`evaluation needs both classes: ${fakes} fake and ${n - fakes} real items`);
  }
  const resamples = opts.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new EvalInputError(`resamples must be a whole number ≥ 0, got ${resamples}`);
  }
  const point = pointMetrics(sorted, sorted.weights, opts);
  const boot = resamples > 0 ? bootstrap(sorted, opts, resamples) : null;
  const estimate = (name: MetricName): Estimate | null => {
    const value = point[name];
    if (value === null) return null;
    const dist = boot?.[name];
    if (!dist) return { value, ci95: null };
    const s = Float64Array.from(dist).sort();
    return { value, ci95: [percentile(s, 2.5), percentile(s, 97.5)] };
  };
  const notes: string[] = [];
  if (opts.threshold === null) notes.push('accuracy: the signal defines no decision threshold');
  if (!opts.probabilistic) notes.push('brier, ece: the score is not a probability');
  return {
    n,
    fakes,
    reals: n - fakes,
    auroc: estimate('auroc')!,
    ap: estimate('ap')!,
    eer: estimate('eer')!,
    tprAtFpr1: estimate('tprAtFpr1')!,
    tprAtFpr5: estimate('tprAtFpr5')!,
    accuracy: estimate('accuracy'),
    fprAtThreshold: estimate('fprAtThreshold'),
    tprAtThreshold: estimate('tprAtThreshold'),
    threshold: opts.threshold,
    brier: estimate('brier'),
    ece: estimate('ece'),
    notes,
  };
}
