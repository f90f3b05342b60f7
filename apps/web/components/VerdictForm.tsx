'use client';

import { useState, type FormEvent } from 'react';
import { analysisStatusText } from '@/lib/analysis';
import { VERDICT_LABELS, VERDICT_VALUES, formatDateTime } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { GIVE_VERDICT_MUTATION } from '@/lib/operations';
import type { AnalysisDetail, VerdictRef, VerdictValue } from '@/lib/types';
import { Alert } from './Alert';

interface VerdictFormProps {
  mediaId: string;
  /** The analyses the verdict may rely on (the API exposes the latest one). */
  analyses: AnalysisDetail[];
  onGiven: (verdict: VerdictRef) => void;
}

function analysisLabel(analysis: AnalysisDetail): string {
  const when = analysis.finishedAt ? `, finished ${formatDateTime(analysis.finishedAt)}` : '';
  const model = analysis.detector?.model;
  const detector = model
    ? ` · ${model.id} ${model.version}${model.isTestFixture ? ' (test fixture — not evidence)' : ''}`
    : '';
  return `Latest analysis (${analysisStatusText(analysis)}${when})${detector}`;
}

/** Records a new verdict; it supersedes the current one, which stays in the history. */
export function VerdictForm({ mediaId, analyses, onGiven }: VerdictFormProps) {
  const [value, setValue] = useState<VerdictValue | null>(null);
  const [rationale, setRationale] = useState('');
  const [reliedOn, setReliedOn] = useState<string[]>(() =>
    analyses.filter((a) => a.status === 'DONE').map((a) => a.id),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setNotice(null);
    if (!value) {
      setError('Choose a verdict: authentic, manipulated or inconclusive.');
      return;
    }
    if (!rationale.trim()) {
      setError('Write the rationale: what the verdict rests on.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { giveVerdict } = await graphqlRequest(GIVE_VERDICT_MUTATION, {
        mediaId,
        value,
        rationale: rationale.trim(),
        analysisIds: reliedOn,
      });
      onGiven(giveVerdict);
      setValue(null);
      setRationale('');
      setNotice('Verdict recorded.');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-labelledby="verdict-form-heading">
      <h3 id="verdict-form-heading" className="form__title">
        Give a verdict
      </h3>
      <Alert message={error} />
      <Alert message={notice} tone="success" />
      <fieldset className="choice-group">
        <legend>Verdict</legend>
        {VERDICT_VALUES.map((option) => (
          <label key={option} className={`choice choice--${option.toLowerCase()}`}>
            <input
              type="radio"
              name="verdict"
              value={option}
              checked={value === option}
              onChange={() => setValue(option)}
            />
            {VERDICT_LABELS[option]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="verdict-rationale">Rationale</label>
        <textarea
          id="verdict-rationale"
          name="rationale"
          rows={4}
          value={rationale}
          onChange={(event) => setRationale(event.target.value)}
        />
        <p className="field__hint">
          What the finding rests on; it is kept with the verdict in the audit trail.
        </p>
      </div>
      {analyses.length > 0 ? (
        <fieldset className="choice-group choice-group--stacked">
          <legend>Analyses relied on</legend>
          {analyses.map((analysis) => (
            <label key={analysis.id} className="choice">
              <input
                type="checkbox"
                checked={reliedOn.includes(analysis.id)}
                onChange={(event) =>
                  setReliedOn((ids) =>
                    event.target.checked ? [...ids, analysis.id] : ids.filter((id) => id !== analysis.id),
                  )
                }
              />
              {analysisLabel(analysis)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Recording…' : 'Record verdict'}
      </button>
    </form>
  );
}
