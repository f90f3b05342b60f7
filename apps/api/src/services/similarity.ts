import { appendAuditEvent } from '@loupe/audit';
import { Prisma, Role, type KnownFake, type Media, type PrismaClient } from '@loupe/db';
import { assertNever, badInput } from '../errors.ts';
import type { CasesService } from './cases.ts';
import type { MediaService } from './media.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';

export type SimilaritySpace = 'DETECTOR' | 'FACE' | 'PHASH';
export type SimilarityScope = 'KNOWN_FAKES' | 'THIS_CASE' | 'MY_CASES';

export const MAX_K = 200;

interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * PHASH space, when a video is involved: the sampled frame of the result that matched best, and
 * the query's frame it matched (null when the query is an image).
 */
export interface MatchedFrame {
  index: number;
  timeSec: number;
  queryIndex: number | null;
  queryTimeSec: number | null;
}

export interface SimilarItem {
  /** DETECTOR: 1 − cosine distance; FACE: 1 − L2/2 (descriptors are ~unit length, so L2 ∈ [0, 2]); PHASH: 1 − hamming/64. */
  score: number;
  distance: number;
  kind: 'MEDIA' | 'KNOWN_FAKE';
  media: Media | null;
  knownFake: KnownFake | null;
  matchedFace: { box: FaceBox; faceIndex: number } | null;
  matchedFrame: MatchedFrame | null;
}

/** What a kNN query is run with: one vector or hash of the query item, in one space. */
export interface SimilarityProbe {
  space: SimilaritySpace;
  /** pgvector text literal, or a 64-character bit string for PHASH. */
  value: string;
  modelId?: string | null;
  modelVersion?: string | null;
  /** PHASH of a video: which of the query's sampled frames this hash is. */
  frame?: { index: number; timeSec: number } | null;
}

/** A video query searches with at most this many of its frame hashes (spread over the video). */
export const MAX_FRAME_PROBES = 64;

/** Who asks and for what: decides which rows a query may ever return. */
export interface SimilarityFilter {
  scope: SimilarityScope;
  viewerId: string;
  isAdmin: boolean;
  /** The query item's case (THIS_CASE) and the item itself (excluded from results). */
  caseId?: string | null;
  excludeMediaId?: string | null;
}

interface Row {
  mediaId: string | null;
  knownFakeId: string | null;
  distance: number;
  faceIndex: number | null;
  box: unknown;
  /** PHASH: the result's frame when the hash was a video frame's, else null. */
  frameIndex: number | null;
  timeSec: number | null;
}

const tableOf = {
  DETECTOR: Prisma.sql`detector_embeddings`,
  FACE: Prisma.sql`face_embeddings`,
  PHASH: Prisma.sql`perceptual_hashes`,
} as const;

const NO_FRAME = Prisma.sql`NULL::int AS "frameIndex", NULL::float8 AS "timeSec"`;

/**
 * The SQL that keeps results inside what the viewer may see: known fakes are open to everyone;
 * media only from cases the viewer is a member of (admins: all). Never string-built from input.
 */
export function scopeClause(f: SimilarityFilter): Prisma.Sql {
  const member = f.isAdmin
    ? Prisma.sql`TRUE`
    : Prisma.sql`e.case_id IN (SELECT cm.case_id FROM case_members cm WHERE cm.user_id = ${f.viewerId}::uuid)`;
  const notSelf = f.excludeMediaId ? Prisma.sql`AND e.media_id <> ${f.excludeMediaId}::uuid` : Prisma.empty;
  switch (f.scope) {
    case 'KNOWN_FAKES':
      return Prisma.sql`e.known_fake_id IS NOT NULL`;
    case 'THIS_CASE':
      return Prisma.sql`e.media_id IS NOT NULL AND e.case_id = ${f.caseId ?? null}::uuid AND ${member} ${notSelf}`;
    case 'MY_CASES':
      return Prisma.sql`e.media_id IS NOT NULL AND ${member} ${notSelf}`;
    default:
      return assertNever(f.scope);
  }
}

