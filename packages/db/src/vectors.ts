import { Prisma, type PrismaClient } from './generated/prisma/client.ts';

/**
 * The vector and hash SQL, in one place (after Immich's search repository): the rows an analysis
 * writes (detector embeddings, face descriptors, perceptual and frame hashes) and every distance
 * query over them (similarity search, comparison, near-duplicates). pgvector's operators (<=>
 * cosine, <-> L2, <~> Hamming) appear nowhere else, so an index, an operator class or a scope
 * rule changes here once. Callers keep the meaning (scores, thresholds, what a probe is).
 */

type Tx = Prisma.TransactionClient;

/** A vector as pgvector's text input; a non-finite component (never expected) is stored as 0. */
const vectorLiteral = (v: Float32Array) =>
  `[${Array.from(v, (x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

function unreachable(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}

// ── Writes ────────────────────────────────────────────────────────────────────────────────────

/** Who an analysis is about, as the derived rows record it. */
export interface RowSubject {
  mediaId: string | null;
  knownFakeId: string | null;
  caseId: string | null;
}

export interface ModelRef {
  id: string;
  version: string;
}

/** The derived rows' INSERTs, shared by the image and the video writer (one place per table). */
export const insertVectors = {
  detectorEmbedding: (
    tx: Tx,
    analysisId: string,
    s: RowSubject,
    model: ModelRef,
    faceIndex: number | null,
    v: Float32Array,
  ) =>
    tx.$executeRaw`INSERT INTO detector_embeddings (id, analysis_id, media_id, known_fake_id, case_id, model_id, model_version, face_index, embedding)
      VALUES (gen_random_uuid(), ${analysisId}::uuid, ${s.mediaId}::uuid, ${s.knownFakeId}::uuid, ${s.caseId}::uuid, ${model.id}, ${model.version}, ${faceIndex}, ${vectorLiteral(v)}::vector)`,
  faceEmbedding: (
    tx: Tx,
    analysisId: string,
    s: RowSubject,
    modelId: string,
    { faceIndex, box, vector: v }: { faceIndex: number; box: unknown; vector: Float32Array },
  ) =>
    tx.$executeRaw`INSERT INTO face_embeddings (id, analysis_id, media_id, known_fake_id, case_id, model_id, face_index, box, embedding)
      VALUES (gen_random_uuid(), ${analysisId}::uuid, ${s.mediaId}::uuid, ${s.knownFakeId}::uuid, ${s.caseId}::uuid, ${modelId}, ${faceIndex}, ${JSON.stringify(box)}::jsonb, ${vectorLiteral(v)}::vector)`,
  perceptualHash: (tx: Tx, analysisId: string, s: RowSubject, phash: string, dhash: string) =>
    tx.$executeRaw`INSERT INTO perceptual_hashes (id, analysis_id, media_id, known_fake_id, case_id, phash, dhash)
      VALUES (gen_random_uuid(), ${analysisId}::uuid, ${s.mediaId}::uuid, ${s.knownFakeId}::uuid, ${s.caseId}::uuid, ${phash}::bit(64), ${dhash}::bit(64))`,
  frameHash: (
    tx: Tx,
    analysisId: string,
    s: RowSubject,
    f: { index: number; timeSec: number; phash: string },
  ) =>
    tx.$executeRaw`INSERT INTO frame_hashes (id, analysis_id, media_id, known_fake_id, case_id, frame_index, time_sec, phash)
        VALUES (gen_random_uuid(), ${analysisId}::uuid, ${s.mediaId}::uuid, ${s.knownFakeId}::uuid, ${s.caseId}::uuid, ${f.index}, ${f.timeSec}, ${f.phash}::bit(64))`,
};

// ── Similarity search ─────────────────────────────────────────────────────────────────────────

export type SimilaritySpace = 'DETECTOR' | 'FACE' | 'PHASH';
export type SimilarityScope = 'KNOWN_FAKES' | 'THIS_CASE' | 'MY_CASES';

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

/** Who asks and for what: decides which rows a query may ever return. */
export interface SimilarityFilter {
  scope: SimilarityScope;
  viewerId: string;
  isAdmin: boolean;
  /** The query item's case (THIS_CASE) and the item itself (excluded from results). */
  caseId?: string | null;
  excludeMediaId?: string | null;
}

/** One kNN result row. */
export interface KnnRow {
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
      return unreachable(f.scope);
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
      return unreachable(probe.space);
  }
}

/**
 * Every probe's kNN rows (up to `limit` per statement), in one short transaction with pgvector's
 * iterative index scan (relaxed order: the caller re-sorts) so a selective scope filter does not
 * starve the result. Each row carries the probe it answers.
 */
export async function knnSearch(
  prisma: PrismaClient,
  probes: SimilarityProbe[],
  filter: SimilarityFilter,
  limit: number,
): Promise<(KnnRow & { probe: SimilarityProbe })[]> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)`;
    await tx.$executeRaw`SELECT set_config('hnsw.ef_search', ${String(Math.max(40, Math.min(1000, limit)))}, true)`;
    const all: (KnnRow & { probe: SimilarityProbe })[] = [];
    for (const probe of probes) {
      for (const sql of knnQueries(probe, filter, limit)) {
        const found = await tx.$queryRaw<KnnRow[]>(sql);
        all.push(...found.map((r) => ({ ...r, probe })));
      }
    }
    return all;
  });
}

