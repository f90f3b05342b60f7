'use client';

import { useState } from 'react';
import { CASE_ROLE_LABELS, label } from '@/lib/format';
import type { CaseDetail } from '@/lib/types';
import { CaseDetailsForm } from './CaseDetailsForm';
import { DateText } from './DateText';
import { StatusBadge } from './StatusBadge';

interface CaseDetailsProps {
  detail: CaseDetail;
  onUpdated: (detail: CaseDetail) => void;
}

/** Title, status, metadata and description, with an inline editor. */
export function CaseDetails({ detail, onUpdated }: CaseDetailsProps) {
  const [editing, setEditing] = useState(false);

  return (
    <section className="case__details" aria-labelledby="case-title">
      <header className="case__header">
        <div className="case__title-row">
          <h1 id="case-title">{detail.title}</h1>
          <StatusBadge status={detail.status} />
        </div>
        <dl className="meta">
          <div>
            <dt>Created</dt>
            <dd>
              <DateText iso={detail.createdAt} />
              {detail.createdBy ? ` by ${detail.createdBy.displayName}` : null}
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <DateText iso={detail.updatedAt} withTime />
            </dd>
          </div>
          <div>
            <dt>Your role</dt>
            <dd>{label(CASE_ROLE_LABELS, detail.myRole)}</dd>
          </div>
        </dl>
      </header>

      <div className="card">
        {editing ? (
          <CaseDetailsForm
            detail={detail}
            onSaved={(saved) => {
              onUpdated(saved);
              setEditing(false);
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <>
            <div className="card__header">
              <h2 className="card__title">Description</h2>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setEditing(true)}
              >
                Edit details
              </button>
            </div>
            {detail.description ? (
              <p className="case__description" data-testid="case-description">
                {detail.description}
              </p>
            ) : (
              <p className="muted" data-testid="case-description">
                No description.
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