/**
 * The kNN statements for one probe, each ORDER BY distance LIMIT n so an HNSW index serves it.
 * PHASH searches two tables: the hashes of images, and the sampled frames of videos (a video's
 * own poster hash is left out there, so a video match always names its frame). An image thus
 * finds a video by one of its frames, and a video's frames find an image or another video.
 */
export function knnQueries(probe: SimilarityProbe, filter: SimilarityFilter, limit: number): Prisma.Sql[] {
  const where = scopeClause(filter);
  switch (probe.space) {
    case 'DETECTOR':
      return [
        Prisma.sql`SELECT e.media_id::text AS "mediaId", e.known_fake_id::text AS "knownFakeId",
          (e.embedding <=> ${probe.value}::vector)::float8 AS distance, e.face_index AS "faceIndex", NULL::jsonb AS box, ${NO_FRAME}
        FROM ${tableOf.DETECTOR} e
        WHERE e.model_id = ${probe.modelId ?? ''} AND e.model_version = ${probe.modelVersion ?? ''} AND ${where}
        ORDER BY e.embedding <=> ${probe.value}::vector LIMIT ${limit}`,
      ];
    case 'FACE':
      return [
        Prisma.sql`SELECT e.media_id::text AS "mediaId", e.known_fake_id::text AS "knownFakeId",
          (e.embedding <-> ${probe.value}::vector)::float8 AS distance, e.face_index AS "faceIndex", e.box, ${NO_FRAME}
        FROM ${tableOf.FACE} e
        WHERE ${where}
        ORDER BY e.embedding <-> ${probe.value}::vector LIMIT ${limit}`,
      ];
    case 'PHASH':
      return [
        Prisma.sql`SELECT e.media_id::text AS "mediaId", e.known_fake_id::text AS "knownFakeId",
          (e.phash <~> ${probe.value}::bit(64))::float8 AS distance, NULL::int AS "faceIndex", NULL::jsonb AS box, ${NO_FRAME}
        FROM ${tableOf.PHASH} e
        WHERE ${where} AND NOT EXISTS (SELECT 1 FROM frame_hashes f WHERE f.analysis_id = e.analysis_id)
        ORDER BY e.phash <~> ${probe.value}::bit(64) LIMIT ${limit}`,
        Prisma.sql`SELECT e.media_id::text AS "mediaId", e.known_fake_id::text AS "knownFakeId",
          (e.phash <~> ${probe.value}::bit(64))::float8 AS distance, NULL::int AS "faceIndex", NULL::jsonb AS box,
          e.frame_index AS "frameIndex", e.time_sec::float8 AS "timeSec"
        FROM frame_hashes e
        WHERE ${where}
        ORDER BY e.phash <~> ${probe.value}::bit(64) LIMIT ${limit}`,
      ];
    default:
      return assertNever(probe.space);
  }
}

export const scoreOf = (space: SimilaritySpace, distance: number): number => {
  switch (space) {
    case 'DETECTOR':
      return 1 - distance;
    case 'FACE':
      return 1 - distance / 2;
    case 'PHASH':
      return 1 - distance / 64;
    default:
      return assertNever(space);
  }
};

/**
 * Runs kNN for each probe inside one short transaction with pgvector's iterative index scan
 * (relaxed order, re-sorted here) so a selective scope filter does not starve the result, and
 * keeps each item's best match: for a video, its closest frame to any of the query's frames.
 */
