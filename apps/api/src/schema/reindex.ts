import { extendType, idArg, nonNull, objectType } from 'nexus';
import { requireViewer } from './guards.ts';

export const ReindexRun = objectType({
  name: 'ReindexRun',
  description: 'Re-analysis of every item whose latest analysis used another detector, with progress.',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.field('status', { type: 'AnalysisStatus' });
    t.string('modelId');
    t.string('modelVersion');
    t.nonNull.int('total');
    t.nonNull.int('done');
    t.nonNull.int('failed');
    t.nonNull.float('progress', {
      resolve: (r) => (r.total === 0 ? (r.status === 'DONE' ? 1 : 0) : (r.done + r.failed) / r.total),
    });
    t.string('error');
    t.nonNull.dateTime('createdAt');
    t.dateTime('finishedAt');
  },
});

export const ReindexQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('reindexRun', {
      type: 'ReindexRun',
      args: { id: nonNull(idArg()) },
      resolve: (_r, { id }, ctx) => ctx.services.reindex.get(requireViewer(ctx), id),
    });
  },
});

export const ReindexMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('reindexDetectorEmbeddings', {
      type: 'ReindexRun',
      description:
        'After a detector change: re-analyses every item last analysed by another detector (administrators).',
      resolve: (_r, _a, ctx) => ctx.services.reindex.start(requireViewer(ctx), ctx),
    });
  },
});
