'use client';

import { useState } from 'react';
import { CASE_ROLE_LABELS, label } from '@/lib/format';
import type { CaseDetail, CaseRef } from '@/lib/types';
import { CaseDetailsForm } from './CaseDetailsForm';
import { CaseStatusPanel } from './CaseStatusPanel';
import { CaseTags } from './CaseTags';
import { DateText } from './DateText';
import { StatusBadge } from './StatusBadge';

interface CaseDetailsProps {
  detail: CaseDetail;
  /** Leads, investigators and administrators edit while the case is not closed. */
  canEdit: boolean;
  /** The same people move the status, also out of CLOSED. */
  canChangeStatus: boolean;
  onUpdated: (detail: CaseRef) => void;
}

/** Title, status, metadata, description, tags and the status workflow. */
export function CaseDetails({ detail, canEdit, canChangeStatus, onUpdated }: CaseDetailsProps) {
  const [editing, setEditing] = useState(false);
  const assignees = detail.members.filter((member) => member.assigned);

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
          <div>
            <dt>Assigned</dt>
            <dd data-testid="case-assignees">
              {assignees.length > 0
                ? assignees.map((member) => member.user.displayName).join(', ')
                : 'Nobody'}
            </dd>
          </div>
        </dl>
      </header>

      {detail.status === 'CLOSED' ? (
        <div className="banner banner--closed" role="status" data-testid="case-closed-banner">
          <p className="banner__title">This case is closed and read-only</p>
          <p className="banner__text">
            Evidence, details, notes, tags, assignments and verdicts cannot change until the case is reopened
            with a reason. Every earlier step stays in the audit trail.
          </p>
        </div>
      ) : null}

      <div className="card" aria-label="Status and tags" role="group">
        <div className="card__header">
          <h2 className="card__title">Status and tags</h2>
        </div>
        {canChangeStatus ? <CaseStatusPanel detail={detail} onUpdated={onUpdated} /> : null}
        <CaseTags detail={detail} canEdit={canEdit} onUpdated={onUpdated} />
      </div>

      <div className="card">
        {editing && canEdit ? (
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
              {canEdit ? (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => setEditing(true)}
                >
                  Edit details
                </button>
              ) : null}
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
