import { extendType, idArg, intArg, objectType, stringArg } from 'nexus';
import { requireViewer } from './guards.ts';

export const AuditEvent = objectType({
  name: 'AuditEvent',
  description: 'One entry of the append-only, hash-chained audit trail.',
  definition(t) {
    t.nonNull.id('id', { resolve: (e) => e.id.toString() });
    t.nonNull.dateTime('occurredAt');
    t.field('actor', {
      type: 'User',
      resolve: (e, _a, ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null),
    });
    t.nonNull.string('action');
    t.string('targetType');
    t.string('targetId');
    t.id('caseId');
    t.string('requestId');
    t.string('clientAddress');
    t.nonNull.json('details');
    t.nonNull.string('prevHash');
    t.nonNull.string('hash');
  },
});

export const AuditEventEdge = objectType({
  name: 'AuditEventEdge',
  definition(t) {
    t.nonNull.string('cursor');
    t.nonNull.field('node', { type: 'AuditEvent' });
  },
});

export const AuditEventConnection = objectType({
  name: 'AuditEventConnection',
  definition(t) {
    t.nonNull.list.nonNull.field('edges', { type: 'AuditEventEdge' });
    t.nonNull.field('pageInfo', { type: 'PageInfo' });
    t.nonNull.int('totalCount');
  },
});

export const AuditVerification = objectType({
  name: 'AuditVerification',
  definition(t) {
    t.nonNull.boolean('ok');
    t.nonNull.int('checked', { description: 'Events whose hash and link were recomputed and matched.' });
    t.field('firstBrokenEvent', { type: 'BrokenAuditEvent' });
  },
});

export const BrokenAuditEvent = objectType({
  name: 'BrokenAuditEvent',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('reason');
  },
});

export const CaseAudit = extendType({
  type: 'Case',
  definition(t) {
    t.nonNull.field('auditEvents', {
      type: 'AuditEventConnection',
      description: "This case's audit trail, newest first.",
      args: { first: intArg({ default: 50 }), after: stringArg(), action: stringArg(), actorId: idArg() },
      resolve: (c, args, ctx) =>
        ctx.services.audit.forCase(requireViewer(ctx), c.id, { ...args, first: args.first ?? 50 }),
    });
  },
});

export const AuditQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('verifyAuditChain', {
      type: 'AuditVerification',
      description: 'Recomputes the whole audit chain (administrators only).',
      resolve: async (_r, _a, ctx) => {
        const r = await ctx.services.audit.verify(requireViewer(ctx));
        return {
          ok: r.ok,
          checked: r.checked,
          firstBrokenEvent: r.firstBroken
            ? { id: r.firstBroken.id.toString(), reason: r.firstBroken.reason }
            : null,
        };
      },
    });
  },
});
