import { extendType, idArg, nonNull, objectType } from 'nexus';
import { badInput } from '../errors.ts';
import { requireViewer } from './guards.ts';

export const SpaceDistance = objectType({
  name: 'SpaceDistance',
  description: 'How far apart two items are in one space (see SimilaritySpace for the scores).',
  definition(t) {
    t.nonNull.field('space', { type: 'SimilaritySpace' });
    t.nonNull.float('distance', {
      description: 'Hamming bits (PHASH), cosine distance (DETECTOR), L2 of the closest face pair (FACE).',
    });
    t.nonNull.float('score');
  },
});

export const Comparison = objectType({
  name: 'Comparison',
  description: 'A media item side by side with another item or a known fake.',
  definition(t) {
    t.nonNull.field('media', { type: 'Media' });
    t.field('otherMedia', { type: 'Media', description: 'Set when compared with evidence.' });
    t.field('knownFake', { type: 'KnownFake', description: 'Set when compared with a known fake.' });
    t.nonNull.list.nonNull.field('spaces', {
      type: 'SpaceDistance',
      description:
        'Distances from the vectors both latest completed analyses stored; a space missing on either side is left out.',
    });
  },
});

export const ComparisonQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('comparison', {
      type: 'Comparison',
      description:
        'A media item you can see and one other: evidence you can see (withMediaId) or a known fake (withKnownFakeId).',
      args: { mediaId: nonNull(idArg()), withMediaId: idArg(), withKnownFakeId: idArg() },
      resolve: (_r, { mediaId, withMediaId, withKnownFakeId }, ctx) => {
        const viewer = requireViewer(ctx);
        if (!withMediaId === !withKnownFakeId)
          throw badInput('Give exactly one of withMediaId and withKnownFakeId.', 'withMediaId');
        return ctx.services.comparison.compare(
          viewer,
          mediaId,
          withMediaId ? { mediaId: withMediaId } : { knownFakeId: withKnownFakeId! },
        );
      },
    });
  },
});
