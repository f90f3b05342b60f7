import type { Evaluation, PrismaClient } from '@loupe/db';
import type { Viewer } from './viewer.ts';

interface Est {
  value: number;
  ci95: [number, number] | null;
}
interface DetectorMetrics {
  n: number;
  fakes: number;
  reals: number;
  auroc: Est;
  fprAtThreshold?: Est | null;
  threshold: number | null;
}

/** The detector's overall metrics of a stored run, or null (no detector, or one class only). */
export function detectorMetrics(e: Pick<Evaluation, 'metrics'>): DetectorMetrics | null {
  const m = e.metrics as { signals?: { detector?: { overall?: DetectorMetrics | null } } } | null;
  return m?.signals?.detector?.overall ?? null;
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const range = (e: Est, f: (v: number) => string) => (e.ci95 ? ` [${f(e.ci95[0])}–${f(e.ci95[1])}]` : '');

/**
 * One line that qualifies a detector score: 'on <set>: AUROC 0.910 [0.880–0.940], FPR 3.0 %
 * [1.0 %–6.0 %] at threshold 0.5 (96 items: 60 fake, 36 real)'; null without detector metrics.
 */
export function evaluationSummary(
  e: Pick<Evaluation, 'metrics' | 'datasetName' | 'modelIsTestFixture'>,
): string | null {
  const d = detectorMetrics(e);
  if (!d) return null;
  const f3 = (v: number) => v.toFixed(3);
  const fpr = d.fprAtThreshold
    ? `, FPR ${pct(d.fprAtThreshold.value)}${range(d.fprAtThreshold, pct)} at threshold ${d.threshold}`
    : '';
  return (
    `on ${e.datasetName}: AUROC ${f3(d.auroc.value)}${range(d.auroc, f3)}${fpr} (${d.n} items: ${d.fakes} fake, ${d.reals} real)` +
    (e.modelIsTestFixture ? ' — TEST FIXTURE, not evidence' : '')
  );
}

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
      return runs.find((r) => detectorMetrics(r) !== null) ?? null;
    },
  };
}
