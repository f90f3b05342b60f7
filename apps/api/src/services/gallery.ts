import { Prisma, type Media, type PrismaClient } from '@loupe/db';
import { assertNever, badInput } from '../errors.ts';
import type { CasesService } from './cases.ts';
import { isUuid } from './ids.ts';
import { pageSize, type Page } from './pagination.ts';
import type { Viewer } from './viewer.ts';

/** How the case's evidence is ordered: SUSPECTED_FIRST is the highest p(fake) first. */
export type MediaSort = 'SUSPECTED_FIRST' | 'NEWEST' | 'OLDEST' | 'NAME';
export const MEDIA_SORTS: readonly MediaSort[] = ['SUSPECTED_FIRST', 'NEWEST', 'OLDEST', 'NAME'];

/** NONE: nobody has given a verdict yet. */
export type MediaVerdictFilter = 'NONE' | 'AUTHENTIC' | 'INCONCLUSIVE' | 'MANIPULATED';

export interface MediaFilter {
  verdict?: MediaVerdictFilter | null;
  status?: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | null;
  kind?: 'IMAGE' | 'VIDEO' | 'SEQUENCE' | null;
}

export interface MediaListArgs {
  first: number;
  after?: string | null;
  sort?: MediaSort | null;
  filter?: MediaFilter | null;
}

/** A page of the case's evidence; `unfilteredCount` counts the case's items whatever the filter. */
export type GalleryPage = Page<Media> & { unfilteredCount: number };

/** Where one item sits in the case's evidence under a sort and filter, and its neighbours. */
export interface MediaPosition {
  position: number;
  total: number;
  previous: Media | null;
  next: Media | null;
}

/** A row of the ordering: the keys every sort needs, and whether the filter keeps it. */
interface Keys {
  id: string;
  createdAt: Date;
  nameKey: string;
  score: number;
}

/**
 * Every item of the case with its sort keys. p(fake) and the analysis status come from the latest
 * analysis, the verdict from the newest one, exactly as the Media fields resolve them. An item
 * without a finished score sorts as -1: after every scored item in SUSPECTED_FIRST.
 */
function keyed(caseId: string, filter: MediaFilter | null | undefined): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter?.kind) conditions.push(Prisma.sql`m.kind::text = ${filter.kind}`);
  if (filter?.status) conditions.push(Prisma.sql`a.status::text = ${filter.status}`);
  if (filter?.verdict === 'NONE') conditions.push(Prisma.sql`v.value IS NULL`);
  else if (filter?.verdict) conditions.push(Prisma.sql`v.value::text = ${filter.verdict}`);
  const matches = conditions.length > 0 ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
  return Prisma.sql`
    SELECT m.id, m.created_at AS "createdAt", lower(m.original_name) AS "nameKey",
      COALESCE(CASE WHEN a.status = 'DONE' THEN a.p_fake END, -1)::float8 AS score,
      COALESCE(${matches}, FALSE) AS matches
    FROM media m
    LEFT JOIN LATERAL (
      SELECT status, p_fake FROM analyses WHERE media_id = m.id ORDER BY queued_at DESC LIMIT 1
    ) a ON TRUE
    LEFT JOIN LATERAL (
      SELECT value FROM verdicts WHERE media_id = m.id ORDER BY created_at DESC, id DESC LIMIT 1
    ) v ON TRUE
    WHERE m.case_id = ${caseId}::uuid`;
}

/** ORDER BY for a sort; every order ends in the id so it is total and keyset paging is exact. */
function orderBy(sort: MediaSort): Prisma.Sql {
  switch (sort) {
    case 'SUSPECTED_FIRST':
      return Prisma.sql`score DESC, "createdAt" DESC, id DESC`;
    case 'NEWEST':
      return Prisma.sql`"createdAt" DESC, id DESC`;
    case 'OLDEST':
      return Prisma.sql`"createdAt" ASC, id ASC`;
    case 'NAME':
      return Prisma.sql`"nameKey" ASC, id ASC`;
    default:
      return assertNever(sort);
  }
}

// Cursors are opaque to clients: base64url JSON of the sort and the last row's keys, so a cursor
// from one order cannot be replayed in another.
function encodeCursor(sort: MediaSort, k: Keys): string {
  const keys =
    sort === 'SUSPECTED_FIRST'
      ? [k.score, k.createdAt.toISOString(), k.id]
      : sort === 'NAME'
        ? [k.nameKey, k.id]
        : [k.createdAt.toISOString(), k.id];
  return Buffer.from(JSON.stringify({ s: sort, k: keys })).toString('base64url');
}

