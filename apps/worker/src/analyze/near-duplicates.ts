import type { Prisma } from '@loupe/db';

/**
 * pHash Hamming distance (of 64 bits) at or below which two images count as near-duplicates.
 * Re-encoding, resizing and small crops typically move a 64-bit DCT pHash by 0–6 bits, while
 * unrelated photos sit around 32; 6 keeps false matches rare (≈ 1e-11 for random hashes).
 */
export const PHASH_NEAR_DUPLICATE_MAX_HAMMING = 6;
/** Cosine similarity of detector embeddings (same model id and version) at or above which we flag. */
export const DETECTOR_NEAR_DUPLICATE_MIN_COSINE = 0.95;
const MAX_PER_SPACE = 10;

export interface NearDuplicate {
  knownFakeId: string;
  space: 'PHASH' | 'DETECTOR';
  /** Hamming bits for PHASH, cosine distance for DETECTOR. */
  distance: number;
  /** 1 − hamming/64 for PHASH, cosine similarity for DETECTOR. */
  score: number;
}

/**
 * Known fakes close to what this analysis just stored (its rows must already be written in `tx`).
 * A known fake is never its own near-duplicate. Uses the HNSW indexes (ORDER BY distance LIMIT).
 */
export async function findNearDuplicates(
  tx: Prisma.TransactionClient,
  analysisId: string,
  selfKnownFakeId: string | null,
): Promise<NearDuplicate[]> {
  const phash = await tx.$queryRaw<{ knownFakeId: string; distance: number }[]>`
    WITH q AS (SELECT phash FROM perceptual_hashes WHERE analysis_id = ${analysisId}::uuid)
    SELECT n.known_fake_id::text AS "knownFakeId", (n.phash <~> q.phash)::float8 AS distance
    FROM q, LATERAL (
      SELECT p.known_fake_id, p.phash FROM perceptual_hashes p
      WHERE p.known_fake_id IS NOT NULL AND p.known_fake_id IS DISTINCT FROM ${selfKnownFakeId}::uuid
      ORDER BY p.phash <~> q.phash LIMIT ${MAX_PER_SPACE}
    ) n
    WHERE (n.phash <~> q.phash) <= ${PHASH_NEAR_DUPLICATE_MAX_HAMMING}`;
  const detector = await tx.$queryRaw<{ knownFakeId: string; distance: number }[]>`
    SELECT n.known_fake_id::text AS "knownFakeId", min(n.distance)::float8 AS distance
    FROM detector_embeddings q, LATERAL (
      SELECT e.known_fake_id, (e.embedding <=> q.embedding) AS distance FROM detector_embeddings e
      WHERE e.known_fake_id IS NOT NULL AND e.known_fake_id IS DISTINCT FROM ${selfKnownFakeId}::uuid
        AND e.model_id = q.model_id AND e.model_version = q.model_version
      ORDER BY e.embedding <=> q.embedding LIMIT ${MAX_PER_SPACE}
    ) n
    WHERE q.analysis_id = ${analysisId}::uuid AND n.distance <= ${1 - DETECTOR_NEAR_DUPLICATE_MIN_COSINE}
    GROUP BY n.known_fake_id ORDER BY 2`;
  return [
    ...phash.map((r) => ({
      knownFakeId: r.knownFakeId,
      space: 'PHASH' as const,
      distance: r.distance,
      score: 1 - r.distance / 64,
    })),
    ...detector.map((r) => ({
      knownFakeId: r.knownFakeId,
      space: 'DETECTOR' as const,
      distance: r.distance,
      score: 1 - r.distance,
    })),
  ].sort((a, b) => b.score - a.score);
}
