/** Pure helpers that keep the case's evidence list consistent across pages, refreshes and polls. */
import type { MediaConnection, MediaEdge, MediaSummary, PageInfo } from './types';

export interface MediaListState {
  edges: MediaEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function fromConnection(connection: MediaConnection): MediaListState {
  return { edges: connection.edges, pageInfo: connection.pageInfo, totalCount: connection.totalCount };
}

/** Appends the next page (from "Load more"), skipping items already shown. */
export function appendPage(current: MediaListState, next: MediaConnection): MediaListState {
  const seen = new Set(current.edges.map((edge) => edge.node.id));
  return {
    edges: [...current.edges, ...next.edges.filter((edge) => !seen.has(edge.node.id))],
    pageInfo: next.pageInfo,
    totalCount: next.totalCount,
  };
}

/**
 * Folds a freshly fetched first page into the list (after an upload): new items appear on top,
 * known ones are updated, and items loaded from later pages stay. The list is ordered newest
 * first by (createdAt, id), so the cursor of the last item shown stays valid.
 */
export function mergeFirstPage(current: MediaListState, first: MediaConnection): MediaListState {
  const fresh = new Set(first.edges.map((edge) => edge.node.id));
  const older = current.edges.filter((edge) => !fresh.has(edge.node.id));
  return {
    edges: [...first.edges, ...older],
    // If older items are still shown below the fresh page, paging continues after them.
    pageInfo: older.length > 0 ? current.pageInfo : first.pageInfo,
    totalCount: first.totalCount,
  };
}

/** Replaces items by id (after polling their analyses). */
export function replaceNodes(current: MediaListState, nodes: MediaSummary[]): MediaListState {
  if (nodes.length === 0) return current;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  return {
    ...current,
    edges: current.edges.map((edge) => {
      const node = byId.get(edge.node.id);
      return node ? { ...edge, node } : edge;
    }),
  };
}
