export { startWorker, chooseDetector, type Worker } from './worker.ts';
export { analyzeMedia, type Outcome } from './analyze/job.ts';
export { generateReport, type ReportOutcome } from './report/job.ts';
export { importKnownFakes, parseLabels, type ImportSummary } from './known-fakes/import.ts';
export type { JobDeps } from './analyze/job.ts';
export { calibrateCommand, evalCommand, runEvaluation, EVAL_USAGE } from './eval/index.ts';