export async function runSimilarity(
  prisma: PrismaClient,
  probes: SimilarityProbe[],
  filter: SimilarityFilter,
  k: number,
): Promise<Scored[]> {
  // Several rows per item (faces); fetch extra so that k distinct items survive de-duplication.
  const limit = Math.min(1000, k * 3);
  const rows = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)`;
    await tx.$executeRaw`SELECT set_config('hnsw.ef_search', ${String(Math.max(40, Math.min(1000, limit)))}, true)`;
    const all: (Row & { space: SimilaritySpace; query: SimilarityProbe['frame'] })[] = [];
    for (const probe of probes) {
      for (const sql of knnQueries(probe, filter, limit)) {
        const found = await tx.$queryRaw<Row[]>(sql);
        all.push(...found.map((r) => ({ ...r, space: probe.space, query: probe.frame ?? null })));
      }
    }
    return all;
  });
  const best = new Map<string, Scored>();
  for (const { query, space, ...r } of rows) {
    const key = r.mediaId ?? `kf:${r.knownFakeId}`;
    const score = scoreOf(space, r.distance);
    const current = best.get(key);
    if (!current || score > current.score)
      best.set(key, {
        ...r,
        score,
        queryFrameIndex: query?.index ?? null,
        queryTimeSec: query?.timeSec ?? null,
      });
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
}

type Scored = Row & { score: number; queryFrameIndex: number | null; queryTimeSec: number | null };

/** At most `max` items of a list, spread evenly over it (first and last kept). */
export function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}

export type SimilarityService = ReturnType<typeof createSimilarityService>;

export function createSimilarityService(deps: {
  prisma: PrismaClient;
  media: MediaService;
  cases: CasesService;
}) {
  const { prisma, media, cases } = deps;

  async function probesFor(mediaId: string, space: SimilaritySpace): Promise<SimilarityProbe[]> {
    const analysis = await prisma.analysis.findFirst({
      where: { mediaId, status: 'DONE' },
      orderBy: { queuedAt: 'desc' },
    });
    if (!analysis)
      throw badInput(`No ${space} vectors for this media: it has not been analysed yet.`, 'mediaId');
    switch (space) {
      case 'DETECTOR': {
        const rows = await prisma.$queryRaw<{ value: string; modelId: string; modelVersion: string }[]>`
          SELECT embedding::text AS value, model_id AS "modelId", model_version AS "modelVersion"
          FROM detector_embeddings WHERE analysis_id = ${analysis.id}::uuid ORDER BY face_index NULLS FIRST`;
        if (rows.length === 0)
          throw badInput(
            analysis.modelId
              ? 'No DETECTOR embedding for this media: the detector stored none when it was analysed.'
              : 'No DETECTOR embedding for this media: no detector was installed when it was analysed.',
            'space',
          );
        return rows.map((r) => ({ space, ...r }));
      }
      case 'FACE': {
        const rows = await prisma.$queryRaw<{ value: string }[]>`
          SELECT embedding::text AS value FROM face_embeddings WHERE analysis_id = ${analysis.id}::uuid ORDER BY face_index`;
        if (rows.length === 0)
          throw badInput(
            'No FACE embedding for this media: no face was found when it was analysed.',
            'space',
          );
        return rows.map((r) => ({ space, value: r.value }));
      }
      case 'PHASH': {
        // A video searches with its sampled frames' hashes; an image with its own hash.
        const frames = await prisma.$queryRaw<{ value: string; index: number; timeSec: number }[]>`
          SELECT phash::text AS value, frame_index AS index, time_sec::float8 AS "timeSec"
          FROM frame_hashes WHERE analysis_id = ${analysis.id}::uuid ORDER BY frame_index`;
        if (frames.length > 0)
          return spread(frames, MAX_FRAME_PROBES).map((f) => ({
            space,
            value: f.value,
            frame: { index: f.index, timeSec: f.timeSec },
          }));
        const rows = await prisma.$queryRaw<{ value: string }[]>`
          SELECT phash::text AS value FROM perceptual_hashes WHERE analysis_id = ${analysis.id}::uuid`;
        if (rows.length === 0)
          throw badInput('No PHASH for this media: its analysis stored no perceptual hash.', 'space');
        return rows.map((r) => ({ space, value: r.value }));
      }
      default:
        return assertNever(space);
    }
  }

  /** Loads the Media and KnownFake rows the SQL returned (already filtered by membership). */
  async function hydrate(rows: Scored[]): Promise<SimilarItem[]> {
    const mediaIds = rows.flatMap((r) => (r.mediaId ? [r.mediaId] : []));
    const fakeIds = rows.flatMap((r) => (r.knownFakeId ? [r.knownFakeId] : []));
    const [mediaRows, fakeRows] = await Promise.all([
      mediaIds.length ? prisma.media.findMany({ where: { id: { in: mediaIds } } }) : [],
      fakeIds.length ? prisma.knownFake.findMany({ where: { id: { in: fakeIds } } }) : [],
    ]);
    const mediaById = new Map(mediaRows.map((m) => [m.id, m]));
    const fakeById = new Map(fakeRows.map((f) => [f.id, f]));
    return rows.map((r) => ({
      score: r.score,
      distance: r.distance,
      kind: r.knownFakeId ? 'KNOWN_FAKE' : 'MEDIA',
      media: r.mediaId ? (mediaById.get(r.mediaId) ?? null) : null,
      knownFake: r.knownFakeId ? (fakeById.get(r.knownFakeId) ?? null) : null,
      matchedFace: r.faceIndex !== null && r.box ? { box: r.box as FaceBox, faceIndex: r.faceIndex } : null,
      matchedFrame:
        r.frameIndex !== null && r.timeSec !== null
          ? {
              index: r.frameIndex,
              timeSec: r.timeSec,
              queryIndex: r.queryFrameIndex,
              queryTimeSec: r.queryTimeSec,
            }
          : null,
    }));
  }

  return {
    /** The k items most similar to a media item the viewer can see, in one space and scope. */
    async similar(
      viewer: Viewer,
      args: {
        mediaId: string;
        space: SimilaritySpace;
        scope: SimilarityScope;
        k: number;
        minScore?: number | null;
      },
    ): Promise<SimilarItem[]> {
      if (!Number.isInteger(args.k) || args.k < 1 || args.k > MAX_K)
        throw badInput(`k must be between 1 and ${MAX_K}.`, 'k');
      const item = await media.get(viewer, args.mediaId);
      const probes = await probesFor(item.id, args.space);
      const rows = await runSimilarity(
        prisma,
        probes,
        {
          scope: args.scope,
          viewerId: viewer.id,
          isAdmin: viewer.role === Role.ADMIN,
          caseId: item.caseId,
          excludeMediaId: item.id,
        },
        args.k,
      );
      const minScore = args.minScore;
      return hydrate(typeof minScore === 'number' ? rows.filter((r) => r.score >= minScore) : rows);
    },

    /** kNN for a hash computed from an uploaded file that is not stored (POST /api/similar). */
    async similarToHash(
      viewer: Viewer,
      args: {
        phash: string;
        scope: SimilarityScope;
        k: number;
        sha256: string;
        /** THIS_CASE: the case to search, which the viewer must be able to see. */
        caseId?: string | null;
      },
      meta: RequestMeta,
    ): Promise<SimilarItem[]> {
      if (!Number.isInteger(args.k) || args.k < 1 || args.k > MAX_K)
        throw badInput(`k must be between 1 and ${MAX_K}.`, 'k');
      if (args.scope === 'THIS_CASE' && !args.caseId)
        throw badInput('THIS_CASE needs the case to search (caseId).', 'caseId');
      // NOT_FOUND for a case the viewer is not a member of, as for any other read of it.
      const caseId = args.scope === 'THIS_CASE' ? (await cases.get(viewer, args.caseId!)).id : null;
      const rows = await runSimilarity(
        prisma,
        [{ space: 'PHASH', value: args.phash }],
        { scope: args.scope, viewerId: viewer.id, isAdmin: viewer.role === Role.ADMIN, caseId },
        args.k,
      );
      await prisma.$transaction((tx) =>
        appendAuditEvent(tx, {
          actorId: viewer.id,
          action: 'similar.query',
          targetType: 'QueryImage',
          targetId: args.sha256,
          caseId,
          requestId: meta.requestId,
          clientAddress: meta.clientAddress,
          details: {
            sha256: args.sha256,
            phash: args.phash,
            space: 'PHASH',
            scope: args.scope,
            k: args.k,
            results: rows.length,
            ...(caseId ? { caseId } : {}),
          },
        }),
      );
      return hydrate(rows);
    },
  };
}
