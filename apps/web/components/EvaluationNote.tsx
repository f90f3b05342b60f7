'use client';

import Link from 'next/link';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';

interface EvaluationRow {
  id: string;
  modelSha256: string | null;
  detectorAuroc: number | null;
  summary: string | null;
  createdAt: string;
}

const EVALUATIONS_QUERY = `query ModelEvaluations($id: String!, $version: String!) {
  evaluations(modelId: $id, modelVersion: $version, first: 20) { id modelSha256 detectorAuroc summary createdAt }
}`;

const PLOTS_QUERY = `query EvaluationPlots($id: ID!) {
  evaluation(id: $id) { roc: plotSvg(name: "roc") reliability: plotSvg(name: "reliability") }
}`;

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** The run's ROC and reliability plots (rendered by the API from the stored Vega-Lite specs), fetched when opened. */
function EvaluationPlots({ id }: { id: string }) {
  const [plots, setPlots] = useState<
    { roc: string | null; reliability: string | null } | { error: string } | null
  >(null);
  async function load(event: SyntheticEvent<HTMLDetailsElement>) {
    if (!event.currentTarget.open || plots !== null) return;
    try {
      const { evaluation } = await graphqlRequest<{
        evaluation: { roc: string | null; reliability: string | null } | null;
      }>(PLOTS_QUERY, { id });
      setPlots(evaluation ?? { roc: null, reliability: null });
    } catch (caught) {
      setPlots({ error: errorMessage(caught) });
    }
  }
  return (
    <details onToggle={load} data-testid="evaluation-plots">
      <summary>ROC and reliability of this evaluation</summary>
      {plots === null ? <p className="muted">Loading…</p> : null}
      {plots && 'error' in plots ? <p className="muted">Plots could not be loaded ({plots.error})</p> : null}
      {plots && !('error' in plots) ? (
        <>
          {plots.roc ? (
            <img src={svgUrl(plots.roc)} alt="ROC curve of every signal in this evaluation" />
          ) : null}
          {plots.reliability ? (
            <img
              src={svgUrl(plots.reliability)}
              alt="Reliability diagram of the detector in this evaluation"
            />
          ) : null}
        </>
      ) : null}
    </details>
  );
}

/**
 * How far to trust the score beside it: the newest `loupe eval` run of exactly this model (id,
 * version and file SHA-256) that measured the detector — the same rule as `Analysis.evaluation` —
 * or plainly "never evaluated".
 */
export function EvaluationNote({ model }: { model: { id: string; version: string; sha256: string } }) {
  const [state, setState] = useState<{ row: EvaluationRow | null } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    graphqlRequest<{ evaluations: EvaluationRow[] }>(EVALUATIONS_QUERY, {
      id: model.id,
      version: model.version,
    })
      .then(({ evaluations }) => {
        const row =
          evaluations.find((e) => e.modelSha256 === model.sha256 && e.detectorAuroc !== null) ?? null;
        if (live) setState({ row });
      })
      .catch((caught: unknown) => {
        if (live) setState({ error: errorMessage(caught) });
      });
    return () => {
      live = false;
    };
  }, [model.id, model.version, model.sha256]);

  let text: string;
  if (state === null) text = 'Evaluation: loading…';
  else if ('error' in state) text = `Evaluation: could not be loaded (${state.error})`;
  else if (state.row?.summary) text = `Evaluated ${state.row.summary}`;
  else text = 'This model version was never evaluated: how often its score is wrong is not known.';
  const row = state !== null && 'row' in state ? state.row : null;
  return (
    <div>
      <p className="field__hint" data-testid="detector-evaluation">
        {text}
        {row ? (
          <>
            {' '}
            <Link href={`/evaluations/${encodeURIComponent(row.id)}`}>Open this evaluation</Link>
          </>
        ) : null}
      </p>
      {row ? <EvaluationPlots id={row.id} /> : null}
    </div>
  );
}
