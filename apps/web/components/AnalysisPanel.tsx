import { analysisStatusText, progressPercent } from '@/lib/analysis';
import type { AnalysisDetail } from '@/lib/types';
import { Alert } from './Alert';
import { AnalysisBadge } from './AnalysisBadge';
import { DateText } from './DateText';
import { DetectorResultView } from './DetectorResultView';
import { ProgressBar } from './ProgressBar';

/** Status, progress and provenance of the latest analysis, and the detector's result. */
export function AnalysisPanel({ analysis }: { analysis: AnalysisDetail | null }) {
  return (
    <section className="card" aria-labelledby="analysis-heading">
      <div className="card__header">
        <h2 id="analysis-heading" className="card__title">
          Analysis
        </h2>
        <AnalysisBadge analysis={analysis} />
      </div>
      {analysis ? (
        <AnalysisBody analysis={analysis} />
      ) : (
        <p className="muted">This file has not been analysed.</p>
      )}
    </section>
  );
}

function AnalysisBody({ analysis }: { analysis: AnalysisDetail }) {
  return (
    <>
      {analysis.status === 'QUEUED' || analysis.status === 'RUNNING' ? (
        <div className="analysis-progress">
          <ProgressBar
            label="Analysis progress"
            value={progressPercent(analysis.progress)}
            valueText={analysisStatusText(analysis)}
          />
          <p className="muted">
            {analysis.status === 'QUEUED'
              ? 'Waiting for a worker to pick up the analysis…'
              : `Analysing… ${progressPercent(analysis.progress)}%`}
          </p>
          {analysis.error ? (
            // Why this is a later attempt: the last one failed, or its worker stopped responding
            // and it was re-queued. The worker writes it as a whole sentence.
            <p className="muted" data-testid="analysis-retry-note">
              {analysis.error}
            </p>
          ) : null}
        </div>
      ) : null}
      {analysis.status === 'FAILED' ? (
        <Alert message={`The analysis failed: ${analysis.error ?? 'no reason was recorded.'}`} />
      ) : null}
      <dl className="meta">
        <div>
          <dt>Queued</dt>
          <dd>
            <DateText iso={analysis.queuedAt} withTime />
          </dd>
        </div>
        {analysis.startedAt ? (
          <div>
            <dt>Started</dt>
            <dd>
              <DateText iso={analysis.startedAt} withTime />
            </dd>
          </div>
        ) : null}
        {analysis.finishedAt ? (
          <div>
            <dt>Finished</dt>
            <dd>
              <DateText iso={analysis.finishedAt} withTime />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Attempts</dt>
          <dd>{analysis.attempts}</dd>
        </div>
        <div>
          <dt>Code version</dt>
          <dd>
            <code className="hash">{analysis.codeVersion}</code>
          </dd>
        </div>
      </dl>
      <DetectorResultView analysis={analysis} />
    </>
  );
}
