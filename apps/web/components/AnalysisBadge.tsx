import { analysisStatusText } from '@/lib/analysis';
import type { AnalysisSummary } from '@/lib/types';

/** Queued / Running NN% / Done / Failed; "Not analysed" when there is no analysis. */
export function AnalysisBadge({
  analysis,
}: {
  analysis: Pick<AnalysisSummary, 'status' | 'progress'> | null;
}) {
  if (!analysis) {
    return (
      <span className="badge badge--closed" data-testid="analysis-status">
        Not analysed
      </span>
    );
  }
  return (
    <span className={`badge badge--analysis-${analysis.status.toLowerCase()}`} data-testid="analysis-status">
      {analysisStatusText(analysis)}
    </span>
  );
}
