'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { AUDIT_ACTIONS, auditActionLabel } from '@/lib/audit';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import { CASE_AUDIT_TIMELINE_QUERY } from '@/lib/audit-operations';
import { useFragment } from '@/lib/gql';
import type { CaseAuditTimelineQuery } from '@/lib/gql/graphql';
import { useCurrentUser } from '@/lib/session';
import type { AuditEventConnection } from '@/lib/types';
import { Alert } from './Alert';
import { AuditChainStatus } from './AuditChainStatus';
import { AuditEventItem, AuditEventItemEventFragment } from './AuditEventItem';
import { LoadingState } from './LoadingState';

interface Filters {
  action: string;
  actorId: string;
  /** Thumbnail and map views are left out unless ticked (the server filters). */
  includeViews: boolean;
}

/** The case's audit trail as a timeline, newest first, filtered by action and actor, paged. */
export function AuditTimeline({ caseId }: { caseId: string }) {
  const router = useRouter();
  const admin = useCurrentUser().role === 'ADMIN';
  const [filters, setFilters] = useState<Filters>({ action: '', actorId: '', includeViews: false });
  const [data, setData] = useState<CaseAuditTimelineQuery['case'] | null>(null);
  const [events, setEvents] = useState<AuditEventConnection | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const found = (
        await graphqlRequest(CASE_AUDIT_TIMELINE_QUERY, {
          id: caseId,
          after,
          action: filters.action || null,
          actorId: filters.actorId || null,
          includeViews: filters.includeViews,
        })
      ).case;
      const { edges, pageInfo, totalCount } = found.auditEvents;
      const events: AuditEventConnection = {
        edges: edges.map((edge) => ({
          cursor: edge.cursor,
          node: useFragment(AuditEventItemEventFragment, edge.node),
        })),
        pageInfo,
        totalCount,
      };
      return { found, events };
    },
    [caseId, filters],
  );

  const fail = useCallback(
    (caught: unknown) => {
      if (errorCode(caught) === 'UNAUTHENTICATED') router.replace('/login');
      else setError(errorMessage(caught));
    },
    [router],
  );

  useEffect(() => {
    let active = true;
    setEvents(null);
    fetchPage(null)
      .then(({ found, events: page }) => {
        if (!active) return;
        setData(found);
        setEvents(page);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (active) fail(caught);
      });
    return () => {
      active = false;
    };
  }, [fetchPage, fail]);

  async function loadMore() {
    if (!events?.pageInfo.endCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = (await fetchPage(events.pageInfo.endCursor)).events;
      setEvents((current) => (current ? { ...next, edges: [...current.edges, ...next.edges] } : next));
    } catch (caught) {
      fail(caught);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <article className="case">
      <p className="breadcrumb">
        <Link href={`/cases/${encodeURIComponent(caseId)}`}>← Back to case</Link>
      </p>
      <header className="case__header">
        <p className="media-page__kicker">Audit trail</p>
        <h1>{data ? data.title : 'Case'}</h1>
        <p className="muted">
          Every change, upload, read of evidence bytes and verdict on this case, newest first. Views of
          thumbnails and maps are recorded too, and shown when you ask. Each event&rsquo;s SHA-256 covers its
          content and the previous event&rsquo;s hash.
        </p>
        {admin ? <AuditChainStatus /> : null}
      </header>
      <section className="card" aria-labelledby="timeline-heading">
        <div className="card__header">
          <h2 id="timeline-heading" className="card__title">
            Timeline {events ? <span className="count">{events.totalCount}</span> : null}
          </h2>
        </div>
        <div className="list-toolbar">
          <div className="field field--inline">
            <label htmlFor="audit-action">Action</label>
            <select
              id="audit-action"
              value={filters.action}
              onChange={(event) => setFilters({ ...filters, action: event.target.value })}
            >
              <option value="">All actions</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {auditActionLabel(action)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor="audit-actor">Actor</label>
            <select
              id="audit-actor"
              value={filters.actorId}
              onChange={(event) => setFilters({ ...filters, actorId: event.target.value })}
            >
              <option value="">Everyone</option>
              {(data?.members ?? []).map(({ user }) => (
                <option key={user.id} value={user.id}>
                  {user.displayName}
                </option>
              ))}
            </select>
          </div>
          <label className="choice">
            <input
              type="checkbox"
              checked={filters.includeViews}
              onChange={(event) => setFilters({ ...filters, includeViews: event.target.checked })}
            />
            Show views (thumbnails, maps)
          </label>
        </div>
        <Alert message={error} />
        {events === null ? (
          error ? null : (
            <LoadingState label="Loading the audit trail…" />
          )
        ) : events.edges.length === 0 ? (
          <p className="empty">No events match these filters.</p>
        ) : (
          <ol className="timeline" aria-label="Audit events">
            {events.edges.map(({ node }) => (
              <AuditEventItem key={node.id} event={node} caseId={caseId} />
            ))}
          </ol>
        )}
        {events?.pageInfo.hasNextPage ? (
          <div className="list-footer">
            <button
              type="button"
              className="button button--secondary"
              onClick={loadMore}
              disabled={loadingMore}
            >
              {loadingMore ? 'Loading…' : 'Older events'}
            </button>
          </div>
        ) : null}
      </section>
    </article>
  );
}
