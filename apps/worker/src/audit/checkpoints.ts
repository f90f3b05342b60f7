import { checkpointIfDue, type AuditKey, type CheckpointPolicy } from '@loupe/audit';
import type { PrismaClient } from '@loupe/db';

export interface Checkpointer {
  /** Runs one check now (what the timer does); resolves when it is done. */
  tick(): Promise<void>;
  /** Stops the timer, waits for a running check, then signs whatever events are still unsigned. */
  stop(): Promise<void>;
}

/**
 * Signs the audit chain's head from the worker, on a timer: whenever `policy.every` events or
 * `policy.minutes` minutes have accumulated since the last checkpoint. Every worker runs one; the
 * chain lock and the unique seq make concurrent signers store each head once. A failed check is
 * logged and retried at the next tick: it must never take the worker down.
 */
export function startCheckpointer(
  deps: { prisma: PrismaClient; key: AuditKey; log: Pick<Console, 'info' | 'error'> },
  policy: CheckpointPolicy,
): Checkpointer {
  // Often enough that "every N events" is not late by much; the minutes rule needs no more.
  const intervalMs = Math.min(30_000, policy.minutes * 60_000);
  let running: Promise<void> = Promise.resolve();
  const check = (p: CheckpointPolicy) => {
    running = running.then(async () => {
      try {
        const c = await checkpointIfDue(deps.prisma, deps.key, p);
        if (c) deps.log.info(`audit chain head signed: event ${c.seq} ${c.headHash}`);
      } catch (error) {
        deps.log.error(`audit checkpoint failed (retried in ${intervalMs / 1000} s):`, error);
      }
    });
    return running;
  };
  const timer = setInterval(() => void check(policy), intervalMs);
  timer.unref();
  return {
    tick: () => check(policy),
    async stop() {
      clearInterval(timer);
      // Leave nothing unsigned behind: any event since the last checkpoint makes one due.
      await check({ every: 1, minutes: policy.minutes });
    },
  };
}
