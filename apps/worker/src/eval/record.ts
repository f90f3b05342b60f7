import { basename } from 'node:path';
import type { PrismaClient } from '@loupe/db';
import type { EvalResult } from './run.ts';

/** Stores one evaluation run (metrics.json and the plots' specs) so scores can show what qualifies them. */
export async function recordEvaluation(prisma: PrismaClient, r: EvalResult, name?: string): Promise<string> {
  const row = await prisma.evaluation.create({
    data: {
      modelId: r.info.model?.id ?? null,
      modelVersion: r.info.model?.version ?? null,
      modelSha256: r.info.model?.sha256 ?? null,
      modelIsTestFixture: r.info.model?.isTestFixture ?? false,
      datasetName: name ?? basename(r.info.dataset.path),
      datasetLayout: r.info.dataset.layout,
      datasetFingerprint: r.info.dataset.fingerprint,
      items: r.info.dataset.items,
      failed: r.info.failed,
      resamples: r.info.resamples,
      metrics: JSON.parse(JSON.stringify({ run: r.info, signals: r.report })),
      plots: JSON.parse(JSON.stringify(r.plots)),
    },
    select: { id: true },
  });
  return row.id;
}
