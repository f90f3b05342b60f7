import { arg, enumType, extendType, floatArg, idArg, intArg, nonNull, objectType } from 'nexus';
import { requireViewer } from './guards.ts';
import { readSignals } from '@loupe/db';

export const SimilaritySpace = enumType({
  name: 'SimilaritySpace',
  description:
    'DETECTOR: detector embeddings of the same model id and version, score = cosine similarity. FACE: face descriptors, score = 1 − L2/2. PHASH: 64-bit perceptual hash, score = 1 − hamming/64.',
  members: ['DETECTOR', 'FACE', 'PHASH'],
});

export const SimilarityScope = enumType({
  name: 'SimilarityScope',
  description:
    'KNOWN_FAKES: the library. THIS_CASE: other evidence in the query item’s case. MY_CASES: evidence in every case you are a member of (administrators: all cases).',
  members: ['KNOWN_FAKES', 'THIS_CASE', 'MY_CASES'],
});

export const SimilarItemKind = enumType({ name: 'SimilarItemKind', members: ['MEDIA', 'KNOWN_FAKE'] });

export const MatchedFace = objectType({
  name: 'MatchedFace',
  definition(t) {
    t.nonNull.field('box', { type: 'Box' });
    t.nonNull.int('faceIndex');
  },
});

export const SimilarItem = objectType({
  name: 'SimilarItem',
  definition(t) {
    t.nonNull.float('score', { description: 'Higher is more similar; 1 is identical. See SimilaritySpace.' });
    t.nonNull.float('distance', { description: 'Cosine distance, L2 distance or Hamming bits, by space.' });
    t.nonNull.field('kind', { type: 'SimilarItemKind' });
    t.field('media', { type: 'Media' });
    t.field('knownFake', { type: 'KnownFake' });
    t.field('matchedFace', {
      type: 'MatchedFace',
      description: 'FACE space: the face of the result that matched.',
    });
  },
});

export const NearDuplicate = objectType({
  name: 'NearDuplicate',
  description:
    'A known fake found close to the analysed item when the analysis completed: PHASH Hamming ≤ 6 bits, or DETECTOR cosine similarity ≥ 0.95 (same model).',
  definition(t) {
    t.nonNull.id('knownFakeId');
    t.nonNull.field('space', { type: 'SimilaritySpace' });
    t.nonNull.float('distance');
    t.nonNull.float('score');
    t.field('knownFake', {
      type: 'KnownFake',
      description: 'Null when it has since been removed from the library.',
      resolve: (n, _a, ctx) => ctx.loaders.knownFake.load(n.knownFakeId),
    });
  },
});

export const AnalysisNearDuplicates = extendType({
  type: 'Analysis',
  definition(t) {
    t.nonNull.list.nonNull.field('nearDuplicates', {
      type: 'NearDuplicate',
      description: 'Known fakes this item nearly duplicates (empty until the analysis is done).',
      resolve: (a) => (readSignals(a.signals)?.nearDuplicates ?? []).map((n) => ({ ...n })),
    });
  },
});

export const SimilarityQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.list.nonNull.field('similar', {
      type: 'SimilarItem',
      description:
        'The k items most similar to a media item you can see. Results never include evidence from cases you are not a member of.',
      args: {
        mediaId: nonNull(idArg()),
        space: nonNull(arg({ type: 'SimilaritySpace' })),
        scope: nonNull(arg({ type: 'SimilarityScope' })),
        k: intArg({ default: 10 }),
        minScore: floatArg(),
      },
      resolve: (_r, { mediaId, space, scope, k, minScore }, ctx) =>
        ctx.services.similarity.similar(requireViewer(ctx), { mediaId, space, scope, k: k ?? 10, minScore }),
    });
  },
});
