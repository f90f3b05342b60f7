import { extendType, idArg, intArg, nonNull, objectType, stringArg } from 'nexus';
import { requireViewer } from './guards.ts';

export const Media = objectType({
  name: 'Media',
  description: 'A piece of evidence: an original file acquired into a case. Never modified.',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('sha256', {
      description: 'SHA-256 of the original bytes, computed while they arrived.',
    });
    t.nonNull.float('sizeBytes', { resolve: (m) => Number(m.sizeBytes) });
    t.nonNull.string('mimeType');
    t.nonNull.string('originalName');
    t.int('width');
    t.int('height');
    t.nonNull.dateTime('createdAt');
    t.field('uploadedBy', { type: 'User', resolve: (m, _a, ctx) => ctx.loaders.user.load(m.uploadedById) });
    t.nonNull.id('caseId');
    t.nonNull.string('url', {
      description: 'Authorised, audited download of the original bytes.',
      resolve: (m) => `/api/media/${m.id}/original`,
    });
    t.string('thumbnailUrl', {
      description:
        'A small JPEG of an image (320 px on its longest side), audited as media.thumbnail.read rather ' +
        'than a read of the original; null for videos and sequences.',
      resolve: (m) => (m.kind === 'IMAGE' ? `/api/media/${m.id}/thumbnail` : null),
    });
    t.field('analysis', {
      type: 'Analysis',
      description: 'The latest analysis of this item.',
      resolve: (m, _a, ctx) => ctx.loaders.mediaAnalysis.load(m.id),
    });
  },
});

export const MediaEdge = objectType({
  name: 'MediaEdge',
  definition(t) {
    t.nonNull.string('cursor');
    t.nonNull.field('node', { type: 'Media' });
  },
});

export const MediaConnection = objectType({
  name: 'MediaConnection',
  definition(t) {
    t.nonNull.list.nonNull.field('edges', { type: 'MediaEdge' });
    t.nonNull.field('pageInfo', { type: 'PageInfo' });
    t.nonNull.int('totalCount', { description: 'Items matching the filter.' });
    t.nonNull.int('unfilteredCount', { description: 'Every item in the case, whatever the filter.' });
  },
});

export const CaseMedia = extendType({
  type: 'Case',
  definition(t) {
    t.nonNull.field('media', {
      type: 'MediaConnection',
      description:
        'Evidence in this case, sorted (newest first unless `sort` says otherwise) and filtered in the database.',
      args: { first: intArg({ default: 20 }), after: stringArg(), sort: 'MediaSort', filter: 'MediaFilter' },
      resolve: (c, { first, after, sort, filter }, ctx) =>
        ctx.services.gallery.list(requireViewer(ctx), c.id, { first: first ?? 20, after, sort, filter }),
    });
  },
});

export const MediaQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('media', {
      type: 'Media',
      args: { id: nonNull(idArg()) },
      resolve: (_r, { id }, ctx) => ctx.services.media.get(requireViewer(ctx), id),
    });
  },
});
