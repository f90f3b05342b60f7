import {
  detectorProbes,
  faceProbes,
  frameHashProbes,
  knnSearch,
  phashProbes,
  type KnnRow,
  type KnownFake,
  type Media,
  type PrismaClient,
  type SimilarityFilter,
  type SimilarityProbe,
  type SimilarityScope,
  type SimilaritySpace,
} from '@loupe/db';
import { assertNever, badInput } from '../errors.ts';
import type { CasesService } from './cases.ts';
import type { MediaService } from './media.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { sqlViewer } from './access.ts';
import { recordAudit } from './audit-log.ts';

export type { SimilarityFilter, SimilarityProbe, SimilarityScope, SimilaritySpace };

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

/** A video query searches with at most this many of its frame hashes (spread over the video). */
export const MAX_FRAME_PROBES = 64;

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
 * Runs kNN for each probe (the vector repository's `knnSearch`: one transaction, iterative index
 * scan in relaxed order, re-sorted here) and keeps each item's best match: for a video, its
 * closest frame to any of the query's frames.
 */
export async function runSimilarity(
  prisma: PrismaClient,
  probes: SimilarityProbe[],
  filter: SimilarityFilter,
  k: number,
): Promise<Scored[]> {
  // Several rows per item (faces); fetch extra so that k distinct items survive de-duplication.
  const rows = await knnSearch(prisma, probes, filter, Math.min(1000, k * 3));
  const best = new Map<string, Scored>();
  for (const { probe, ...r } of rows) {
    const key = r.mediaId ?? `kf:${r.knownFakeId}`;
    const score = scoreOf(probe.space, r.distance);
    const query = probe.frame ?? null;
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

type Scored = KnnRow & { score: number; queryFrameIndex: number | null; queryTimeSec: number | null };

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
        const rows = await detectorProbes(prisma, analysis.id);
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
        const rows = await faceProbes(prisma, analysis.id);
        if (rows.length === 0)
          throw badInput(
            'No FACE embedding for this media: no face was found when it was analysed.',
            'space',
          );
        return rows.map((r) => ({ space, value: r.value }));
      }
      case 'PHASH': {
        // A video searches with its sampled frames' hashes; an image with its own hash.
        const frames = await frameHashProbes(prisma, analysis.id);
        if (frames.length > 0)
          return spread(frames, MAX_FRAME_PROBES).map((f) => ({
            space,
            value: f.value,
            frame: { index: f.index, timeSec: f.timeSec },
          }));
        const rows = await phashProbes(prisma, analysis.id);
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
          ...sqlViewer(viewer),
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
        { scope: args.scope, ...sqlViewer(viewer), caseId },
        args.k,
      );
      await prisma.$transaction((tx) =>
        recordAudit(tx, viewer.id, meta, {
          action: 'similar.query',
          targetType: 'QueryImage',
          targetId: args.sha256,
          caseId,
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
