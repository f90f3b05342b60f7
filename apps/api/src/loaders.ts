import DataLoader from 'dataloader';
import type { CaseRole, Heatmap, PrismaClient, Verdict } from '@loupe/db';
import type { MemberWithUser } from './services/cases.ts';
import type { Viewer } from './services/viewer.ts';

/**
 * Per-request batched reads for fields resolved once per row (a case's role, an item's analysis,
 * a verdict's author…): every row's key asked for in the same tick becomes one `IN (…)` query,
 * so a page of 100 items costs the statements of one. Created per request (context), because
 * some answers depend on the viewer.
 *
 * `cache: false`: batching is the point. A per-request cache would also hand a later mutation
 * in the same document the rows read before an earlier one changed them.
 */
export function createLoaders(prisma: PrismaClient, viewer: Viewer | null) {
  const batch = <K, V>(load: (keys: readonly K[]) => Promise<V[]>) =>
    new DataLoader<K, V>(load, { cache: false });

  return {
    user: batch(async (ids: readonly string[]) =>
      byKey(ids, await prisma.user.findMany({ where: { id: { in: [...ids] } } }), (u) => u.id),
    ),

    knownFake: batch(async (ids: readonly string[]) =>
      byKey(ids, await prisma.knownFake.findMany({ where: { id: { in: [...ids] } } }), (k) => k.id),
    ),

    /** The viewer's role in each case; null where they are not a member. */
    caseRole: batch(async (caseIds: readonly string[]): Promise<(CaseRole | null)[]> => {
      if (!viewer) return caseIds.map(() => null);
      const rows = await prisma.caseMember.findMany({
        where: { userId: viewer.id, caseId: { in: [...caseIds] } },
      });
      return byKey(caseIds, rows, (m) => m.caseId).map((m) => m?.role ?? null);
    }),

    caseMembers: batch(async (caseIds: readonly string[]): Promise<MemberWithUser[][]> => {
      const rows = await prisma.caseMember.findMany({
        where: { caseId: { in: [...caseIds] } },
        include: { user: true },
        orderBy: { addedAt: 'asc' },
      });
      return groupBy(caseIds, rows, (m) => m.caseId);
    }),

    /** Members assigned to each case, by email. */
    caseAssignees: batch(async (caseIds: readonly string[]) => {
      const rows = await prisma.caseMember.findMany({
        where: { caseId: { in: [...caseIds] }, assigned: true },
        include: { user: true },
        orderBy: { user: { email: 'asc' } },
      });
      return groupBy(caseIds, rows, (m) => m.caseId).map((ms) => ms.map((m) => m.user));
    }),

    /** The latest analysis of each media item. */
    mediaAnalysis: batch(async (mediaIds: readonly string[]) => {
      const rows = await prisma.analysis.findMany({
        where: { mediaId: { in: [...mediaIds] } },
        orderBy: { queuedAt: 'desc' },
      });
      return firstOf(mediaIds, rows, (a) => a.mediaId);
    }),

    /** The latest analysis of each known fake. */
    knownFakeAnalysis: batch(async (knownFakeIds: readonly string[]) => {
      const rows = await prisma.analysis.findMany({
        where: { knownFakeId: { in: [...knownFakeIds] } },
        orderBy: { queuedAt: 'desc' },
      });
      return firstOf(knownFakeIds, rows, (a) => a.knownFakeId);
    }),

    /** Each media item's verdicts, newest first (the first is the current one). */
    verdicts: batch(async (mediaIds: readonly string[]): Promise<Verdict[][]> => {
      const rows = await prisma.verdict.findMany({
        where: { mediaId: { in: [...mediaIds] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return groupBy(mediaIds, rows, (v) => v.mediaId);
    }),

    /** Each analysis's maps as before per-face maps: the primary face's detector map and the forensic maps. */
    heatmaps: batch(async (analysisIds: readonly string[]): Promise<Heatmap[][]> => {
      const rows = await prisma.heatmap.findMany({
        // Other faces' maps would add a second DETECTOR map that clients picking "the" map by kind
        // cannot tell apart; they are faceHeatmaps.
        where: { analysisId: { in: [...analysisIds] }, OR: [{ faceIndex: null }, { faceIndex: 0 }] },
        orderBy: { kind: 'asc' },
      });
      return groupBy(analysisIds, rows, (m) => m.analysisId);
    }),

    /** Each analysis's detector maps of single faces, by face index (0 = primary). */
    faceHeatmaps: batch(async (analysisIds: readonly string[]): Promise<Heatmap[][]> => {
      const rows = await prisma.heatmap.findMany({
        where: { analysisId: { in: [...analysisIds] }, faceIndex: { not: null } },
        orderBy: [{ faceIndex: 'asc' }, { kind: 'asc' }],
      });
      return groupBy(analysisIds, rows, (m) => m.analysisId);
    }),

    perceptualHash: batch(async (analysisIds: readonly string[]) => {
      const rows = await prisma.$queryRaw<{ analysisId: string; phash: string; dhash: string }[]>`
        SELECT analysis_id::text AS "analysisId", phash::text AS phash, dhash::text AS dhash
        FROM perceptual_hashes WHERE analysis_id = ANY(${[...analysisIds]}::uuid[])`;
      return byKey(analysisIds, rows, (r) => r.analysisId).map((r) =>
        r ? { phash: r.phash, dhash: r.dhash } : null,
      );
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

function byKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string | null): (T | null)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => found.get(k) ?? null);
}

/** The first row per key, in the rows' order. */
function firstOf<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string | null): (T | null)[] {
  const found = new Map<string, T>();
  for (const row of rows) {
    const k = keyOf(row);
    if (k !== null && !found.has(k)) found.set(k, row);
  }
  return keys.map((k) => found.get(k) ?? null);
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
