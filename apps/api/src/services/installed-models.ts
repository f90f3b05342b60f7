import { Role, type InstalledModel, type PrismaClient } from '@loupe/db';
import { forbidden } from '../errors.ts';
import type { Viewer } from './viewer.ts';

export type InstalledModelsService = ReturnType<typeof createInstalledModelsService>;

/**
 * What the running workers loaded, as each published it at start-up (apps/worker models/publish.ts):
 * the API runs in another container and cannot read the models folder itself.
 */
export function createInstalledModelsService(prisma: PrismaClient) {
  return {
    /** Administrators: every worker's models, newest start first, detectors before face models. */
    async list(viewer: Viewer): Promise<InstalledModel[]> {
      if (viewer.role !== Role.ADMIN) throw forbidden('Only administrators see the installed models.');
      return prisma.installedModel.findMany({
        orderBy: [{ loadedAt: 'desc' }, { workerId: 'asc' }, { kind: 'asc' }, { modelId: 'asc' }],
      });
    },
  };
}
