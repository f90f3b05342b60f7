import { basename } from 'node:path';
import { appendAuditEvent } from '@loupe/audit';
import type { PrismaClient } from '@loupe/db';
import { metricsDocument, type EvalResult } from './run.ts';

/**
 * Stores one evaluation run (metrics.json and the plots' specs) so scores can show what qualifies
 * them, with an `evaluation.record` audit event in the same transaction.
 */
export async function recordEvaluation(prisma: PrismaClient, r: EvalResult, name?: string): Promise<string> {
  const datasetName = name ?? basename(r.info.dataset.path);
  return prisma.$transaction(async (tx) => {
    const row = await tx.evaluation.create({
      data: {
        modelId: r.info.model?.id ?? null,
        modelVersion: r.info.model?.version ?? null,
        modelSha256: r.info.model?.sha256 ?? null,
        modelIsTestFixture: r.info.model?.isTestFixture ?? false,
        datasetName,
        datasetLayout: r.info.dataset.layout,
        datasetFingerprint: r.info.dataset.fingerprint,
        items: r.info.dataset.items,
        failed: r.info.failed,
        resamples: r.info.resamples,
        metrics: JSON.parse(JSON.stringify(metricsDocument(r))),
        plots: JSON.parse(JSON.stringify(r.plots)),
      },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      action: 'evaluation.record',
      targetType: 'Evaluation',
      targetId: row.id,
      details: {
        model: r.info.model,
        dataset: {
          name: datasetName,
          layout: r.info.dataset.layout,
          fingerprint: r.info.dataset.fingerprint,
        },
        items: r.info.dataset.items,
        tool: 'loupe-cli',
      },
    });
    return row.id;
  });
}