/** An analysis' detector embeddings as probes' values, the primary (whole image or face 0) first. */
export const detectorProbes = (prisma: PrismaClient, analysisId: string) =>
  prisma.$queryRaw<{ value: string; modelId: string; modelVersion: string }[]>`
    SELECT embedding::text AS value, model_id AS "modelId", model_version AS "modelVersion"
    FROM detector_embeddings WHERE analysis_id = ${analysisId}::uuid ORDER BY face_index NULLS FIRST`;

/** An analysis' face descriptors, by face index. */
export const faceProbes = (prisma: PrismaClient, analysisId: string) =>
  prisma.$queryRaw<{ value: string }[]>`
    SELECT embedding::text AS value FROM face_embeddings WHERE analysis_id = ${analysisId}::uuid ORDER BY face_index`;

/** A video analysis' sampled frames' hashes, in frame order (none for an image). */
export const frameHashProbes = (prisma: PrismaClient, analysisId: string) =>
  prisma.$queryRaw<{ value: string; index: number; timeSec: number }[]>`
    SELECT phash::text AS value, frame_index AS index, time_sec::float8 AS "timeSec"
    FROM frame_hashes WHERE analysis_id = ${analysisId}::uuid ORDER BY frame_index`;

/** An analysis' own perceptual hash (an image's, or a video's poster frame's). */
export const phashProbes = (prisma: PrismaClient, analysisId: string) =>
  prisma.$queryRaw<{ value: string }[]>`
    SELECT phash::text AS value FROM perceptual_hashes WHERE analysis_id = ${analysisId}::uuid`;

// ── Comparison of two analyses ────────────────────────────────────────────────────────────────

/**
 * The closest pair's distance in each space between two analyses' rows (null where either has
 * none): Hamming bits (PHASH), cosine distance (DETECTOR, same model id and version only), L2
 * (FACE). Several rows per item (faces, one detector vector per face crop): the closest pair
 * counts, as in a search.
 */
export const pairDistances = (prisma: PrismaClient, a: string, b: string) =>
  prisma.$queryRaw<{ space: SimilaritySpace; distance: number | null }[]>`
      SELECT 'PHASH' AS space, MIN((x.phash <~> y.phash)::float8) AS distance
        FROM perceptual_hashes x, perceptual_hashes y WHERE x.analysis_id = ${a}::uuid AND y.analysis_id = ${b}::uuid
      UNION ALL
      SELECT 'DETECTOR', MIN((x.embedding <=> y.embedding)::float8)
        FROM detector_embeddings x JOIN detector_embeddings y
          ON x.model_id = y.model_id AND x.model_version = y.model_version
        WHERE x.analysis_id = ${a}::uuid AND y.analysis_id = ${b}::uuid
      UNION ALL
      SELECT 'FACE', MIN((x.embedding <-> y.embedding)::float8)
        FROM face_embeddings x, face_embeddings y WHERE x.analysis_id = ${a}::uuid AND y.analysis_id = ${b}::uuid`;

