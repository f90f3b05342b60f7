'use client';

import Link from 'next/link';
import { notFound, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import { graphql, useFragment } from '@/lib/gql';
import { CASE_QUERY } from '@/lib/operations';
import { useCurrentUser } from '@/lib/session';
import type { CaseDetail, CaseRef } from '@/lib/types';
import { Alert } from './Alert';
import { CaseDetails } from './CaseDetails';
import { CaseEvidence } from './CaseEvidence';
import { CaseMembers } from './CaseMembers';
import { LoadingState } from './LoadingState';
import { NotesPanel } from './NotesPanel';
import { ReportsPanel } from './ReportsPanel';

/** What the case page shows and edits; every case mutation returns it, so the page stays current. */
export const CaseViewCaseFragment = graphql(`
  fragment CaseView_Case on Case {
    id
    title
    status
    createdAt
    myRole
    description
    updatedAt
    tags
    createdBy {
      id
      email
      displayName
      role
    }
    members {
      role
      addedAt
      assigned
      user {
        id
        email
        displayName
        role
      }
    }
  }
`);

type CaseState =
  | { kind: 'loading' }
  | { kind: 'ready'; detail: CaseDetail }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'error'; message: string };

function BackLink({ caseId }: { caseId?: string }) {
  return (
    <p className="breadcrumb breadcrumb--split">
      <Link href="/cases">← All cases</Link>
      {caseId ? (
        <span className="breadcrumb__links">
          <Link href={`/cases/${encodeURIComponent(caseId)}/search`}>Search by image →</Link>{' '}
          <Link href={`/cases/${encodeURIComponent(caseId)}/audit`}>Audit trail →</Link>
        </span>
      ) : null}
    </p>
  );
}

export function CaseView({ caseId }: { caseId: string }) {
  const router = useRouter();
  const user = useCurrentUser();
  const [state, setState] = useState<CaseState>({ kind: 'loading' });
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let active = true;
    setState({ kind: 'loading' });
    graphqlRequest(CASE_QUERY, { id: caseId })
      .then((result) => {
        if (active) setState({ kind: 'ready', detail: useFragment(CaseViewCaseFragment, result.case) });
      })
      .catch((error: unknown) => {
        if (!active) return;
        switch (errorCode(error)) {
          case 'UNAUTHENTICATED':
            router.replace('/login');
            return;
          case 'NOT_FOUND':
          case 'BAD_USER_INPUT': // a malformed id cannot name a case either
            setState({ kind: 'not-found' });
            return;
          case 'FORBIDDEN':
            setState({ kind: 'forbidden' });
            return;
          default:
            setState({ kind: 'error', message: errorMessage(error) });
        }
      });
    return () => {
      active = false;
    };
  }, [caseId, router, reloadKey]);

  switch (state.kind) {
    case 'loading':
      return <LoadingState label="Loading case…" />;
    case 'not-found':
      // The app's 404 page (app/not-found.tsx), as for a route that does not exist.
      return notFound();
    case 'forbidden':
      return (
        <div className="notice-page">
          <BackLink />
          <h1>Access denied</h1>
          <p className="muted">You do not have permission to view this case.</p>
        </div>
      );
    case 'error':
      return (
        <div className="notice-page">
          <BackLink />
          <Alert message={state.message} />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setReloadKey((n) => n + 1)}
          >
            Try again
          </button>
        </div>
      );
    case 'ready': {
      const update = (updated: CaseRef) =>
        setState({ kind: 'ready', detail: useFragment(CaseViewCaseFragment, updated) });
      const { detail } = state;
      const admin = user.role === 'ADMIN';
      const editor = admin || detail.myRole === 'LEAD' || detail.myRole === 'INVESTIGATOR';
      const closed = detail.status === 'CLOSED';
      const canEdit = editor && !closed;
      return (
        <article className="case">
          <BackLink caseId={detail.id} />
          <CaseDetails detail={detail} canEdit={canEdit} canChangeStatus={editor} onUpdated={update} />
          <CaseEvidence
            caseId={detail.id}
            canUpload={canEdit}
            readOnlyText={
              closed ? 'The case is closed: no evidence can be added until it is reopened.' : undefined
            }
          />
          <NotesPanel
            caseId={detail.id}
            readOnlyReason={
              closed
                ? 'The case is closed: notes cannot be added until it is reopened.'
                : editor
                  ? null
                  : 'Your role in this case does not allow adding notes.'
            }
          />
          <ReportsPanel caseId={detail.id} />
          <CaseMembers
            detail={detail}
            canManage={admin || detail.myRole === 'LEAD'}
            canAssign={canEdit}
            onUpdated={update}
          />
        </article>
      );
    }
  }
}
