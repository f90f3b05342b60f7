import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded/index.ts';
import { migrate } from './migrator.ts';

/**
 * The integration tests run twice (scripts/test.mjs): on the embedded PGlite, and on a real
 * PostgreSQL + pgvector server whose superuser URL is in this variable. Read once, here: it is
 * the one switch between the two.
 */
const realServerUrl = process.env.LOUPE_TEST_DATABASE_URL || undefined;

/**
 * True in the run against a real PostgreSQL server. Guards the tests that only mean something
 * there (concurrent transactions really interleaving) and the few that test PGlite itself.
 */
export const onRealPostgres = realServerUrl !== undefined;

/**
 * Title prefix of the suites that run only on the real server. scripts/test.mjs checks that the
 * real-server run ran them and they passed, so they are never skipped unnoticed.
 */
export const REAL_POSTGRES_ONLY = '[real PostgreSQL only]';

/**
 * Title prefix of the integration suites and tests that never open a database (the evaluation
 * pipeline writing its files, a command refusing its arguments). The real-server run repeats the
 * integration tier for what the database does; these would only repeat their CPU work, so they
 * run once, on PGlite: `describe.skipIf(onRealPostgres)(`${NO_DATABASE} …`)`.
 */
export const NO_DATABASE = '[no database]';

export interface TestDatabase {
  /** Connection URL of this test's own database. */
  url: string;
  /** Which server it lives on. */
  kind: 'pglite' | 'postgres';
  /** Drops the database (real server) or stops PGlite; idempotent. */
  stop(): Promise<void>;
}

/**
 * A fresh database for one test file, migrated unless asked not to: an in-memory PGlite +
 * pgvector served on a free loopback port, or — when LOUPE_TEST_DATABASE_URL names a real server
 * — a database of its own created there (so test files can run in parallel), dropped on stop().
 */
export async function startTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const db = realServerUrl ? await createServerDatabase(realServerUrl) : await startPglite();
  if (options.migrate === false) return db;
  try {
    await migrate(db.url);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return db;
}

async function startPglite(): Promise<TestDatabase> {
  const pglite = await startEmbeddedPostgres({ port: 0 });
  return { url: pglite.url, kind: 'pglite', stop: pglite.stop };
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  // Only [a-z0-9_]: safe to splice into CREATE/DROP DATABASE, which take no parameters.
  const name = `loupe_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let stopped: Promise<void> | undefined;
  return {
    url: url.toString(),
    kind: 'postgres',
    stop: () =>
      (stopped ??= withClient(serverUrl, async (c) => {
        // FORCE: a pool the test forgot to end must not keep its database alive.
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      })),
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
