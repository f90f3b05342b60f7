import { pairDistances, type KnownFake, type Media, type PrismaClient } from '@loupe/db';
import { badInput } from '../errors.ts';
import type { KnownFakesService } from './known-fakes.ts';
import type { MediaService } from './media.ts';
import { scoreOf, type SimilaritySpace } from './similarity.ts';
import type { Viewer } from './viewer.ts';

/** The other side of a comparison: evidence the viewer can see, or a library item. */
export type ComparisonTarget = { mediaId: string } | { knownFakeId: string };

export interface SpaceDistance {
  space: SimilaritySpace;
  /** Hamming bits (PHASH), cosine distance (DETECTOR, same model only), L2 (FACE, closest face pair). */
  distance: number;
  score: number;
}

export interface Comparison {
  media: Media;
  /** Exactly one of these is set. */
  otherMedia: Media | null;
  knownFake: KnownFake | null;
  /** One entry per space both items have vectors in; a space missing on either side is left out. */
  spaces: SpaceDistance[];
}

export type ComparisonService = ReturnType<typeof createComparisonService>;

/**
 * Distances between two given items, read from the vectors their latest completed analyses stored,
 * so a side-by-side view shows the same numbers a similarity search would. Both items are checked
 * like any read (evidence: case membership; known fakes: everyone signed in).
 */
export function createComparisonService(deps: {
  prisma: PrismaClient;
  media: MediaService;
  knownFakes: KnownFakesService;
}) {
  const { prisma, media, knownFakes } = deps;

  /** The latest DONE analysis of an item: the one whose vectors a search would use. */
  async function latestDone(owner: ComparisonTarget): Promise<string | null> {
    const found = await prisma.analysis.findFirst({
      where: { ...owner, status: 'DONE' },
      orderBy: { queuedAt: 'desc' },
      select: { id: true },
    });
    return found?.id ?? null;
  }

  async function distances(a: string, b: string): Promise<SpaceDistance[]> {
    // The closest pair per space (DETECTOR between vectors of the same model only), as in a search.
    const rows = await pairDistances(prisma, a, b);
    return rows.flatMap((r) =>
      r.distance === null
        ? []
        : [{ space: r.space, distance: r.distance, score: scoreOf(r.space, r.distance) }],
    );
  }

  return {
    async compare(viewer: Viewer, mediaId: string, other: ComparisonTarget): Promise<Comparison> {
      const item = await media.get(viewer, mediaId);
      let otherMedia: Media | null = null;
      let knownFake: KnownFake | null = null;
      if ('mediaId' in other) {
        if (other.mediaId === item.id) throw badInput('Compare an item with a different one.', 'withMediaId');
        otherMedia = await media.get(viewer, other.mediaId);
      } else {
        knownFake = await knownFakes.get(viewer, other.knownFakeId);
      }
      const [a, b] = await Promise.all([
        latestDone({ mediaId: item.id }),
        latestDone(otherMedia ? { mediaId: otherMedia.id } : { knownFakeId: knownFake!.id }),
      ]);
      const spaces = a && b ? await distances(a, b) : [];
      return { media: item, otherMedia, knownFake, spaces };
    },
  };
}