/** The WHERE fragment for rows after `cursor` in `sort` order (row comparison, one direction). */
function afterCursor(sort: MediaSort, cursor: string | null | undefined): Prisma.Sql {
  if (!cursor) return Prisma.sql`TRUE`;
  const invalid = () => badInput('Invalid cursor.', 'after');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { s, k } = (parsed ?? {}) as { s?: unknown; k?: unknown };
  if (s !== sort) throw badInput('This cursor belongs to another sort order.', 'after');
  if (!Array.isArray(k)) throw invalid();
  const id = k.at(-1);
  if (typeof id !== 'string' || !isUuid(id)) throw invalid();
  const date = (value: unknown) => {
    const d = new Date(typeof value === 'string' ? value : '');
    if (Number.isNaN(d.getTime())) throw invalid();
    return d;
  };
  switch (sort) {
    case 'SUSPECTED_FIRST': {
      const [score, createdAt] = k;
      if (typeof score !== 'number') throw invalid();
      return Prisma.sql`(score, "createdAt", id) < (${score}::float8, ${date(createdAt)}::timestamptz, ${id}::uuid)`;
    }
    case 'NEWEST':
      return Prisma.sql`("createdAt", id) < (${date(k[0])}::timestamptz, ${id}::uuid)`;
    case 'OLDEST':
      return Prisma.sql`("createdAt", id) > (${date(k[0])}::timestamptz, ${id}::uuid)`;
    case 'NAME': {
      const [name] = k;
      if (typeof name !== 'string') throw invalid();
      return Prisma.sql`("nameKey", id) > (${name}, ${id}::uuid)`;
    }
    default:
      return assertNever(sort);
  }
}

/**
 * The case's evidence sorted and filtered in the database, so paging, counts and neighbours
 * cover every item and not only the ones a browser has loaded.
 */
export function createGalleryService(deps: { prisma: PrismaClient; cases: CasesService }) {
  const { prisma, cases } = deps;

  /** The rows for `ids`, in that order (one statement for the whole page). */
  async function mediaInOrder(ids: string[]): Promise<Media[]> {
    if (ids.length === 0) return [];
    const rows = await prisma.media.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    async list(viewer: Viewer, caseId: string, args: MediaListArgs): Promise<GalleryPage> {
      await cases.get(viewer, caseId);
      const first = pageSize(args.first, 100);
      const sort = args.sort ?? 'NEWEST';
      const base = keyed(caseId, args.filter);
      const [keys, counts] = await Promise.all([
        prisma.$queryRaw<Keys[]>`
          SELECT id, "createdAt", "nameKey", score FROM (${base}) r
          WHERE matches AND ${afterCursor(sort, args.after)}
          ORDER BY ${orderBy(sort)} LIMIT ${first + 1}`,
        prisma.$queryRaw<{ matching: number; total: number }[]>`
          SELECT (count(*) FILTER (WHERE matches))::int AS matching, count(*)::int AS total FROM (${base}) r`,
      ]);
      const shown = keys.slice(0, first);
      const nodes = await mediaInOrder(shown.map((k) => k.id));
      const edges = nodes.map((node, i) => ({ cursor: encodeCursor(sort, shown[i]!), node }));
      return {
        edges,
        pageInfo: { hasNextPage: keys.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: counts[0]?.matching ?? 0,
        unfilteredCount: counts[0]?.total ?? 0,
      };
    },

    /**
     * The item's place among the case's evidence under `sort` and `filter` (1-based) and the items
     * before and after it; null when the filter leaves it out or it is not in this case.
     */
    async position(
      viewer: Viewer,
      caseId: string,
      mediaId: string,
      sort: MediaSort | null | undefined,
      filter: MediaFilter | null | undefined,
    ): Promise<MediaPosition | null> {
      await cases.get(viewer, caseId);
      if (!isUuid(mediaId)) return null;
      const rows = await prisma.$queryRaw<
        { position: number; total: number; previous: string | null; next: string | null }[]
      >`
        SELECT position, total, previous, next FROM (
          SELECT id, (row_number() OVER w)::int AS position, (count(*) OVER ())::int AS total,
            lag(id) OVER w AS previous, lead(id) OVER w AS next
          FROM (${keyed(caseId, filter)}) r WHERE matches
          WINDOW w AS (ORDER BY ${orderBy(sort ?? 'NEWEST')})
        ) placed WHERE id = ${mediaId}::uuid`;
      const row = rows[0];
      if (!row) return null;
      const neighbours = await mediaInOrder([row.previous, row.next].filter((id) => id !== null));
      const find = (id: string | null) => neighbours.find((m) => m.id === id) ?? null;
      return { position: row.position, total: row.total, previous: find(row.previous), next: find(row.next) };
    },
  };
}

export type GalleryService = ReturnType<typeof createGalleryService>;
