/**
 * The case's evidence gallery: the list sorted and filtered by the API (`Case.media(sort, filter)`),
 * an item's position among its neighbours (`Case.mediaPosition`), and how that view is written in
 * the URL so a link reproduces it.
 */
// The gallery asks for exactly the evidence list's fields (its EvidenceList_Media fragment), so the
// table and the grid render the same MediaSummary.
import { graphql } from './gql';
import type { MediaFilter, MediaSort } from './gql/graphql';
import type { AnalysisStatus, MediaKind } from './types';
import { VERDICT_FILTERS, type VerdictFilter } from './verdictFilter';

export type { MediaSort };
export const MEDIA_SORTS: readonly MediaSort[] = ['SUSPECTED_FIRST', 'NEWEST', 'OLDEST', 'NAME'];
export const MEDIA_SORT_LABELS: Record<MediaSort, string> = {
  SUSPECTED_FIRST: 'Suspected first (highest p(fake))',
  NEWEST: 'Newest first',
  OLDEST: 'Oldest first',
  NAME: 'Name (A–Z)',
};

export type StatusFilter = 'ALL' | AnalysisStatus;
export const STATUS_FILTERS: readonly StatusFilter[] = ['ALL', 'QUEUED', 'RUNNING', 'DONE', 'FAILED'];
export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  ALL: 'Any status',
  QUEUED: 'Queued',
  RUNNING: 'Running',
  DONE: 'Done',
  FAILED: 'Failed',
};

export type KindFilter = 'ALL' | MediaKind;
export const KIND_FILTERS: readonly KindFilter[] = ['ALL', 'IMAGE', 'VIDEO', 'SEQUENCE'];
export const KIND_FILTER_LABELS: Record<KindFilter, string> = {
  ALL: 'Any type',
  IMAGE: 'Images',
  VIDEO: 'Videos',
  SEQUENCE: 'Face sequences',
};

export type EvidenceView = 'table' | 'grid';

export const GALLERY_MEDIA_QUERY = graphql(`
  query GalleryMedia($id: ID!, $first: Int, $after: String, $sort: MediaSort, $filter: MediaFilter) {
    case(id: $id) {
      id
      media(first: $first, after: $after, sort: $sort, filter: $filter) {
        edges {
          cursor
          node {
            ...EvidenceList_Media
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
        unfilteredCount
      }
    }
  }
`);

export const MEDIA_POSITION_QUERY = graphql(`
  query MediaPosition($caseId: ID!, $mediaId: ID!, $sort: MediaSort, $filter: MediaFilter) {
    case(id: $caseId) {
      id
      mediaPosition(mediaId: $mediaId, sort: $sort, filter: $filter) {
        position
        total
        previous {
          id
          originalName
        }
        next {
          id
          originalName
        }
      }
    }
  }
`);

/** What the case page's evidence section shows, as written in the URL's query string. */
export interface GalleryView {
  view: EvidenceView;
  sort: MediaSort;
  verdict: VerdictFilter;
  status: StatusFilter;
  kind: KindFilter;
}

export const DEFAULT_GALLERY_VIEW: GalleryView = {
  view: 'table',
  sort: 'NEWEST',
  verdict: 'ALL',
  status: 'ALL',
  kind: 'ALL',
};

const pick = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** Reads the view from the query string; unknown values fall back to the defaults. */
export function readGalleryView(params: { get(name: string): string | null }): GalleryView {
  return {
    view: pick<EvidenceView>(['table', 'grid'], params.get('view'), DEFAULT_GALLERY_VIEW.view),
    sort: pick(MEDIA_SORTS, params.get('sort'), DEFAULT_GALLERY_VIEW.sort),
    verdict: pick(VERDICT_FILTERS, params.get('verdict'), DEFAULT_GALLERY_VIEW.verdict),
    status: pick(STATUS_FILTERS, params.get('status'), DEFAULT_GALLERY_VIEW.status),
    kind: pick(KIND_FILTERS, params.get('kind'), DEFAULT_GALLERY_VIEW.kind),
  };
}

/**
 * The query string for a view, defaults left out so plain links stay plain. `order` drops the
 * view (table or grid): the media page's previous/next only need the order and the filter.
 */
export function galleryQuery(view: GalleryView, part: 'all' | 'order' = 'all'): string {
  const params = new URLSearchParams();
  if (part === 'all' && view.view !== DEFAULT_GALLERY_VIEW.view) params.set('view', view.view);
  if (view.sort !== DEFAULT_GALLERY_VIEW.sort) params.set('sort', view.sort);
  if (view.verdict !== 'ALL') params.set('verdict', view.verdict);
  if (view.status !== 'ALL') params.set('status', view.status);
  if (view.kind !== 'ALL') params.set('kind', view.kind);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's filter input for a view; null when nothing is filtered. */
export function filterInput(view: GalleryView): MediaFilter | null {
  const filter: MediaFilter = {};
  if (view.verdict !== 'ALL') filter.verdict = view.verdict;
  if (view.status !== 'ALL') filter.status = view.status;
  if (view.kind !== 'ALL') filter.kind = view.kind;
  return Object.keys(filter).length > 0 ? filter : null;
}

export const isFiltered = (view: GalleryView) => filterInput(view) !== null;
