import { ConfigError, loadApiConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { startQueue } from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import { createApp } from './app.ts';
import { installSafetyNet } from './http/safety-net.ts';

async function main(): Promise<void> {
  // An error escaping a request is logged and answered 500; it never ends the process.
  installSafetyNet();
  const config = loadApiConfig();
  const prisma = createPrismaClient({ url: config.database.url, poolSize: config.database.poolSize });
  const queue = await startQueue({ url: config.database.url, role: 'sender' }, (e) =>
    console.error('queue error:', e),
  );
  const app = await createApp(config, { prisma, queue });
  // Partial files of uploads cut off by a crash or a kill (an interrupted request cleans up after
  // itself; a dead process cannot). An hour untouched: other API processes may be receiving now.
  const swept = await new EvidenceStore(config.dataDir).sweepTemp(60 * 60_000);
  if (swept > 0) console.log(`Removed ${swept} partial upload file(s) left by an earlier run.`);

  const admin = await app.services.users.bootstrapAdmin(config.admin);
  if (admin) {
    console.log(`Created the first administrator: ${admin.user.email}`);
    if (admin.generatedPassword) {
      console.log(`  password: ${admin.generatedPassword}`);
      console.log('  (shown once; set LOUPE_ADMIN_PASSWORD before the first start to choose it)');
    }
  }

  const { url } = await app.listen();
  console.log(`GraphQL API ready at ${url}/graphql`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    Promise.allSettled([app.stop(), queue.stop({ graceful: true, wait: true }), prisma.$disconnect()]).then(
      () => process.exit(0),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
