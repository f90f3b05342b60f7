import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/index.ts';
import { migrate } from './migrator.ts';

/**
 * A fresh, migrated, in-memory PGlite + pgvector served on a free loopback port: the real
 * database for integration tests, with nothing left behind.
 */
export async function startTestDatabase(): Promise<EmbeddedPostgres> {
  const pg = await startEmbeddedPostgres({ port: 0 });
  try {
    await migrate(pg.url);
  } catch (error) {
    await pg.stop();
    throw error;
  }
  return pg;
}
