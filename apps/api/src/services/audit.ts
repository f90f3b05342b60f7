import { type AuditEvent, type PrismaClient } from '@loupe/db';
import { badInput } from '../errors.ts';
import type { CasesService } from './cases.ts';
import { verifyAuditTrail } from './audit-verify.ts';
import { isUuid } from './ids.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { requireAdmin } from './access.ts';
import { recordAudit } from './audit-log.ts';

export interface AuditPage {
  edges: { cursor: string; node: AuditEvent }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Thumbnail-size views: evidence-list thumbnails, sampled-frame thumbnails and maps. Recorded like
 * every read, but a case timeline hides them unless asked, since one page view makes dozens.
 */
export const VIEW_ACTIONS = ['media.thumbnail.read', 'frame.read', 'heatmap.read'] as const;

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService(prisma: PrismaClient, cases: CasesService) {
  return {
    /** A case's trail, newest first; any member may read it. */
    async forCase(
      viewer: Viewer,
      caseId: string,
      args: {
        first: number;
        after?: string | null;
        action?: string | null;
        actorId?: string | null;
        /** False leaves VIEW_ACTIONS out, unless `action` names one of them. */
        includeViews?: boolean;
      },
    ): Promise<AuditPage> {
      await cases.get(viewer, caseId);
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > 200) {
        throw badInput('first must be between 1 and 200.', 'first');
      }
      let before: bigint | undefined;
      if (args.after) {
        if (!/^\d{1,19}$/.test(args.after)) throw badInput('Invalid cursor.', 'after');
        before = BigInt(args.after);
      }
      const where = {
        caseId,
        ...(args.action
          ? { action: args.action }
          : args.includeViews === false
            ? { action: { notIn: [...VIEW_ACTIONS] } }
            : {}),
        ...(args.actorId ? { actorId: args.actorId } : {}),
      };
      const page = await prisma.auditEvent.findMany({
        where: before === undefined ? where : { ...where, id: { lt: before } },
        orderBy: { id: 'desc' },
        take: args.first + 1,
      });
      const nodes = page.slice(0, args.first);
      return {
        edges: nodes.map((node) => ({ cursor: node.id.toString(), node })),
        pageInfo: { hasNextPage: page.length > args.first, endCursor: nodes.at(-1)?.id.toString() ?? null },
        totalCount: await prisma.auditEvent.count({ where }),
      };
    },

    /**
     * Records a refused read or write (FORBIDDEN / NOT_FOUND) as `access.denied`: who, what they
     * asked for and why it was refused. Attached to the case when the request named one, so its
     * members see attempts from outside in their own trail.
     */
    async recordDenied(
      actor: Viewer,
      refusal: { target: string; reason: string; code: string; caseId?: string | null; ids?: string[] },
      meta: RequestMeta,
    ): Promise<void> {
      await prisma.$transaction((tx) =>
        recordAudit(tx, actor.id, meta, {
          action: 'access.denied',
          targetType: refusal.target.slice(0, 200),
          targetId: refusal.ids?.[0]?.slice(0, 100) ?? null,
          caseId: refusal.caseId && isUuid(refusal.caseId) ? refusal.caseId : null,
          details: {
            code: refusal.code,
            reason: refusal.reason.slice(0, 500),
            ids: (refusal.ids ?? []).slice(0, 10).map((id) => id.slice(0, 100)),
          },
        }),
      );
    },

    /** The chain and its signed checkpoints, checked against the public key in `publicKeyFile`. */
    async verify(viewer: Viewer, publicKeyFile: string) {
      requireAdmin(viewer, 'verify the audit chain');
      return verifyAuditTrail(prisma, publicKeyFile);
    },
  };
}
