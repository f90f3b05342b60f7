'use client';

import { useState, type FormEvent } from 'react';
import { CASE_STATUS_LABELS } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { SET_CASE_STATUS_MUTATION } from '@/lib/operations';
import type { CaseDetail, CaseRef, CaseStatus } from '@/lib/types';
import { Alert } from './Alert';

/** The moves the API allows from each status, with the button text for each. */
const MOVES: Record<CaseStatus, { to: CaseStatus; action: string }[]> = {
  OPEN: [
    { to: 'IN_REVIEW', action: 'Send to review' },
    { to: 'CLOSED', action: 'Close case' },
  ],
  IN_REVIEW: [
    { to: 'OPEN', action: 'Back to open' },
    { to: 'CLOSED', action: 'Close case' },
  ],
  CLOSED: [{ to: 'OPEN', action: 'Reopen case' }],
};

interface CaseStatusPanelProps {
  detail: CaseDetail;
  onUpdated: (detail: CaseRef) => void;
}

/** Moves the case through OPEN → IN_REVIEW → CLOSED with a reason (required to reopen). */
export function CaseStatusPanel({ detail, onUpdated }: CaseStatusPanelProps) {
  const moves = MOVES[detail.status] ?? [];
  const [to, setTo] = useState<CaseStatus | null>(null);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reopening = detail.status === 'CLOSED';

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !to) return;
    if (reopening && !reason.trim()) {
      setError('Reopening a closed case needs a reason.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { setCaseStatus } = await graphqlRequest(SET_CASE_STATUS_MUTATION, {
        caseId: detail.id,
        status: to,
        reason: reason.trim() || null,
      });
      setTo(null);
      setReason('');
      onUpdated(setCaseStatus);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="status-panel">
      <div className="form__actions" role="group" aria-label="Change status">
        {moves.map((move) => (
          <button
            key={move.to}
            type="button"
            className={to === move.to ? 'button button--small' : 'button button--secondary button--small'}
            aria-pressed={to === move.to}
            onClick={() => {
              setTo(move.to);
              setError(null);
            }}
          >
            {move.action}
          </button>
        ))}
      </div>
      {to ? (
        <form
          className="form status-panel__form"
          onSubmit={handleSubmit}
          noValidate
          aria-label="Status change"
        >
          <Alert message={error} />
          <div className="field">
            <label htmlFor="status-reason">
              Reason for moving to {CASE_STATUS_LABELS[to]}
              {reopening ? ' (required)' : ' (optional)'}
            </label>
            <textarea
              id="status-reason"
              rows={2}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            {to === 'CLOSED' ? (
              <p className="field__hint">
                A closed case is read-only: no uploads, edits, notes, tags or verdicts until it is reopened
                with a reason.
              </p>
            ) : null}
          </div>
          <div className="form__actions">
            <button type="submit" className="button" disabled={pending}>
              {pending ? 'Saving…' : `Move to ${CASE_STATUS_LABELS[to]}`}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setTo(null)}
              disabled={pending}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
