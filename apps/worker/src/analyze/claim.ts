import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Prisma, type PrismaClient } from '@loupe/db';

/**
 * Liveness of a running analysis. The attempt number (analyses.attempts, incremented by the claim)
 * fences every write of an attempt: once a sweep has re-queued it and another worker has claimed
 * it, the old attempt's progress, heartbeat and failure writes match no row. Only the final
 * write is not fenced — a complete result is a complete result — but it is taken under the row's
 * lock and never twice (lockForWrite).
 */
export interface Liveness {
  /** Names this worker process in analyses.worker_id and the notes users see. */
  workerId: string;
  /** A RUNNING analysis whose heartbeat is older than this belongs to a dead worker. */
  staleMs: number;
  heartbeatMs: number;
}

export interface Attempt {
  analysisId: string;
  attempt: number;
}

export type Claim =
  | { claimed: true; attempt: Attempt }
  | { claimed: false; reason: 'done' }
  | { claimed: false; reason: 'missing' }
  | { claimed: false; reason: 'running-elsewhere'; workerId: string | null };

/** host:pid:random — unique per process, readable in a log line or a note. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Defaults for callers without a worker's configuration (CLI imports, tests). */
export function defaultLiveness(): Liveness {
  return { workerId: newWorkerId(), staleMs: 45_000, heartbeatMs: 11_250 };
}

const ms = (n: number) => Prisma.sql`(${n}::double precision * interval '1 millisecond')`;

/**
 * Marks the analysis RUNNING for a new attempt, in one statement so two workers handed the same
 * analysis (a duplicate or expired job) cannot both claim it: a DONE analysis is not claimed
 * again, nor one RUNNING with a fresh heartbeat from another attempt. The previous attempt's note
 * (error) stays visible until this attempt ends.
 */
export async function claimAnalysis(
  prisma: PrismaClient,
  analysisId: string,
  who: { workerId: string; jobId: string; staleMs: number },
): Promise<Claim> {
  const rows = await prisma.$queryRaw<{ attempts: number }[]>`
    UPDATE analyses
       SET status = 'RUNNING', attempts = attempts + 1, started_at = now(), heartbeat_at = now(),
           worker_id = ${who.workerId}, job_id = ${who.jobId}, progress = 0.05, finished_at = NULL
     WHERE id = ${analysisId}::uuid
       AND status <> 'DONE'
       AND NOT (status = 'RUNNING' AND heartbeat_at IS NOT NULL AND heartbeat_at > now() - ${ms(who.staleMs)})
    RETURNING attempts`;
  const row = rows[0];
  if (row) return { claimed: true, attempt: { analysisId, attempt: row.attempts } };
  const current = await prisma.analysis.findUnique({
    where: { id: analysisId },
    select: { status: true, workerId: true },
  });
  if (!current) return { claimed: false, reason: 'missing' };
  if (current.status === 'DONE') return { claimed: false, reason: 'done' };
  return { claimed: false, reason: 'running-elsewhere', workerId: current.workerId };
}

/**
 * Updates the analysis only while this attempt still owns it (RUNNING, same attempt number).
 * Returns false when a sweep re-queued it or another attempt took over.
 */
export async function updateOwnAttempt(
  prisma: PrismaClient,
  a: Attempt,
  data: Prisma.AnalysisUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await prisma.analysis.updateMany({
    where: { id: a.analysisId, attempts: a.attempt, status: 'RUNNING' },
    data,
  });
  return count === 1;
}

/**
 * Refreshes heartbeat_at (database clock, so workers on other hosts compare like with like) every
 * heartbeatMs until stopped. A failed beat is logged, never thrown: the job goes on, and if the
 * database stays away the sweep of another worker re-queues the analysis, which is what should
 * happen to a worker that cannot reach the database.
 */
export function startHeartbeat(
  prisma: PrismaClient,
  a: Attempt,
  everyMs: number,
  log: Pick<Console, 'error'>,
): { stop(): void; lost(): boolean } {
  let lost = false;
  const beat = async () => {
    try {
      const n = await prisma.$executeRaw`
        UPDATE analyses SET heartbeat_at = now()
         WHERE id = ${a.analysisId}::uuid AND attempts = ${a.attempt} AND status = 'RUNNING'`;
      if (n === 0 && !lost) {
        lost = true;
        log.error(
          `analysis ${a.analysisId}: attempt ${a.attempt} was taken over (re-queued as stale); its result is kept only if it finishes first`,
        );
      }
    } catch (error) {
      log.error(`analysis ${a.analysisId}: heartbeat failed: ${String((error as Error)?.message ?? error)}`);
    }
  };
  const timer = setInterval(() => void beat(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), lost: () => lost };
}

/**
 * Takes the analysis row's lock inside the transaction that writes results and says whether to
 * write: false when another attempt already wrote them (a worker that was only slow finishing
 * after its re-queued analysis was completed elsewhere, or the other way round).
 */
export async function lockForWrite(tx: Prisma.TransactionClient, analysisId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM analyses WHERE id = ${analysisId}::uuid FOR UPDATE`;
  return rows[0] !== undefined && rows[0].status !== 'DONE';
}

/**
 * Transaction options of an analysis's results write. It may wait for a pooled connection behind
 * heartbeats and the other slots, and for the audit chain's lock behind other workers' writes; on a
 * starved host (CI has run 7× slower than idle) the client's defaults for requests (10 s to get a
 * connection, 15 s in all) ended writes that were only slow, and each retry recomputes the whole
 * analysis. A write that still fails re-queues its analysis at once (job.ts).
 */
export const RESULT_WRITE_TX = { maxWait: 60_000, timeout: 120_000 } as const;

/** Holds the heartbeat of the attempt being run, so the caller can stop it whatever happens. */
export class HeartbeatSlot {
  private beating: { stop(): void } | null = null;
  start(prisma: PrismaClient, a: Attempt, everyMs: number, log: Pick<Console, 'error'>): void {
    this.stop();
    this.beating = startHeartbeat(prisma, a, everyMs, log);
  }
  stop(): void {
    this.beating?.stop();
    this.beating = null;
  }
}
