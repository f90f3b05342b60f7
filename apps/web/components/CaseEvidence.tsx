'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAnalysisPending } from '@/lib/analysis';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import {
  appendPage,
  fromConnection,
  mergeFirstPage,
  replaceNodes,
  type MediaListState,
} from '@/lib/mediaList';
import {
  GALLERY_MEDIA_QUERY,
  filterInput,
  galleryQuery,
  isFiltered,
  readGalleryView,
  type GalleryView,
} from '@/lib/gallery-operations';
import { useFragment } from '@/lib/gql';
import { MEDIA_BATCH_MAX, mediaBatchQuery, type MediaBatchResult } from '@/lib/operations';
import type { MediaSummary } from '@/lib/types';
import { usePolling } from '@/lib/usePolling';
import { Alert } from './Alert';
import { EvidenceGrid } from './EvidenceGrid';
import { EvidenceList, EvidenceListMediaFragment } from './EvidenceList';
import { EvidenceToolbar } from './EvidenceToolbar';
import { EvidenceUploadForm } from './EvidenceUploadForm';
import { LoadingState } from './LoadingState';

const PAGE_SIZE = 20;
const POLL_MS = 2000;

interface CaseEvidenceProps {
  caseId: string;
  /** Leads, investigators and administrators may upload; reviewers only read. */
  canUpload: boolean;
  /** Shown instead of the upload form when it is hidden for another reason than the role. */
  readOnlyText?: string;
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

/** "3 of 12 items match": the API filters, so the counts cover the whole case. */
function filterStatus(matching: number, total: number): string {
  return `${matching} of ${total} ${total === 1 ? 'item matches' : 'items match'}.`;
}

/** The case's evidence: upload form, list with paging, and live analysis status. */
export function CaseEvidence({ caseId, canUpload, readOnlyText }: CaseEvidenceProps) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The view lives in the URL (?view=grid&sort=SUSPECTED_FIRST&kind=IMAGE…), so a link reproduces
  // it. State holds it too: two changes in quick succession must build on each other, not on a URL
  // that router.replace has not updated yet.
  const urlQuery = galleryQuery(readGalleryView(searchParams));
  const [view, setView] = useState<GalleryView>(() => readGalleryView(searchParams));
  const written = useRef(urlQuery);
  useEffect(() => {
    // The URL changed by itself (back, forward, a link): follow it.
    if (urlQuery === written.current) return;
    written.current = urlQuery;
    setView(readGalleryView(new URLSearchParams(urlQuery)));
  }, [urlQuery]);
  useEffect(() => {
    const query = galleryQuery(view);
    if (query === written.current) return;
    written.current = query;
    router.replace(`${pathname}${query}`, { scroll: false });
  }, [view, pathname, router]);
  const { sort } = view;
  const filterKey = galleryQuery(view, 'order');
  const [list, setList] = useState<(MediaListState & { unfilteredCount: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const changeView = (change: Partial<GalleryView>) => setView((current) => ({ ...current, ...change }));

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

  // GALLERY_MEDIA_QUERY asks for the list's fields (EvidenceList_Media, read here as MediaSummary):
  // the API sorts and filters, so counts, paging and order cover the whole case, not only the pages
  // loaded.
  const fetchPage = useCallback(
    async (after?: string) => {
      const order = readGalleryView(new URLSearchParams(filterKey));
      const result = await graphqlRequest(GALLERY_MEDIA_QUERY, {
        id: caseId,
        first: PAGE_SIZE,
        after,
        sort: order.sort,
        filter: filterInput(order),
      });
      const { edges, pageInfo, totalCount, unfilteredCount } = result.case.media;
      return {
        edges: edges.map((edge) => ({
          cursor: edge.cursor,
          node: useFragment(EvidenceListMediaFragment, edge.node),
        })),
        pageInfo,
        totalCount,
        unfilteredCount,
      };
    },
    [caseId, filterKey],
  );

  useEffect(() => {
    // The current list stays until the new order arrives, so the control just used keeps its focus.
    let active = true;
    fetchPage()
      .then((media) => {
        if (!active) return;
        setList({ ...fromConnection(media), unfilteredCount: media.unfilteredCount });
        setError(null);
      })
      .catch((caught: unknown) => {
        if (active) handleError(caught);
      });
    return () => {
      active = false;
    };
  }, [fetchPage, handleError, reloadKey]);

  const pendingIds = (list?.edges ?? [])
    .filter((edge) => isAnalysisPending(edge.node.analysis))
    .map((edge) => edge.node.id);

  usePolling(pendingIds.length > 0, POLL_MS, async () => {
    try {
      const nodes = await fetchMediaByIds(pendingIds);
      setList((current) => (current ? { ...current, ...replaceNodes(current, nodes) } : current));
    } catch (caught) {
      handleError(caught);
    }
  });

  async function refresh() {
    try {
      const media = await fetchPage();
      // Only the newest-first, unfiltered list can keep the pages loaded below the fresh one (new
      // items land on top); in another order they may land anywhere, so the list starts over.
      const keep = sort === 'NEWEST' && !isFiltered(view);
      setList((current) => ({
        ...(current && keep ? mergeFirstPage(current, media) : fromConnection(media)),
        unfilteredCount: media.unfilteredCount,
      }));
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
      const media = await fetchPage(list.pageInfo.endCursor);
      setList((current) =>
        current ? { ...appendPage(current, media), unfilteredCount: media.unfilteredCount } : current,
      );
    } catch (caught) {
      handleError(caught);
    } finally {
      setLoadingMore(false);
    }
  }

  const items = (list?.edges ?? []).map((edge) => edge.node);
  const emptyText = isFiltered(view)
    ? 'No item matches these filters.'
    : canUpload
      ? 'No evidence yet. Upload the first file above.'
      : 'No evidence yet.';

  return (
    <section className="card" aria-labelledby="evidence-heading">
      <div className="card__header">
        <h2 id="evidence-heading" className="card__title">
          Evidence {list ? <span className="count">{list.unfilteredCount}</span> : null}
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
          {list.unfilteredCount > 0 ? (
            <>
              <EvidenceToolbar view={view} onChange={changeView} />
              {isFiltered(view) ? (
                <p className="muted list-toolbar__note" role="status" data-testid="evidence-filter-status">
                  {filterStatus(list.totalCount, list.unfilteredCount)}
                </p>
              ) : null}
            </>
          ) : null}
          {view.view === 'grid' ? (
            <EvidenceGrid
              caseId={caseId}
              items={items}
              emptyText={emptyText}
              linkQuery={galleryQuery(view)}
            />
          ) : (
            <EvidenceList
              caseId={caseId}
              items={items}
              emptyText={emptyText}
              linkQuery={galleryQuery(view)}
            />
          )}
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
