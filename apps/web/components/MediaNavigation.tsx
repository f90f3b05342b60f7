'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { MEDIA_POSITION_QUERY, filterInput, galleryQuery, readGalleryView } from '@/lib/gallery-operations';
import type { MediaPositionQuery } from '@/lib/gql/graphql';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { mediaHref } from './EvidenceList';
import styles from './MediaNavigation.module.css';

type MediaPosition = NonNullable<MediaPositionQuery['case']['mediaPosition']>;

/** Keys that move between items; both pairs, for keyboards where one is awkward to reach. */
const PREVIOUS_KEYS = new Set(['[', 'k']);
const NEXT_KEYS = new Set([']', 'j']);

/** True when a key press belongs to what the user is typing, not to the page's shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [role="textbox"]') !== null;
}

/**
 * Previous / next between the case's items in the order and filter the case page showed (carried
 * in the query string), with the position ("3 of 25") and keyboard shortcuts.
 */
export function MediaNavigation({ caseId, mediaId }: { caseId: string; mediaId: string }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const view = readGalleryView(searchParams);
  const query = galleryQuery(view);
  const [position, setPosition] = useState<MediaPosition | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    const order = readGalleryView(new URLSearchParams(query));
    graphqlRequest(MEDIA_POSITION_QUERY, {
      caseId,
      mediaId,
      sort: order.sort,
      filter: filterInput(order),
    })
      .then((result) => {
        if (active) setPosition(result.case.mediaPosition);
      })
      .catch((caught: unknown) => {
        if (active) setError(errorMessage(caught));
      });
    return () => {
      active = false;
    };
  }, [caseId, mediaId, query]);

  const href = (id: string) => `${mediaHref(caseId, id)}${query}`;
  const previous = position?.previous ?? null;
  const next = position?.next ?? null;

  // The key handler reads the targets through a ref set in a layout effect, so it is current in
  // the same commit that paints "3 of 4". A handler re-attached in a passive effect left a window
  // after that paint in which a key press still saw the previous render's targets (none, on a
  // fresh mount) and did nothing.
  const targets = useRef<{ previous: typeof previous; next: typeof next }>({ previous, next });
  useLayoutEffect(() => {
    targets.current = { previous, next };
  }, [previous, next]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target)) return;
      const { previous: before, next: after } = targets.current;
      const target = PREVIOUS_KEYS.has(event.key) ? before : NEXT_KEYS.has(event.key) ? after : null;
      if (!target) return;
      event.preventDefault();
      router.push(`${mediaHref(caseId, target.id)}${query}`);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [router, caseId, query]);

  if (error) return <p className="muted">Previous and next are unavailable: {error}</p>;
  if (position === undefined) return null;
  if (position === null) {
    return (
      <p className="muted" data-testid="media-position">
        This item is not in the case&apos;s list as filtered, so there is no previous or next.
      </p>
    );
  }
  return (
    <nav className={styles.nav} aria-label="Evidence in this case">
      {previous ? (
        <Link href={href(previous.id)} className={styles.link} rel="prev">
          ← Previous<span className="visually-hidden">: {previous.originalName}</span>
        </Link>
      ) : (
        <span className={`${styles.link} ${styles.disabled}`}>← Previous</span>
      )}
      <span className={styles.position} data-testid="media-position" aria-live="polite">
        {position.position} of {position.total}
      </span>
      {next ? (
        <Link href={href(next.id)} className={styles.link} rel="next">
          Next<span className="visually-hidden">: {next.originalName}</span> →
        </Link>
      ) : (
        <span className={`${styles.link} ${styles.disabled}`}>Next →</span>
      )}
      <details className={styles.help}>
        <summary>Keyboard shortcuts</summary>
        <dl className={styles.keys}>
          <dt>
            <kbd>[</kbd> or <kbd>k</kbd>
          </dt>
          <dd>Previous item</dd>
          <dt>
            <kbd>]</kbd> or <kbd>j</kbd>
          </dt>
          <dd>Next item</dd>
        </dl>
        <p className="muted">Not while typing in a field. The order is the one the case page showed.</p>
      </details>
    </nav>
  );
}
