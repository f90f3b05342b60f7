import { verifyAuditChain } from '@loupe/audit';
import { Role, type AuditEvent, type PrismaClient } from '@loupe/db';
import { badInput, forbidden } from '../errors.ts';
import type { CasesService } from './cases.ts';
import type { Viewer } from './viewer.ts';

export interface AuditPage {
  edges: { cursor: string; node: AuditEvent }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService(prisma: PrismaClient, cases: CasesService) {
  return {
    /** A case's trail, newest first; any member may read it. */
    async forCase(
      viewer: Viewer,
      caseId: string,
      args: { first: number; after?: string | null; action?: string | null; actorId?: string | null },
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
        ...(args.action ? { action: args.action } : {}),
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

    async verify(viewer: Viewer) {
      if (viewer.role !== Role.ADMIN) throw forbidden('Only administrators verify the audit chain.');
      return verifyAuditChain(prisma);
    },
  };
}
