export { startWorker, chooseDetector, type Worker } from './worker.ts';
export { analyzeMedia, type Outcome } from './analyze/job.ts';
