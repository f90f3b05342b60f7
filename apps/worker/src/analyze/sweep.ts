import { appendAuditEvent } from '@loupe/audit';
import { Prisma, type PrismaClient } from '@loupe/db';
import { QUEUES, type PgBoss } from '@loupe/queue';

/** Attempts an analysis gets in all: the first and pg-boss's retries. */
export const MAX_ANALYSIS_ATTEMPTS = QUEUES.analyzeMedia.options.retryLimit + 1;

export interface SweepDeps {
  prisma: PrismaClient;
  boss: PgBoss;
  /** A RUNNING analysis whose heartbeat is older than this is taken back. */
  staleMs: number;
  log: Pick<Console, 'info' | 'error'>;
}

export interface SweepResult {
  requeued: string[];
  failed: string[];
}

interface StaleRow {
  id: string;
  attempts: number;
  worker_id: string | null;
  job_id: string | null;
  last_seen: Date;
  media_id: string | null;
  known_fake_id: string | null;
  case_id: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ms = (n: number) => Prisma.sql`(${n}::double precision * interval '1 millisecond')`;
/** "2026-12-02 07:12:03 UTC": what an investigator reads in the note. */
const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * Takes back the analyses of dead workers: every RUNNING analysis whose heartbeat is stale is
 * re-queued with a note the user sees ("the worker … stopped responding at …; re-queued (attempt
 * 2 of 4)"), or marked FAILED after its last attempt, and audited. Each worker sweeps; the
 * conditional UPDATE (still RUNNING, same attempt, still stale) lets exactly one sweep act on an
 * analysis, and a worker that was only slow and beats again in time is left alone.
 */
export async function sweepStaleAnalyses(deps: SweepDeps): Promise<SweepResult> {
  const { prisma, staleMs } = deps;
  const stale = await prisma.$queryRaw<StaleRow[]>`
    SELECT a.id, a.attempts, a.worker_id, a.job_id, a.media_id, a.known_fake_id, m.case_id,
           COALESCE(a.heartbeat_at, a.started_at, a.queued_at) AS last_seen
      FROM analyses a LEFT JOIN media m ON m.id = a.media_id
     WHERE a.status = 'RUNNING'
       AND COALESCE(a.heartbeat_at, a.started_at, a.queued_at) < now() - ${ms(staleMs)}
     ORDER BY last_seen
     LIMIT 100`;
  const result: SweepResult = { requeued: [], failed: [] };
  for (const row of stale) {
    try {
      const outcome = await recover(deps, row);
      if (outcome) result[outcome].push(row.id);
    } catch (error) {
      deps.log.error(`sweep: analysis ${row.id}: ${String((error as Error)?.message ?? error)}`);
    }
  }
  return result;
}

async function recover(deps: SweepDeps, row: StaleRow): Promise<'requeued' | 'failed' | null> {
  const { prisma, boss } = deps;
  const queue = QUEUES.analyzeMedia.name;
  const job = row.job_id && UUID.test(row.job_id) ? await boss.getJobById(queue, row.job_id) : null;
  const active = job?.state === 'active';
  // pg-boss decides whether its job is retried; the attempt count bounds the jobs sent anew.
  const final =
    row.attempts >= MAX_ANALYSIS_ATTEMPTS || (active && job !== null && job.retryCount >= job.retryLimit);
  const who = row.worker_id ? ` (${row.worker_id.split(':').slice(0, 2).join(':')})` : '';
  const note = final
    ? `The worker analysing this${who} stopped responding at ${utc(row.last_seen)}, on attempt ${row.attempts} of ${MAX_ANALYSIS_ATTEMPTS}; the analysis was given up. Ask an administrator to check the workers.`
    : `The worker analysing this${who} stopped responding at ${utc(row.last_seen)}; re-queued (attempt ${row.attempts + 1} of ${MAX_ANALYSIS_ATTEMPTS}).`;

  const won = await prisma.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE analyses
         SET status = ${final ? 'FAILED' : 'QUEUED'}::"JobStatus", error = ${note}, heartbeat_at = NULL,
             progress = 0, finished_at = ${final ? new Date() : null}
       WHERE id = ${row.id}::uuid AND status = 'RUNNING' AND attempts = ${row.attempts}
         AND COALESCE(heartbeat_at, started_at, queued_at) < now() - ${ms(deps.staleMs)}`;
    if (n !== 1) return false;
    await appendAuditEvent(tx, {
      action: final ? 'analysis.fail' : 'analysis.requeue',
      targetType: 'Analysis',
      targetId: row.id,
      caseId: row.case_id,
      details: {
        ...(row.media_id ? { mediaId: row.media_id } : { knownFakeId: row.known_fake_id }),
        reason: 'worker stopped responding',
        workerId: row.worker_id,
        lastHeartbeat: row.last_seen.toISOString(),
        attempt: row.attempts,
        maxAttempts: MAX_ANALYSIS_ATTEMPTS,
      },
    });
    return true;
  });
  if (!won) return null;

  if (job && active) {
    // Fails the dead worker's job into pg-boss's retry (with its backoff), or into failed when
    // this was the last attempt; its late completion, if the worker was only slow, is a no-op.
    if (final && job.retryCount < job.retryLimit) await boss.cancel(queue, job.id);
    else await boss.fail(queue, job.id, { message: note });
  } else if (!final && job?.state !== 'created' && job?.state !== 'retry') {
    // No job will bring it back (it completed as a duplicate, was lost, or the analysis ran
    // outside the queue): send one. A duplicate is harmless, the claim lets one attempt run.
    await boss.send(queue, { analysisId: row.id }, { singletonKey: row.id });
  }
  deps.log.error(`sweep: analysis ${row.id}: ${note}`);
  return final ? 'failed' : 'requeued';
}

/**
 * Runs the sweep every sweepMs (and once at once), never two at a time in one process; errors are
 * logged and the next sweep tries again.
 */
export function startSweeper(deps: SweepDeps, everyMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepStaleAnalyses(deps)
      .catch((error: unknown) =>
        deps.log.error(`sweep failed: ${String((error as Error)?.message ?? error)}`),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
