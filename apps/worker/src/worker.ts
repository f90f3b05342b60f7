import PgBoss from 'pg-boss';
import type { WorkerConfig } from '@loupe/config';

export interface Worker {
  boss: PgBoss;
  /** Lets running jobs finish (up to the configured grace period), then disconnects. */
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on Loupe's database (its own `pgboss` schema, created on first start).
 * Job handlers register here as the pipeline grows (analyze-media, reindex, report).
 */
export async function startWorker(
  config: WorkerConfig,
  log: Pick<Console, 'info' | 'error'> = console,
): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: config.database.url,
    max: config.database.poolSize,
    application_name: 'loupe-worker',
  });
  boss.on('error', (error: Error) => log.error('queue error:', error));
  await boss.start();
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: config.shutdownGraceMs, wait: true });
    },
  };
}
