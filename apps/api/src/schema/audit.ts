import { booleanArg, extendType, idArg, intArg, objectType, stringArg } from 'nexus';
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
    t.nonNull.boolean('ok', {
      description:
        'Nothing checked failed: the links and hashes, and every checkpoint head. Says nothing about ' +
        'signatures when checkpointsVerified is false.',
    });
    t.nonNull.int('checked', { description: 'Events whose hash and link were recomputed and matched.' });
    t.field('firstBrokenEvent', { type: 'BrokenAuditEvent' });
    t.nonNull.boolean('checkpointsVerified', {
      description:
        "Whether every signed checkpoint's signature was checked against the trusted public key " +
        '(false when the API has no usable public key file; see checkpointsNotVerifiedReason).',
    });
    t.string('checkpointsNotVerifiedReason', {
      description:
        'Why the signatures were not checked, e.g. "checkpoints not checked: no public key at <path>".',
    });
    t.nonNull.int('checkpointsChecked', {
      description:
        'Checkpoints whose head was compared with the recomputed chain (and signature, when verified).',
    });
    t.field('latestSignedHead', {
      type: 'AuditSignedHead',
      description: 'The newest checkpoint whose signature and head both passed.',
    });
    t.nonNull.int('eventsAfterLatestSignedHead', {
      description: 'Events not yet covered by a good checkpoint.',
    });
    t.nonNull.list.nonNull.field('failures', { type: 'AuditCheckpointFailure' });
    t.field('publicKey', {
      type: 'AuditTrustedKey',
      description: 'The key the signatures were checked with; null when none was usable.',
    });
  },
});

export const AuditSignedHead = objectType({
  name: 'AuditSignedHead',
  definition(t) {
    t.nonNull.id('seq', { description: 'The event the checkpoint covers.' });
    t.nonNull.string('hash', { description: "That event's hash, as signed." });
    t.nonNull.dateTime('signedAt');
    t.nonNull.string('keyFingerprint', { description: 'SHA-256 of the signing Ed25519 public key.' });
  },
});

export const AuditCheckpointFailure = objectType({
  name: 'AuditCheckpointFailure',
  definition(t) {
    t.nonNull.id('seq', { description: 'The event the failing checkpoint covers.' });
    t.nonNull.string('reason');
  },
});

export const AuditTrustedKey = objectType({
  name: 'AuditTrustedKey',
  definition(t) {
    t.nonNull.string('fingerprint', { description: 'SHA-256 (hex) of the raw Ed25519 public key.' });
    t.nonNull.string('source', { description: 'The file it was read from (never the database).' });
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
      args: {
        first: intArg({ default: 50 }),
        after: stringArg(),
        action: stringArg(),
        actorId: idArg(),
        includeViews: booleanArg({
          default: false,
          description:
            'Include thumbnail-size views (media.thumbnail.read, frame.read, heatmap.read). Hidden by ' +
            'default; an `action` naming one of them shows it anyway. Reads of originals always show.',
        }),
      },
      resolve: (c, args, ctx) =>
        ctx.services.audit.forCase(requireViewer(ctx), c.id, {
          ...args,
          first: args.first ?? 50,
          includeViews: args.includeViews ?? false,
        }),
    });
  },
});

export const AuditQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.field('verifyAuditChain', {
      type: 'AuditVerification',
      description:
        'Recomputes the whole audit chain and checks its signed checkpoints against the trusted public key ' +
        '(administrators only).',
      resolve: async (_r, _a, ctx) => {
        const r = await ctx.services.audit.verify(requireViewer(ctx), ctx.config.audit.publicKeyFile);
        return {
          ...r,
          firstBrokenEvent: r.firstBroken
            ? { id: r.firstBroken.id.toString(), reason: r.firstBroken.reason }
            : null,
          latestSignedHead: r.latestSignedHead && {
            seq: r.latestSignedHead.seq.toString(),
            hash: r.latestSignedHead.headHash,
            signedAt: r.latestSignedHead.createdAt,
            keyFingerprint: r.latestSignedHead.keyFingerprint,
          },
          failures: r.failures.map((f) => ({ seq: f.seq.toString(), reason: f.reason })),
        };
      },
    });
  },
});
