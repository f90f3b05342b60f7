import { nearKnownFakes, type Prisma } from '@loupe/db';

/**
 * pHash Hamming distance (of 64 bits) at or below which two images count as near-duplicates.
 * Re-encoding, resizing and small crops typically move a 64-bit DCT pHash by 0–6 bits, while
 * unrelated photos sit around 32; 6 keeps false matches rare (≈ 1e-11 for random hashes).
 */
export const PHASH_NEAR_DUPLICATE_MAX_HAMMING = 6;
/** Cosine similarity of detector embeddings (same model id and version) at or above which we flag. */
export const DETECTOR_NEAR_DUPLICATE_MIN_COSINE = 0.95;
const MAX_PER_SPACE = 10;
/** A video is compared by at most this many of its sampled frames (every step-th). */
const MAX_FRAME_PROBES = 64;

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
 * A known fake is never its own near-duplicate, and counts at its closest frame. The SQL is the
 * vector repository's (`nearKnownFakes` in @loupe/db).
 */
export async function findNearDuplicates(
  tx: Prisma.TransactionClient,
  analysisId: string,
  selfKnownFakeId: string | null,
): Promise<NearDuplicate[]> {
  const { phash, detector } = await nearKnownFakes(tx, analysisId, selfKnownFakeId, {
    perSpace: MAX_PER_SPACE,
    maxFrameProbes: MAX_FRAME_PROBES,
    maxHamming: PHASH_NEAR_DUPLICATE_MAX_HAMMING,
    maxCosineDistance: 1 - DETECTOR_NEAR_DUPLICATE_MIN_COSINE,
  });
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
