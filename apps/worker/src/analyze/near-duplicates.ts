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

/** A video is compared by at most this many of its sampled frames (every step-th). */
const MAX_FRAME_PROBES = 64;

/**
 * Known fakes close to what this analysis just stored (its rows must already be written in `tx`).
 * A known fake is never its own near-duplicate. Uses the HNSW indexes (ORDER BY distance LIMIT).
 * PHASH: an image compares its hash, a video its sampled frames' hashes, with the hashes of known
 * images and the frame hashes of known videos; a known fake counts at its closest frame.
 */
export async function findNearDuplicates(
  tx: Prisma.TransactionClient,
  analysisId: string,
  selfKnownFakeId: string | null,
): Promise<NearDuplicate[]> {
  const [{ frames }] = await tx.$queryRaw<[{ frames: number }]>`
    SELECT count(*)::int AS frames FROM frame_hashes WHERE analysis_id = ${analysisId}::uuid`;
  const step = Math.max(1, Math.ceil(frames / MAX_FRAME_PROBES));
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
        ORDER BY p.phash <~> q.phash LIMIT ${MAX_PER_SPACE})
      UNION ALL
      (SELECT f.known_fake_id, f.phash <~> q.phash AS distance FROM frame_hashes f
        WHERE f.known_fake_id IS NOT NULL AND f.known_fake_id IS DISTINCT FROM ${selfKnownFakeId}::uuid
        ORDER BY f.phash <~> q.phash LIMIT ${MAX_PER_SPACE})
    ) n
    WHERE n.distance <= ${PHASH_NEAR_DUPLICATE_MAX_HAMMING}
    GROUP BY n.known_fake_id ORDER BY 2`;
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
