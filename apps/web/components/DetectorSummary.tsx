import { formatPercent } from '@/lib/format';
import type { AnalysisSummary } from '@/lib/types';

/** The evidence list's one-line detector result: "87.3% fake", or why there is none. */
export function DetectorSummary({ analysis }: { analysis: AnalysisSummary | null }) {
  const detector = analysis?.status === 'DONE' ? analysis.detector : null;
  if (!detector) return <span className="muted">—</span>;
  if (!detector.installed) return <span className="muted">No detector installed</span>;
  if (detector.pFake === null) return <span className="muted">No score</span>;
  return (
    <span className="score-inline" data-testid="evidence-pfake">
      <span className="score-inline__value">{formatPercent(detector.pFake)}</span>
      {detector.label ? <span className={`verdict verdict--${detector.label}`}>{detector.label}</span> : null}
      {detector.model?.isTestFixture ? (
        <span
          className="badge badge--fixture"
          title="Scored by Loupe's built-in test fixture, not a detector"
        >
          Test fixture
        </span>
      ) : null}
    </span>
  );
}
