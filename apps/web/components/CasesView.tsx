'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import { useFragment } from '@/lib/gql';
import { CASES_QUERY } from '@/lib/operations';
import type { CaseSummary, PageInfo } from '@/lib/types';
import { Alert } from './Alert';
import { CaseList, CaseListCaseFragment } from './CaseList';
import { LoadingState } from './LoadingState';
import { NewCaseForm } from './NewCaseForm';

const PAGE_SIZE = 20;

interface ListState {
  cases: CaseSummary[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Appends `incoming` to `current`, skipping cases already shown. */
function mergeCases(current: CaseSummary[], incoming: CaseSummary[]): CaseSummary[] {
  const seen = new Set(current.map((item) => item.id));
  return [...current, ...incoming.filter((item) => !seen.has(item.id))];
}

export function CasesView() {
  const router = useRouter();
  const [list, setList] = useState<ListState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const handleError = useCallback(
    (error: unknown) => {
      if (errorCode(error) === 'UNAUTHENTICATED') {
        router.replace('/login');
        return;
      }
      setLoadError(errorMessage(error));
    },
    [router],
  );

  useEffect(() => {
    let active = true;
    graphqlRequest(CASES_QUERY, { first: PAGE_SIZE })
      .then(({ cases }) => {
        if (!active) return;
        setList({
          cases: cases.edges.map((edge) => useFragment(CaseListCaseFragment, edge.node)),
          pageInfo: cases.pageInfo,
          totalCount: cases.totalCount,
        });
        setLoadError(null);
      })
      .catch((error: unknown) => {
        if (active) handleError(error);
      });
    return () => {
      active = false;
    };
  }, [handleError, reloadKey]);

  async function loadMore() {
    if (!list?.pageInfo.endCursor || loadingMore) return;
    setLoadingMore(true);
    setLoadError(null);
    try {
      const { cases } = await graphqlRequest(CASES_QUERY, {
        first: PAGE_SIZE,
        after: list.pageInfo.endCursor,
      });
      setList((current) =>
        current
          ? {
              cases: mergeCases(
                current.cases,
                cases.edges.map((edge) => useFragment(CaseListCaseFragment, edge.node)),
              ),
              pageInfo: cases.pageInfo,
              totalCount: cases.totalCount,
            }
          : current,
      );
    } catch (error) {
      handleError(error);
    } finally {
      setLoadingMore(false);
    }
  }

  function handleCreated(created: CaseSummary) {
    setList((current) =>
      current
        ? {
            ...current,
            cases: [created, ...current.cases.filter((item) => item.id !== created.id)],
            totalCount: current.totalCount + 1,
          }
        : current,
    );
  }

  return (
    <div className="layout-split">
      <section className="layout-split__main" aria-labelledby="cases-heading">
        <div className="page-heading">
          <h1 id="cases-heading">Cases</h1>
          {list ? (
            <span className="muted" data-testid="cases-total">
              {list.totalCount === 1 ? '1 case' : `${list.totalCount} cases`}
            </span>
          ) : null}
        </div>
        <Alert message={loadError} />
        {list ? (
          <>
            <CaseList cases={list.cases} />
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
        ) : loadError ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setReloadKey((n) => n + 1)}
          >
            Try again
          </button>
        ) : (
          <LoadingState label="Loading cases…" />
        )}
      </section>
      <aside className="layout-split__aside">
        <NewCaseForm onCreated={handleCreated} />
      </aside>
    </div>
  );
}
