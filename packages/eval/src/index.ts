/**
 * @loupe/eval — how far to trust a score: metrics (AUROC, AP, EER, accuracy, TPR at low FPR,
 * Brier, ECE) with bootstrap intervals, computed on labelled scores. Pure: no files, no database.
 */
export { EvalInputError } from './errors.ts';
export {
  accuracy,
  auroc,
  averagePrecision,
  binIndex,
  brierScore,
  ECE_BINS,
  equalErrorRate,
  expectedCalibrationError,
  operatingPoints,
  reliabilityBins,
  sortSet,
  tprAtFpr,
  type OperatingPoints,
  type ReliabilityBin,
  type ScoredSet,
  type SortedSet,
} from './metrics.ts';
export {
  bootstrap,
  evaluateSignal,
  percentile,
  seededRandom,
  type EvaluateOptions,
  type Estimate,
  type SignalMetrics,
} from './summary.ts';
