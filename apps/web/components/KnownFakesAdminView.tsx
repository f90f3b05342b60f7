'use client';

import { useCallback, useEffect, useState } from 'react';
import { ADMIN_KNOWN_FAKES_QUERY } from '@/lib/admin-operations';
import { FAMILY_LABELS } from '@/lib/format';
import { useFragment } from '@/lib/gql';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import type { ManipulationFamily } from '@/lib/types';
import { Alert } from './Alert';
import { KnownFakeCard, KnownFakeCardKnownFakeFragment, type AdminKnownFake } from './KnownFakeCard';
import { LoadingState } from './LoadingState';
import styles from './Admin.module.css';

const PAGE_SIZE = 24;
const FAMILIES = Object.keys(FAMILY_LABELS) as ManipulationFamily[];

interface Library {
  items: AdminKnownFake[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * /admin/known-fakes: the library as a grid, filtered by family and paged, with each item's
 * labels, who added it, and whether its analysis (embeddings and hashes, what matching uses) is
 * done, still pending or failed — so an import or a promotion can be followed here.
 */
export function KnownFakesAdminView() {
  const [family, setFamily] = useState<ManipulationFamily | ''>('');
  const [library, setLibrary] = useState<Library | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const { knownFakes } = await graphqlRequest(ADMIN_KNOWN_FAKES_QUERY, {
        first: PAGE_SIZE,
        after,
        family: family || null,
      });
      return knownFakes;
    },
    [family],
  );

  useEffect(() => {
    let active = true;
    setLibrary(null);
    fetchPage(null)
      .then((page) => {
        if (!active) return;
        setLibrary({
          items: page.edges.map((e) => useFragment(KnownFakeCardKnownFakeFragment, e.node)),
          endCursor: page.pageInfo.endCursor,
          hasNextPage: page.pageInfo.hasNextPage,
          totalCount: page.totalCount,
        });
        setError(null);
      })
      .catch((caught: unknown) => {
        if (active) setError(errorMessage(caught));
      });
    return () => {
      active = false;
    };
  }, [fetchPage]);

  async function loadMore() {
    if (!library?.endCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(library.endCursor);
      setLibrary((current) => {
        if (!current) return current;
        const seen = new Set(current.items.map((i) => i.id));
        return {
          items: [
            ...current.items,
            ...page.edges
              .map((e) => useFragment(KnownFakeCardKnownFakeFragment, e.node))
              .filter((n) => !seen.has(n.id)),
          ],
          endCursor: page.pageInfo.endCursor,
          hasNextPage: page.pageInfo.hasNextPage,
          totalCount: page.totalCount,
        };
      });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoadingMore(false);
    }
  }

  const pending =
    library?.items.filter((i) => i.analysis?.status === 'QUEUED' || i.analysis?.status === 'RUNNING')
      .length ?? 0;
  const failed = library?.items.filter((i) => i.analysis?.status === 'FAILED').length ?? 0;

  return (
    <section className={styles.page} aria-labelledby="known-fakes-heading">
      <div className="page-heading">
        <h1 id="known-fakes-heading">Known fakes</h1>
        {library ? (
          <span className="muted" data-testid="known-fakes-total">
            {library.totalCount === 1 ? '1 item' : `${library.totalCount} items`}
            {family ? ` in ${FAMILY_LABELS[family].toLowerCase()}` : ''}
          </span>
        ) : null}
      </div>
      <p className="muted">
        Items come from <code>npm run known-fakes:import</code> or from “Add to known fakes” on an evidence
        page. Each is analysed like evidence; matching uses it once its analysis is done.
        {library && (pending || failed)
          ? ` Of those shown: ${pending} still being analysed, ${failed} failed.`
          : ''}
      </p>
      <div className={styles.toolbar}>
        <label htmlFor="known-fakes-family">Family</label>
        <select
          id="known-fakes-family"
          value={family}
          onChange={(e) => setFamily(e.target.value as ManipulationFamily | '')}
        >
          <option value="">All families</option>
          {FAMILIES.map((f) => (
            <option key={f} value={f}>
              {FAMILY_LABELS[f]}
            </option>
          ))}
        </select>
      </div>
      <Alert message={error} />
      <Alert message={notice} tone="success" />
      {library ? (
        library.items.length === 0 ? (
          <p className="empty" data-testid="known-fakes-empty">
            No known fakes{family ? ` in ${FAMILY_LABELS[family].toLowerCase()}` : ''} yet.
          </p>
        ) : (
          <>
            <ul className={styles.grid} aria-label="Known fakes">
              {library.items.map((item) => (
                <KnownFakeCard
                  key={item.id}
                  item={item}
                  onUpdated={(updated) => {
                    setLibrary(
                      (c) => c && { ...c, items: c.items.map((i) => (i.id === updated.id ? updated : i)) },
                    );
                    setError(null);
                    setNotice(`Saved ${updated.originalName}.`);
                  }}
                  onDeleted={() => {
                    setLibrary(
                      (c) =>
                        c && {
                          ...c,
                          items: c.items.filter((i) => i.id !== item.id),
                          totalCount: c.totalCount - 1,
                        },
                    );
                    setError(null);
                    setNotice(`Removed ${item.originalName} from the library.`);
                  }}
                  onError={(message) => {
                    setNotice(null);
                    setError(message);
                  }}
                />
              ))}
            </ul>
            <div className="list-footer">
              <span className="muted">
                Showing {library.items.length} of {library.totalCount}
              </span>
              {library.hasNextPage ? (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={loadMore}
                  disabled={loadingMore}
                >
                  {loadingMore ? 'Loading…' : 'Load more'}
                </button>
              ) : null}
            </div>
          </>
        )
      ) : error ? null : (
        <LoadingState label="Loading the library…" />
      )}
    </section>
  );
}
