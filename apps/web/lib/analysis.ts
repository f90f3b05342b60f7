/** Small facts about an analysis's state, shared by the evidence list and the media page. */
import type { AnalysisStatus, AnalysisSummary } from './types';

/** True while the worker has not finished (QUEUED or RUNNING): the UI keeps polling. */
export function isAnalysisPending(analysis: Pick<AnalysisSummary, 'status'> | null | undefined): boolean {
  return analysis?.status === 'QUEUED' || analysis?.status === 'RUNNING';
}

/** Progress as a whole percentage, clamped to 0–100. */
export function progressPercent(progress: number): number {
  if (!Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** "Queued", "Running 42%", "Done", "Failed". */
export function analysisStatusText(analysis: Pick<AnalysisSummary, 'status' | 'progress'>): string {
  const labels: Record<AnalysisStatus, string> = {
    QUEUED: 'Queued',
    RUNNING: `Running ${progressPercent(analysis.progress)}%`,
    DONE: 'Done',
    FAILED: 'Failed',
  };
  return labels[analysis.status] ?? analysis.status;
}
