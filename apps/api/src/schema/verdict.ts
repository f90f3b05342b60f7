import { arg, enumType, extendType, idArg, list, nonNull, objectType, stringArg } from 'nexus';
import { VerdictValue as DbVerdictValue } from '@loupe/db';
import { requireViewer } from './guards.ts';

export const VerdictValue = enumType({ name: 'VerdictValue', members: Object.values(DbVerdictValue) });

export const Verdict = objectType({
  name: 'Verdict',
  description: "An investigator's finding on one media item; later verdicts supersede, never overwrite.",
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.field('value', { type: 'VerdictValue' });
    t.nonNull.string('rationale');
    t.nonNull.list.nonNull.id('analysisIds', { description: 'Analyses the verdict relied on.' });
    t.field('givenBy', { type: 'User', resolve: (v, _a, ctx) => ctx.loaders.user.load(v.givenById) });
    t.nonNull.dateTime('createdAt');
    t.id('supersedesId');
  },
});

export const MediaVerdicts = extendType({
  type: 'Media',
  definition(t) {
    t.field('verdict', {
      type: 'Verdict',
      description: 'The current verdict.',
      resolve: async (m, _a, ctx) => (await ctx.loaders.verdicts.load(m.id))[0] ?? null,
    });
    t.nonNull.list.nonNull.field('verdicts', {
      type: 'Verdict',
      description: 'Every verdict given, newest first.',
      resolve: (m, _a, ctx) => ctx.loaders.verdicts.load(m.id),
    });
  },
});

export const WorkflowMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('giveVerdict', {
      type: 'Verdict',
      args: {
        mediaId: nonNull(idArg()),
        value: nonNull(arg({ type: 'VerdictValue' })),
        rationale: nonNull(stringArg()),
        analysisIds: list(nonNull(idArg())),
      },
      resolve: (_r, args, ctx) => ctx.services.workflow.giveVerdict(requireViewer(ctx), args, ctx),
    });
    t.nonNull.field('setCaseStatus', {
      type: 'Case',
      description: 'OPEN → IN_REVIEW → CLOSED (and back to OPEN; reopening a closed case needs a reason).',
      args: { caseId: nonNull(idArg()), status: nonNull(arg({ type: 'CaseStatus' })), reason: stringArg() },
      resolve: (_r, { caseId, status, reason }, ctx) =>
        ctx.services.workflow.setStatus(requireViewer(ctx), caseId, status, reason, ctx),
    });
  },
});
