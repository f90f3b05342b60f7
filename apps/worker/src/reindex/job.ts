import { appendAuditEvent } from '@loupe/audit';
import { CODE_VERSION } from '@loupe/config';
import { analyzeMedia, type JobDeps } from '../analyze/job.ts';

export interface ReindexOutcome {
  runId: string;
  total: number;
  done: number;
  failed: number;
}

/**
 * Re-indexes the DETECTOR space after a detector change: every media item and known fake whose
 * latest completed analysis was made by another detector version (or none) gets a new analysis with the
 * installed detector, run here one after another, with progress on the ReindexRun row. Earlier
 * analyses stay as history; similarity only compares vectors of one model id + version.
 */
export async function reindexDetector(
  job: { data: { runId?: unknown } },
  deps: JobDeps,
): Promise<ReindexOutcome | null> {
  const { prisma } = deps;
  const runId = typeof job.data.runId === 'string' ? job.data.runId : '';
  const run = runId ? await prisma.reindexRun.findUnique({ where: { id: runId } }) : null;
  if (!run || run.status === 'DONE') return null;
  const detector = deps.detector;
  if (!detector) {
    await prisma.reindexRun.update({
      where: { id: runId },
      data: {
        status: 'FAILED',
        error: 'No detector is installed: nothing to re-index with.',
        finishedAt: new Date(),
      },
    });
    return { runId, total: 0, done: 0, failed: 0 };
  }
  const { id: modelId, version: modelVersion } = detector.manifest;
  // Latest completed analysis per subject; stale when its model differs from the installed one.
  // Items that never analysed successfully (undecodable evidence) are not retried here.
  const stale = await prisma.$queryRaw<{ media_id: string | null; known_fake_id: string | null }[]>`
    SELECT DISTINCT ON (COALESCE(media_id, known_fake_id)) media_id, known_fake_id, model_id, model_version
    FROM analyses
    WHERE status = 'DONE'
    ORDER BY COALESCE(media_id, known_fake_id), queued_at DESC`.then((rows) =>
    (
      rows as {
        media_id: string | null;
        known_fake_id: string | null;
        model_id: string | null;
        model_version: string | null;
      }[]
    ).filter((r) => r.model_id !== modelId || r.model_version !== modelVersion),
  );
  await prisma.reindexRun.update({
    where: { id: runId },
    data: { status: 'RUNNING', modelId, modelVersion, total: stale.length, done: 0, failed: 0, error: null },
  });
  let done = 0;
  let failed = 0;
  for (const item of stale) {
    const analysis = await prisma.analysis.create({
      data: { mediaId: item.media_id, knownFakeId: item.known_fake_id, codeVersion: CODE_VERSION },
    });
    try {
      const outcome = await analyzeMedia({ id: `reindex-${runId}`, data: { analysisId: analysis.id } }, deps);
      if (outcome.outcome === 'failed') failed += 1;
      else done += 1;
    } catch (error) {
      failed += 1;
      await prisma.analysis.update({
        where: { id: analysis.id },
        data: {
          status: 'FAILED',
          error: String((error as Error)?.message ?? error).split('\n')[0],
          finishedAt: new Date(),
        },
      });
    }
    await prisma.reindexRun.update({ where: { id: runId }, data: { done, failed } });
  }
  await prisma.$transaction(async (tx) => {
    await tx.reindexRun.update({ where: { id: runId }, data: { status: 'DONE', finishedAt: new Date() } });
    await appendAuditEvent(tx, {
      actorId: run.requestedById,
      action: 'reindex.complete',
      targetType: 'ReindexRun',
      targetId: runId,
      details: { modelId, modelVersion, total: stale.length, done, failed },
    });
  });
  return { runId, total: stale.length, done, failed };
}