// ── Near-duplicates among known fakes ─────────────────────────────────────────────────────────

export interface NearKnownFakeLimits {
  /** Rows per kNN statement. */
  perSpace: number;
  /** A video is compared by at most this many of its sampled frames (every step-th). */
  maxFrameProbes: number;
  maxHamming: number;
  maxCosineDistance: number;
}

/**
 * Known fakes close to what an analysis stored (its rows must already be written in `tx`), each
 * at its smallest distance, closest first; never the analysis' own known fake. Uses the HNSW
 * indexes (ORDER BY distance LIMIT). PHASH: an image compares its hash, a video its sampled
 * frames' hashes, with the hashes of known images and the frame hashes of known videos.
 */
export async function nearKnownFakes(
  tx: Tx,
  analysisId: string,
  selfKnownFakeId: string | null,
  limits: NearKnownFakeLimits,
): Promise<{
  phash: { knownFakeId: string; distance: number }[];
  detector: { knownFakeId: string; distance: number }[];
}> {
  const [{ frames }] = await tx.$queryRaw<[{ frames: number }]>`
    SELECT count(*)::int AS frames FROM frame_hashes WHERE analysis_id = ${analysisId}::uuid`;
  const step = Math.max(1, Math.ceil(frames / limits.maxFrameProbes));
  const perSpace = limits.perSpace;
  const phash = await tx.$queryRaw<{ knownFakeId: string; distance: number }[]>`
    WITH q AS (
      SELECT phash FROM frame_hashes WHERE analysis_id = ${analysisId}::uuid AND frame_index % ${step} = 0
      UNION ALL
      SELECT phash FROM perceptual_hashes WHERE analysis_id = ${analysisId}::uuid AND ${frames} = 0
    )
    SELECT n.known_fake_id::text AS "knownFakeId", min(n.distance)::float8 AS distance
    FROM q, LATERAL (
      (SELECT p.known_fake_id, p.phash <~> q.phash AS distance FROM perceptual_hashes p
        WHERE p.known_fake_id IS NOT NULL AND p.known_fake_id IS DISTINCT FROM ${selfKnownFakeId}::uuid
          AND NOT EXISTS (SELECT 1 FROM frame_hashes f WHERE f.analysis_id = p.analysis_id)
        ORDER BY p.phash <~> q.phash LIMIT ${perSpace})
      UNION ALL
      (SELECT f.known_fake_id, f.phash <~> q.phash AS distance FROM frame_hashes f
        WHERE f.known_fake_id IS NOT NULL AND f.known_fake_id IS DISTINCT FROM ${selfKnownFakeId}::uuid
        ORDER BY f.phash <~> q.phash LIMIT ${perSpace})
    ) n
    WHERE n.distance <= ${limits.maxHamming}
    GROUP BY n.known_fake_id ORDER BY 2`;
  const detector = await tx.$queryRaw<{ knownFakeId: string; distance: number }[]>`
    SELECT n.known_fake_id::text AS "knownFakeId", min(n.distance)::float8 AS distance
    FROM detector_embeddings q, LATERAL (
      SELECT e.known_fake_id, (e.embedding <=> q.embedding) AS distance FROM detector_embeddings e
      WHERE e.known_fake_id IS NOT NULL AND e.known_fake_id IS DISTINCT FROM ${selfKnownFakeId}::uuid
        AND e.model_id = q.model_id AND e.model_version = q.model_version
      ORDER BY e.embedding <=> q.embedding LIMIT ${perSpace}
    ) n
    WHERE q.analysis_id = ${analysisId}::uuid AND n.distance <= ${limits.maxCosineDistance}
    GROUP BY n.known_fake_id ORDER BY 2`;
  return { phash, detector };
}
