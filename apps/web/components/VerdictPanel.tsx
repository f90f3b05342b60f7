import type { AnalysisDetail, VerdictRef } from '@/lib/types';
import { VerdictForm } from './VerdictForm';

interface VerdictPanelProps {
  mediaId: string;
  analysis: AnalysisDetail | null;
  /** Why the viewer cannot give a verdict here, or null when they can. */
  readOnlyReason: string | null;
  onGiven: (verdict: VerdictRef) => void;
}

/** The place to record a finding on this item, or why it cannot be recorded. */
export function VerdictPanel({ mediaId, analysis, readOnlyReason, onGiven }: VerdictPanelProps) {
  return (
    <section className="card" aria-labelledby="verdict-panel-heading">
      <h2 id="verdict-panel-heading" className="card__title">
        Verdict
      </h2>
      {readOnlyReason ? (
        <p className="muted" data-testid="verdict-readonly">
          {readOnlyReason}
        </p>
      ) : (
        <VerdictForm mediaId={mediaId} analyses={analysis ? [analysis] : []} onGiven={onGiven} />
      )}
    </section>
  );
}
