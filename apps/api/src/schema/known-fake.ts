import { arg, extendType, idArg, inputObjectType, intArg, nonNull, objectType, stringArg } from 'nexus';
import { ManipulationFamily as DbFamily } from '@loupe/db';
import { enumType } from 'nexus';
import { requireViewer } from './guards.ts';

export const ManipulationFamily = enumType({
  name: 'ManipulationFamily',
  description: 'How a known fake was made.',
  members: Object.values(DbFamily),
});

export const KnownFake = objectType({
  name: 'KnownFake',
  description: 'A reference item in the library of known fakes, analysed by the same pipeline as evidence.',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('sha256');
    t.nonNull.float('sizeBytes', { resolve: (k) => Number(k.sizeBytes) });
    t.nonNull.string('mimeType');
    t.nonNull.string('originalName');
    t.int('width');
    t.int('height');
    t.nonNull.field('family', { type: 'ManipulationFamily' });
    t.string('generator');
    t.string('source');
    t.string('dataset');
    t.string('notes');
    t.id('promotedFromMediaId', { description: 'The evidence it was promoted from, if any.' });
    t.nonNull.string('url', {
      description: 'Authorised, audited download of the original bytes (readable by everyone signed in).',
      resolve: (k) => `/api/known-fakes/${k.id}/original`,
    });
    t.nonNull.dateTime('createdAt');
    t.field('analysis', {
      type: 'Analysis',
      description: 'The latest analysis of this item.',
      resolve: (k, _a, ctx) => ctx.loaders.knownFakeAnalysis.load(k.id),
    });
  },
});

export const KnownFakeEdge = objectType({
  name: 'KnownFakeEdge',
  definition(t) {
    t.nonNull.string('cursor');
    t.nonNull.field('node', { type: 'KnownFake' });
  },
});

export const KnownFakeConnection = objectType({
  name: 'KnownFakeConnection',
  definition(t) {
    t.nonNull.list.nonNull.field('edges', { type: 'KnownFakeEdge' });
    t.nonNull.field('pageInfo', { type: 'PageInfo' });
    t.nonNull.int('totalCount');
  },
});

export const UpdateKnownFakeInput = inputObjectType({
  name: 'UpdateKnownFakeInput',
  description: 'Omitted fields stay as they are; null clears a text field.',
  definition(t) {
    t.field('family', { type: 'ManipulationFamily' });
    t.string('generator');
    t.string('source');
    t.string('dataset');
    t.string('notes');
  },
});

export const KnownFakeQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('knownFakes', {
      type: 'KnownFakeConnection',
      description: 'The known-fakes library, newest first (readable by everyone signed in).',
      args: {
        first: intArg({ default: 20 }),
        after: stringArg(),
        family: arg({ type: 'ManipulationFamily' }),
      },
      resolve: (_r, { first, after, family }, ctx) =>
        ctx.services.knownFakes.list(requireViewer(ctx), first ?? 20, after, family),
    });
    t.nonNull.field('knownFake', {
      type: 'KnownFake',
      args: { id: nonNull(idArg()) },
      resolve: (_r, { id }, ctx) => ctx.services.knownFakes.get(requireViewer(ctx), id),
    });
  },
});

export const KnownFakeMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('promoteToKnownFakes', {
      type: 'KnownFake',
      description:
        'Administrators: adds a media item to the known-fakes library (same stored file) and queues its analysis.',
      args: {
        mediaId: nonNull(idArg()),
        family: nonNull(arg({ type: 'ManipulationFamily' })),
        generator: stringArg(),
        source: stringArg(),
        dataset: stringArg(),
        notes: stringArg(),
      },
      resolve: (_r, { mediaId, ...labels }, ctx) =>
        ctx.services.knownFakes.promote(requireViewer(ctx), mediaId, labels, ctx),
    });
    t.nonNull.field('updateKnownFake', {
      type: 'KnownFake',
      description: 'Administrators: changes the labels of a known fake.',
      args: { id: nonNull(idArg()), input: nonNull(arg({ type: 'UpdateKnownFakeInput' })) },
      resolve: (_r, { id, input }, ctx) => ctx.services.knownFakes.update(requireViewer(ctx), id, input, ctx),
    });
    t.nonNull.boolean('deleteKnownFake', {
      description: 'Administrators: removes a known fake and its vectors from the library.',
      args: { id: nonNull(idArg()) },
      resolve: (_r, { id }, ctx) => ctx.services.knownFakes.delete(requireViewer(ctx), id, ctx),
    });
  },
});
