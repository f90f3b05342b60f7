import { type InstalledModel, type PrismaClient } from '@loupe/db';
import type { Viewer } from './viewer.ts';
import { requireAdmin } from './access.ts';

export type InstalledModelsService = ReturnType<typeof createInstalledModelsService>;

/**
 * What the running workers loaded, as each published it at start-up (apps/worker models/publish.ts):
 * the API runs in another container and cannot read the models folder itself.
 */
export function createInstalledModelsService(prisma: PrismaClient) {
  return {
    /** Administrators: every worker's models, newest start first, detectors before face models. */
    async list(viewer: Viewer): Promise<InstalledModel[]> {
      requireAdmin(viewer, 'see the installed models');
      return prisma.installedModel.findMany({
        orderBy: [{ loadedAt: 'desc' }, { workerId: 'asc' }, { kind: 'asc' }, { modelId: 'asc' }],
      });
    },
  };
}
