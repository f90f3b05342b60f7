import { formatPercent, label, SUBJECT_LABELS } from '@/lib/format';
import type { AnalysisDetail } from '@/lib/types';
import { videoScoreRule } from '@/lib/video';
import { EvaluationNote } from './EvaluationNote';
import { JsonDetails } from './JsonDetails';
import { ShortHash } from './ShortHash';

/** The detector's score for the primary subject, with the model that produced it. */
export function DetectorResultView({ analysis }: { analysis: AnalysisDetail }) {
  const detector = analysis.detector;
  let body;
  if (!detector) {
    body = (
      <p className="muted">
        {analysis.status === 'FAILED'
          ? 'No detector result: the analysis failed.'
          : 'The detector result appears when the analysis is done.'}
      </p>
    );
  } else if (!detector.installed) {
    body = (
      <p className="detector__none" data-testid="detector-not-installed">
        No detector installed — no fakeness score was computed.
      </p>
    );
  } else {
    const model = detector.model;
    const videoRule = detector.rule ? videoScoreRule(analysis) : null;
    body = (
      <>
        <div className="score">
          <p className="score__value" data-testid="detector-pfake" aria-describedby="detector-pfake-caption">
            {detector.pFake === null ? '—' : formatPercent(detector.pFake)}
          </p>
          <p id="detector-pfake-caption" className="score__caption">
            {videoRule ? `p(fake) of the video: ${videoRule}` : 'p(fake) of the primary subject'}
            {detector.label ? (
              <>
                {' · label '}
                <span className={`verdict verdict--${detector.label}`} data-testid="detector-label">
                  {detector.label}
                </span>
              </>
            ) : null}
          </p>
        </div>
        <dl className="facts">
          <div className="facts__row">
            <dt>Subject</dt>
            <dd>
              {detector.subject === 'FACE' && detector.rule
                ? 'Face (the primary face track)'
                : detector.subject
                  ? label(SUBJECT_LABELS, detector.subject)
                  : '—'}
            </dd>
          </div>
          {detector.rule ? (
            <div className="facts__row facts__row--wide">
              <dt>Rule</dt>
              <dd data-testid="detector-rule">{detector.rule}</dd>
            </div>
          ) : null}
          <div className="facts__row facts__row--wide">
            <dt>Model</dt>
            <dd data-testid="detector-model">
              {model ? (
                <>
                  <code className="hash">{model.id}</code> version{' '}
                  <code className="hash">{model.version}</code>
                  {' · sha256 '}
                  <ShortHash hash={model.sha256} />
                  {model.isTestFixture ? (
                    <>
                      {' '}
                      <span className="badge badge--fixture">Test fixture</span>
                    </>
                  ) : null}
                </>
              ) : (
                '—'
              )}
            </dd>
          </div>
          {detector.note && !model?.isTestFixture ? (
            <div className="facts__row facts__row--wide">
              <dt>Note</dt>
              <dd>{detector.note}</dd>
            </div>
          ) : null}
        </dl>
        {model ? <EvaluationNote model={model} /> : null}
        <p className="field__hint">
          The label is &ldquo;fake&rdquo; when p(fake) reaches the model&rsquo;s calibrated threshold. A score
          is one indicator, not a finding.
        </p>
        {analysis.preprocessing != null ? (
          <JsonDetails
            summary="Detector input (preprocessing, for reproduction)"
            value={analysis.preprocessing}
          />
        ) : null}
      </>
    );
  }
  return (
    <section className="detector" aria-labelledby="detector-heading">
      <h3 id="detector-heading">Detector result</h3>
      {body}
    </section>
  );
}
