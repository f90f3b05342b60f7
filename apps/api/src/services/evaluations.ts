import type { PrismaClient } from '@loupe/db';
import { qualifyingRun } from '@loupe/eval';
import type { Viewer } from './viewer.ts';

/** Evaluation runs (`loupe eval`), readable by everyone signed in: they describe models, not cases. */
export function createEvaluationsService(prisma: PrismaClient) {
  return {
    list(_viewer: Viewer, opts: { modelId?: string | null; modelVersion?: string | null; first: number }) {
      return prisma.evaluation.findMany({
        where: {
          ...(opts.modelId ? { modelId: opts.modelId } : {}),
          ...(opts.modelVersion ? { modelVersion: opts.modelVersion } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(opts.first, 1), 100),
      });
    },

    /** One run; null for an id that is not a run (or not a UUID). */
    get(_viewer: Viewer, id: string) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
      return prisma.evaluation.findUnique({ where: { id } });
    },

    /**
     * The evaluation that qualifies a score: the newest run of exactly this model (id, version and
     * file SHA-256) that measured the detector; null when it was never evaluated.
     */
    async qualifying(model: {
      modelId: string | null;
      modelVersion: string | null;
      modelSha256: string | null;
    }) {
      if (!model.modelId || !model.modelVersion || !model.modelSha256) return null;
      const runs = await prisma.evaluation.findMany({
        where: { modelId: model.modelId, modelVersion: model.modelVersion, modelSha256: model.modelSha256 },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 20,
      });
      return qualifyingRun(runs);
    },
  };
}
