'use client';

import { useEffect, useState } from 'react';
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
  return (
    <p className="field__hint" data-testid="detector-evaluation">
      {text}
    </p>
  );
}
