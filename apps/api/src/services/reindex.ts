import { type PrismaClient, type ReindexRun } from '@loupe/db';
import { QUEUES, type PgBoss, type ReindexJob } from '@loupe/queue';
import { notFound } from '../errors.ts';
import { isUuid } from './ids.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { requireAdmin } from './access.ts';
import { recordAudit } from './audit-log.ts';

export type ReindexService = ReturnType<typeof createReindexService>;

/** Re-indexing the DETECTOR space after a detector change (administrators). */
export function createReindexService(deps: { prisma: PrismaClient; queue: () => PgBoss }) {
  const { prisma } = deps;
  const requireReindexAdmin = (viewer: Viewer) => requireAdmin(viewer, 're-index');
  return {
    async start(viewer: Viewer, meta: RequestMeta): Promise<ReindexRun> {
      requireReindexAdmin(viewer);
      const run = await prisma.$transaction(async (tx) => {
        const created = await tx.reindexRun.create({ data: { requestedById: viewer.id } });
        await recordAudit(tx, viewer.id, meta, {
          action: 'reindex.request',
          targetType: 'ReindexRun',
          targetId: created.id,
        });
        return created;
      });
      const job: ReindexJob = { runId: run.id };
      await deps.queue().send(QUEUES.reindex.name, job, { singletonKey: run.id });
      return run;
    },

    async get(viewer: Viewer, id: string): Promise<ReindexRun> {
      requireReindexAdmin(viewer);
      const run = isUuid(id) ? await prisma.reindexRun.findUnique({ where: { id } }) : null;
      if (!run) throw notFound('Re-index run not found.');
      return run;
    },
  };
}
