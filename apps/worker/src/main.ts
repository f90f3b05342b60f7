import { ConfigError, loadWorkerConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { startWorker } from './worker.ts';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const prisma = createPrismaClient({ url: config.database.url, poolSize: config.database.poolSize });
  const worker = await startWorker(config, { prisma });
  console.log(`worker ready (queue: pg-boss, concurrency ${config.concurrency})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing running jobs (up to ${config.shutdownGraceMs / 1000} s)`);
    worker
      .stop()
      .then(() => prisma.$disconnect())
      .then(
        () => {
          console.log('worker stopped');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('worker did not stop cleanly:', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
