import { badInput } from '../errors.ts';
import { isUuid } from './ids.ts';

/** A Relay-style page, newest first. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

interface Keyed {
  createdAt: Date;
  id: string;
}

/** Checks `first` is within 1..max. */
export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw badInput(`first must be between 1 and ${max}.`, 'first');
  return first;
}

// Cursors are opaque to clients: base64url of "createdAt ISO|id".
const encodeCursor = (k: Keyed) => Buffer.from(`${k.createdAt.toISOString()}|${k.id}`).toString('base64url');

/**
 * The Prisma `where` fragment selecting rows after a cursor in (createdAt desc, id desc) order,
 * or an empty object for the first page.
 */
export function after(cursor: string | null | undefined) {
  if (!cursor) return {};
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw badInput('Invalid cursor.', 'after');
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/** The order keyset pagination relies on. */
export const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Builds the page from `first + 1` fetched rows. */
export function toPage<T extends Keyed>(rows: T[], first: number, totalCount: number): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
