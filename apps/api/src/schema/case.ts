import { enumType, extendType, idArg, inputObjectType, intArg, nonNull, objectType, stringArg } from 'nexus';
import { MEDIA_SORTS } from '../services/gallery.ts';
import { requireViewer } from './guards.ts';

export const Case = objectType({
  name: 'Case',
  description: 'An investigation: evidence, analyses, verdicts and its audit trail.',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('title');
    t.nonNull.string('description');
    t.nonNull.field('status', { type: 'CaseStatus' });
    t.nonNull.dateTime('createdAt');
    t.nonNull.dateTime('updatedAt');
    t.field('createdBy', {
      type: 'User',
      resolve: (c, _args, ctx) => ctx.loaders.user.load(c.createdById),
    });
    t.nonNull.list.nonNull.field('members', {
      type: 'CaseMember',
      resolve: (c, _args, ctx) => ctx.loaders.caseMembers.load(c.id),
    });
    t.field('myRole', {
      type: 'CaseRole',
      description: "The viewer's role in this case; null for an administrator who is not a member.",
      resolve: (c, _args, ctx) => (requireViewer(ctx), ctx.loaders.caseRole.load(c.id)),
    });
  },
});

export const CaseMember = objectType({
  name: 'CaseMember',
  definition(t) {
    t.nonNull.field('user', { type: 'User' });
    t.nonNull.field('role', { type: 'CaseRole' });
    t.nonNull.dateTime('addedAt');
  },
});

export const PageInfo = objectType({
  name: 'PageInfo',
  definition(t) {
    t.nonNull.boolean('hasNextPage');
    t.string('endCursor');
  },
});

export const CaseEdge = objectType({
  name: 'CaseEdge',
  definition(t) {
    t.nonNull.string('cursor');
    t.nonNull.field('node', { type: 'Case' });
  },
});

export const CaseConnection = objectType({
  name: 'CaseConnection',
  definition(t) {
    t.nonNull.list.nonNull.field('edges', { type: 'CaseEdge' });
    t.nonNull.field('pageInfo', { type: 'PageInfo' });
    t.nonNull.int('totalCount');
  },
});

export const CreateCaseInput = inputObjectType({
  name: 'CreateCaseInput',
  definition(t) {
    t.nonNull.string('title', { description: '1 to 200 characters.' });
    t.string('description', { description: 'Up to 10,000 characters.' });
  },
});

export const UpdateCaseInput = inputObjectType({
  name: 'UpdateCaseInput',
  definition(t) {
    t.string('title');
    t.string('description');
  },
});

export const CaseQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('cases', {
      type: 'CaseConnection',
      description: 'Cases the viewer may see, newest first.',
      args: { first: intArg({ default: 20 }), after: stringArg() },
      resolve: (_root, { first, after }, ctx) =>
        ctx.services.cases.list(requireViewer(ctx), first ?? 20, after),
    });
    t.nonNull.field('case', {
      type: 'Case',
      args: { id: nonNull(idArg()) },
      resolve: (_root, { id }, ctx) => ctx.services.cases.get(requireViewer(ctx), id),
    });
  },
});

export const CaseMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('createCase', {
      type: 'Case',
      args: { input: nonNull('CreateCaseInput') },
      resolve: (_root, { input }, ctx) => ctx.services.cases.create(requireViewer(ctx), input, ctx),
    });
    t.nonNull.field('updateCase', {
      type: 'Case',
      args: { id: nonNull(idArg()), input: nonNull('UpdateCaseInput') },
      resolve: (_root, { id, input }, ctx) => ctx.services.cases.update(requireViewer(ctx), id, input, ctx),
    });
    t.nonNull.field('addCaseMember', {
      type: 'Case',
      description: 'Adds a user to a case by email, or changes their role (case leads and administrators).',
      args: { caseId: nonNull(idArg()), email: nonNull(stringArg()), role: nonNull('CaseRole') },
      resolve: (_root, { caseId, email, role }, ctx) =>
        ctx.services.cases.addMember(requireViewer(ctx), caseId, email, role, ctx),
    });
    t.nonNull.field('removeCaseMember', {
      type: 'Case',
      args: { caseId: nonNull(idArg()), userId: nonNull(idArg()) },
      resolve: (_root, { caseId, userId }, ctx) =>
        ctx.services.cases.removeMember(requireViewer(ctx), caseId, userId, ctx),
    });
  },
});

export const MediaSort = enumType({
  name: 'MediaSort',
  description:
    "The order of a case's evidence. SUSPECTED_FIRST: highest p(fake) of the latest finished analysis first, unscored items last; NAME: file name, case-insensitive.",
  members: [...MEDIA_SORTS],
});

export const MediaVerdictFilter = enumType({
  name: 'MediaVerdictFilter',
  description: 'The current verdict to keep; NONE keeps items nobody has given a verdict on yet.',
  members: ['NONE', 'AUTHENTIC', 'INCONCLUSIVE', 'MANIPULATED'],
});

export const MediaFilter = inputObjectType({
  name: 'MediaFilter',
  description: 'Keeps the items matching every given field; an omitted field keeps everything.',
  definition(t) {
    t.field('verdict', { type: 'MediaVerdictFilter' });
    t.field('status', { type: 'AnalysisStatus', description: 'Of the latest analysis.' });
    t.field('kind', { type: 'MediaKind' });
  },
});

export const MediaPosition = objectType({
  name: 'MediaPosition',
  description: "Where one item sits in the case's evidence under a sort and filter.",
  definition(t) {
    t.nonNull.int('position', { description: '1-based.' });
    t.nonNull.int('total', { description: 'Items matching the filter.' });
    t.field('previous', { type: 'Media' });
    t.field('next', { type: 'Media' });
  },
});

export const CaseMediaPosition = extendType({
  type: 'Case',
  definition(t) {
    t.field('mediaPosition', {
      type: 'MediaPosition',
      description:
        "The item's position and neighbours in the order `media(sort, filter)` lists them; null when the filter leaves it out.",
      args: { mediaId: nonNull(idArg()), sort: 'MediaSort', filter: 'MediaFilter' },
      resolve: (c, { mediaId, sort, filter }, ctx) =>
        ctx.services.gallery.position(requireViewer(ctx), c.id, mediaId, sort, filter),
    });
  },
});
