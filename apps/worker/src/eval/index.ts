export { evalCommand, EVAL_USAGE, loadModels } from './cli.ts';
export { calibrateCommand, calibrateDetector, CALIBRATE_USAGE, type Calibration } from './calibrate.ts';
export { fingerprintSet, runEvaluation, type EvalDeps, type EvalOptions, type EvalResult } from './run.ts';
export { recordEvaluation } from './record.ts';
