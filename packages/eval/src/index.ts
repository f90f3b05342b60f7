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
export {
  IMAGE_EXTENSIONS,
  isVideoFile,
  VIDEO_EXTENSIONS,
  readCelebDf,
  readCsvSet,
  readDataSet,
  readFolderSet,
  readWildDeepfake,
  type DataItem,
  type DataSet,
} from './layouts.ts';
export {
  detectorSpec,
  scoreAnalysis,
  SIGNAL_SPECS,
  SIGNALS,
  type AnalysisForScoring,
  type SignalName,
  type SignalSpec,
} from './signals.ts';
export {
  computeMetrics,
  frameItems,
  frameRow,
  FRAMES_HEADER,
  groupItems,
  itemRow,
  ITEMS_HEADER,
  metricsTable,
  parseFramesCsv,
  parseItemsCsv,
  summaryMarkdown,
  type MetricsReport,
  type RunInfo,
  type ScoredFrame,
  type ScoredItem,
  type SignalReport,
} from './report.ts';
export {
  histogramSpec,
  prSpec,
  reliabilitySpec,
  renderPlots,
  renderSvg,
  rocSpec,
  svgToPng,
} from './plots.ts';
export { calibratedProbability, fitTemperature, logitFromProbability, nll } from './calibration.ts';
export {
  defaultSources,
  FAMILIES,
  makeBenchmarkSet,
  SET_VERSION,
  type Family,
  type MadeItem,
  type MadeSet,
} from './make-set/index.ts';
export { detectorOverall, evaluationSummary, qualifyingRun, type DetectorOverall } from './qualify.ts';
