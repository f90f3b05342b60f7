// Process entry for the embedded database: `npm start` runs this first when DATABASE_URL is unset.
import { ConfigError, loadEmbeddedDbConfig } from '@loupe/config';
import { startEmbeddedPostgres } from './index.ts';
import { loadOrCreateDbPassword } from './password.ts';

async function main(): Promise<void> {
  const config = loadEmbeddedDbConfig();
  const started = Date.now();
  const password = loadOrCreateDbPassword(config.passwordFile);
  const pg = await startEmbeddedPostgres({
    password,
    dataDir: config.dataDir,
    host: config.host,
    port: config.port,
    maxConnections: config.maxConnections,
    log: (m) => console.error(m),
  });
  // The password stays out of the log: `npm start` (and embeddedUrlFromLog) read it from the file.
  const url = new URL(pg.url);
  url.password = '';
  console.log(
    `embedded Postgres (PGlite + pgvector) ready at ${url.toString()} in ${Date.now() - started} ms; ` +
      `password in ${config.passwordFile}`,
  );
  console.log(`data directory: ${config.dataDir}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping embedded Postgres`);
    pg.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('embedded Postgres did not stop cleanly:', error);
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
