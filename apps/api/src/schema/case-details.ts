import { extendType, idArg, intArg, list, nonNull, objectType, stringArg, booleanArg } from 'nexus';
import { requireViewer } from './guards.ts';

export const Note = objectType({
  name: 'Note',
  description: 'A note on a case, or on one of its media items.',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.id('caseId');
    t.id('mediaId');
    t.nonNull.string('body');
    t.field('author', { type: 'User', resolve: (n, _a, ctx) => ctx.loaders.user.load(n.authorId) });
    t.nonNull.dateTime('createdAt');
  },
});

export const NoteEdge = objectType({
  name: 'NoteEdge',
  definition(t) {
    t.nonNull.string('cursor');
    t.nonNull.field('node', { type: 'Note' });
  },
});

export const NoteConnection = objectType({
  name: 'NoteConnection',
  definition(t) {
    t.nonNull.list.nonNull.field('edges', { type: 'NoteEdge' });
    t.nonNull.field('pageInfo', { type: 'PageInfo' });
    t.nonNull.int('totalCount');
  },
});

export const CaseDetails = extendType({
  type: 'Case',
  definition(t) {
    t.nonNull.list.nonNull.string('tags', { resolve: (c) => c.tags ?? [] });
    t.nonNull.list.nonNull.field('assignees', {
      type: 'User',
      description: 'Members assigned to work on the case.',
      resolve: (c, _a, ctx) => ctx.loaders.caseAssignees.load(c.id),
    });
    t.nonNull.field('notes', {
      type: 'NoteConnection',
      description: 'Notes on the case and its media, newest first.',
      args: { first: intArg({ default: 20 }), after: stringArg() },
      resolve: (c, { first, after }, ctx) =>
        ctx.services.caseDetails.notes(requireViewer(ctx), { caseId: c.id }, first ?? 20, after),
    });
  },
});

export const CaseMemberAssigned = extendType({
  type: 'CaseMember',
  definition(t) {
    t.nonNull.boolean('assigned');
  },
});

export const MediaNotes = extendType({
  type: 'Media',
  definition(t) {
    t.nonNull.field('notes', {
      type: 'NoteConnection',
      args: { first: intArg({ default: 20 }), after: stringArg() },
      resolve: (m, { first, after }, ctx) =>
        ctx.services.caseDetails.notes(
          requireViewer(ctx),
          { caseId: m.caseId, mediaId: m.id },
          first ?? 20,
          after,
        ),
    });
  },
});

export const CaseDetailsMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('setCaseTags', {
      type: 'Case',
      args: { caseId: nonNull(idArg()), tags: nonNull(list(nonNull(stringArg()))) },
      resolve: (_r, { caseId, tags }, ctx) =>
        ctx.services.caseDetails.setTags(requireViewer(ctx), caseId, tags, ctx),
    });
    t.nonNull.field('setCaseAssignee', {
      type: 'Case',
      description: 'Assigns a member to the case, or unassigns them.',
      args: { caseId: nonNull(idArg()), userId: nonNull(idArg()), assigned: nonNull(booleanArg()) },
      resolve: (_r, { caseId, userId, assigned }, ctx) =>
        ctx.services.caseDetails.setAssigned(requireViewer(ctx), caseId, userId, assigned, ctx),
    });
    t.nonNull.field('addNote', {
      type: 'Note',
      description: 'Adds a note to a case, or to one of its media items when mediaId is given.',
      args: { caseId: nonNull(idArg()), mediaId: idArg(), body: nonNull(stringArg()) },
      resolve: (_r, args, ctx) => ctx.services.caseDetails.addNote(requireViewer(ctx), args, ctx),
    });
  },
});
