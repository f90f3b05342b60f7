'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import {
  EVALUATION_QUERY,
  formatEstimate,
  metricLevels,
  PLOTS,
  type EvaluationRun,
  type MetricsReport,
  type SignalMetrics,
} from '@/lib/evaluation';
import { Alert } from './Alert';
import { DateText } from './DateText';
import { LoadingState } from './LoadingState';
import { VegaChart } from './VegaChart';

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; run: EvaluationRun }
  | { kind: 'not-found' }
  | { kind: 'error'; message: string };

/** One metrics block: every signal overall, then per family (each family's fakes against all reals). */
function MetricsTable({ report, caption }: { report: MetricsReport; caption: string }) {
  const rows: { signal: string; subset: string; m: SignalMetrics | null; note: string }[] = [];
  // The stored JSON (jsonb) does not keep key order: the signals in loupe eval's order.
  const order = ['detector', 'ela', 'noise', 'double_jpeg', 'metadata'];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const signals = Object.entries(report).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1));
  for (const [signal, r] of signals) {
    rows.push({ signal, subset: 'all', m: r.overall, note: r.notes.join('; ') || 'not computed' });
    for (const [family, m] of Object.entries(r.families).sort(([a], [b]) => (a < b ? -1 : 1)))
      rows.push({ signal, subset: family, m, note: '' });
  }
  return (
    // Focusable and named: a keyboard user can scroll the wide table at phone widths (WCAG 2.1.1).
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table table--metrics">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Signal</th>
            <th scope="col">Subset</th>
            <th scope="col">n (fake/real)</th>
            <th scope="col">AUROC</th>
            <th scope="col">AP</th>
            <th scope="col">EER</th>
            <th scope="col">TPR @ 1 % FPR</th>
            <th scope="col">TPR @ 5 % FPR</th>
            <th scope="col">Accuracy</th>
            <th scope="col">FPR @ threshold</th>
            <th scope="col">Brier</th>
            <th scope="col">ECE</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ signal, subset, m, note }) => (
            <tr key={`${signal}/${subset}`} data-testid="metrics-row">
              <th scope="row">{signal}</th>
              <td>{subset}</td>
              {m ? (
                <>
                  <td>
                    {m.n} ({m.fakes}/{m.reals})
                  </td>
                  <td>{formatEstimate(m.auroc)}</td>
                  <td>{formatEstimate(m.ap)}</td>
                  <td>{formatEstimate(m.eer)}</td>
                  <td>{formatEstimate(m.tprAtFpr1)}</td>
                  <td>{formatEstimate(m.tprAtFpr5)}</td>
                  <td>{formatEstimate(m.accuracy)}</td>
                  <td>{formatEstimate(m.fprAtThreshold)}</td>
                  <td>{formatEstimate(m.brier)}</td>
                  <td>{formatEstimate(m.ece)}</td>
                </>
              ) : (
                <td colSpan={10} className="muted">
                  {note}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One stored evaluation run: what was measured on what, the metrics with their 95 % intervals at
 * every level the run has, and its ROC / PR / reliability / histogram charts drawn live from the
 * Vega-Lite specs `loupe eval` stored.
 */
export function EvaluationView({ id }: { id: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    graphqlRequest<{ evaluation: EvaluationRun | null }>(EVALUATION_QUERY, { id })
      .then(({ evaluation }) => {
        if (live) setState(evaluation ? { kind: 'ready', run: evaluation } : { kind: 'not-found' });
      })
      .catch((caught: unknown) => {
        if (!live) return;
        if (errorCode(caught) === 'UNAUTHENTICATED') router.replace('/login');
        else setState({ kind: 'error', message: errorMessage(caught) });
      });
    return () => {
      live = false;
    };
  }, [id, router]);

  const back = (
    <p className="breadcrumb">
      <Link href="/cases">← All cases</Link>
    </p>
  );
  if (state.kind === 'loading') return <LoadingState label="Loading the evaluation…" />;
  if (state.kind === 'not-found')
    return (
      <>
        {back}
        <Alert message="There is no evaluation with this id." />
      </>
    );
  if (state.kind === 'error')
    return (
      <>
        {back}
        <Alert message={`The evaluation could not be loaded: ${state.message}`} />
      </>
    );

  const { run } = state;
  const warnings = run.metrics.run?.warnings ?? [];
  return (
    <>
      {back}
      <div className="page-heading">
        <h1>Evaluation on {run.datasetName}</h1>
        {run.modelIsTestFixture ? <span className="badge badge--fixture">Test fixture</span> : null}
      </div>
      {run.summary ? (
        <p data-testid="evaluation-summary">Detector {run.summary}</p>
      ) : (
        <p className="muted">This run did not measure a detector (classical signals only).</p>
      )}
      <dl className="facts">
        <div className="facts__row">
          <dt>Detector</dt>
          <dd>{run.modelId ? `${run.modelId} ${run.modelVersion}` : 'none'}</dd>
        </div>
        <div className="facts__row">
          <dt>Data set</dt>
          <dd>
            {run.datasetName} ({run.datasetLayout})
          </dd>
        </div>
        <div className="facts__row">
          <dt>Items</dt>
          <dd>
            {run.items}
            {run.failed ? ` (${run.failed} could not be analysed)` : ''}
          </dd>
        </div>
        <div className="facts__row">
          <dt>Intervals</dt>
          <dd>95 % stratified bootstrap, {run.resamples} resamples</dd>
        </div>
        <div className="facts__row">
          <dt>Recorded</dt>
          <dd>
            <DateText iso={run.createdAt} withTime />
          </dd>
        </div>
        <div className="facts__row facts__row--wide">
          <dt>Data set fingerprint (SHA-256)</dt>
          <dd>
            <code>{run.datasetFingerprint}</code>
          </dd>
        </div>
        {run.modelSha256 ? (
          <div className="facts__row facts__row--wide">
            <dt>Model file (SHA-256)</dt>
            <dd>
              <code>{run.modelSha256}</code>
            </dd>
          </div>
        ) : null}
      </dl>
      {warnings.length ? (
        <ul className="evaluation__warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}

      <h2>Charts</h2>
      <div className="charts">
        {PLOTS.filter((p) => run.plots[p.name]).map((p) => (
          <VegaChart key={p.name} name={p.name} label={p.label} spec={run.plots[p.name]} />
        ))}
      </div>

      <h2>Metrics</h2>
      <p className="field__hint">
        Each family is its fakes against all reals; every number has a 95 % bootstrap interval. Definitions:
        docs/evaluation.md.
      </p>
      {metricLevels(run.metrics).map((level) => (
        <MetricsTable key={level.key} report={level.report} caption={level.title} />
      ))}
    </>
  );
}
