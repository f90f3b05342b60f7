'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { isAnalysisPending } from '@/lib/analysis';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import {
  appendPage,
  fromConnection,
  mergeFirstPage,
  replaceNodes,
  type MediaListState,
} from '@/lib/mediaList';
import { useFragment, type FragmentType } from '@/lib/gql';
import {
  CASE_MEDIA_DOCUMENT,
  MEDIA_BATCH_MAX,
  mediaBatchQuery,
  type MediaBatchResult,
} from '@/lib/operations';
import type { MediaConnection, MediaSummary, PageInfo } from '@/lib/types';
import { usePolling } from '@/lib/usePolling';
import { matchesVerdict, type VerdictFilter } from '@/lib/verdictFilter';
import { Alert } from './Alert';
import { EvidenceList, EvidenceListMediaFragment } from './EvidenceList';
import { EvidenceUploadForm } from './EvidenceUploadForm';
import { LoadingState } from './LoadingState';
import { VerdictFilterSelect } from './VerdictFilterSelect';

const PAGE_SIZE = 20;
const POLL_MS = 2000;

interface CaseEvidenceProps {
  caseId: string;
  /** Leads, investigators and administrators may upload; reviewers only read. */
  canUpload: boolean;
  /** Shown instead of the upload form when it is hidden for another reason than the role. */
  readOnlyText?: string;
}

/** A page of CASE_MEDIA_DOCUMENT with its items read through the list's fragment. */
function readPage(page: {
  edges: { cursor: string; node: FragmentType<typeof EvidenceListMediaFragment> }[];
  pageInfo: PageInfo;
  totalCount: number;
}): MediaConnection {
  return {
    ...page,
    edges: page.edges.map((edge) => ({
      cursor: edge.cursor,
      node: useFragment(EvidenceListMediaFragment, edge.node),
    })),
  };
}

async function fetchMediaByIds(ids: string[]): Promise<MediaSummary[]> {
  const nodes: MediaSummary[] = [];
  for (let start = 0; start < ids.length; start += MEDIA_BATCH_MAX) {
    const chunk = ids.slice(start, start + MEDIA_BATCH_MAX);
    const variables = Object.fromEntries(chunk.map((id, i) => [`id${i}`, id]));
    const result = await graphqlRequest<MediaBatchResult>(mediaBatchQuery(chunk.length), variables);
    nodes.push(
      ...chunk.flatMap((_, i) => {
        const item = result[`m${i}`];
        return item ? [useFragment(EvidenceListMediaFragment, item)] : [];
      }),
    );
  }
  return nodes;
}

/** "3 of 12 loaded items match", and that later pages are not filtered until loaded. */
function filterStatus(list: MediaListState, filter: VerdictFilter): string {
  const shown = list.edges.filter((edge) => matchesVerdict(edge.node, filter)).length;
  const loaded = list.edges.length;
  const rest = list.totalCount - loaded;
  return (
    `${shown} of ${loaded} loaded ${loaded === 1 ? 'item matches' : 'items match'}.` +
    (rest > 0
      ? ` ${rest} more ${rest === 1 ? 'is' : 'are'} not loaded yet: use "Load more" to include them.`
      : '')
  );
}

/** The case's evidence: upload form, list with paging, and live analysis status. */
export function CaseEvidence({ caseId, canUpload, readOnlyText }: CaseEvidenceProps) {
  const router = useRouter();
  const [list, setList] = useState<MediaListState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [verdictFilter, setVerdictFilter] = useState<VerdictFilter>('ALL');

  const handleError = useCallback(
    (caught: unknown) => {
      if (errorCode(caught) === 'UNAUTHENTICATED') {
        router.replace('/login');
        return;
      }
      setError(errorMessage(caught));
    },
    [router],
  );

  const fetchFirstPage = useCallback(
    async () =>
      readPage((await graphqlRequest(CASE_MEDIA_DOCUMENT, { id: caseId, first: PAGE_SIZE })).case.media),
    [caseId],
  );

  useEffect(() => {
    let active = true;
    fetchFirstPage()
      .then((media) => {
        if (!active) return;
        setList(fromConnection(media));
        setError(null);
      })
      .catch((caught: unknown) => {
        if (active) handleError(caught);
      });
    return () => {
      active = false;
    };
  }, [fetchFirstPage, handleError, reloadKey]);

  const pendingIds = (list?.edges ?? [])
    .filter((edge) => isAnalysisPending(edge.node.analysis))
    .map((edge) => edge.node.id);

  usePolling(pendingIds.length > 0, POLL_MS, async () => {
    try {
      const nodes = await fetchMediaByIds(pendingIds);
      setList((current) => (current ? replaceNodes(current, nodes) : current));
    } catch (caught) {
      handleError(caught);
    }
  });

  async function refresh() {
    try {
      const media = await fetchFirstPage();
      setList((current) => (current ? mergeFirstPage(current, media) : fromConnection(media)));
      setError(null);
    } catch (caught) {
      handleError(caught);
    }
  }

  async function loadMore() {
    if (!list?.pageInfo.endCursor || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const { case: found } = await graphqlRequest(CASE_MEDIA_DOCUMENT, {
        id: caseId,
        first: PAGE_SIZE,
        after: list.pageInfo.endCursor,
      });
      setList((current) => (current ? appendPage(current, readPage(found.media)) : current));
    } catch (caught) {
      handleError(caught);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="card" aria-labelledby="evidence-heading">
      <div className="card__header">
        <h2 id="evidence-heading" className="card__title">
          Evidence {list ? <span className="count">{list.totalCount}</span> : null}
        </h2>
        {pendingIds.length > 0 ? (
          <span className="muted evidence__live" role="status">
            Following {pendingIds.length === 1 ? '1 analysis' : `${pendingIds.length} analyses`}…
          </span>
        ) : null}
      </div>

      {canUpload ? (
        <EvidenceUploadForm caseId={caseId} onUploaded={() => void refresh()} />
      ) : (
        <p className="muted">{readOnlyText ?? 'Your role in this case does not allow adding evidence.'}</p>
      )}

      <Alert message={error} />
      {list ? (
        <>
          {list.totalCount > 0 ? (
            <div className="list-toolbar">
              <VerdictFilterSelect value={verdictFilter} onChange={setVerdictFilter} />
              {verdictFilter !== 'ALL' ? (
                <p className="muted list-toolbar__note" role="status" data-testid="evidence-filter-status">
                  {filterStatus(list, verdictFilter)}
                </p>
              ) : null}
            </div>
          ) : null}
          <EvidenceList
            caseId={caseId}
            items={list.edges.map((edge) => edge.node).filter((item) => matchesVerdict(item, verdictFilter))}
            emptyText={
              verdictFilter !== 'ALL'
                ? 'No loaded item has this verdict.'
                : canUpload
                  ? 'No evidence yet. Upload the first file above.'
                  : 'No evidence yet.'
            }
          />
          {list.pageInfo.hasNextPage ? (
            <div className="list-footer">
              <button
                type="button"
                className="button button--secondary"
                onClick={loadMore}
                disabled={loadingMore}
              >
                {loadingMore ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      ) : error ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setError(null);
            setReloadKey((n) => n + 1);
          }}
        >
          Try again
        </button>
      ) : (
        <LoadingState label="Loading evidence…" />
      )}
    </section>
  );
}
