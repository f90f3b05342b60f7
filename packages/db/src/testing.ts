import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/index.ts';
import { migrate, readMigrations } from './migrator.ts';

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
 * pgvector served on a free loopback port (a migrated one starts from a dump, see below), or —
 * when LOUPE_TEST_DATABASE_URL names a real server — a database of its own created there (so
 * test files can run in parallel), dropped on stop().
 */
export async function startTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (!realServerUrl && options.migrate !== false) return startMigratedPglite();
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

async function startPglite(loadDataDir?: Blob): Promise<TestDatabase & { pglite: EmbeddedPostgres }> {
  const pglite = await startEmbeddedPostgres({ port: 0, ...(loadDataDir ? { loadDataDir } : {}) });
  return { url: pglite.url, kind: 'pglite', stop: pglite.stop, pglite };
}

/**
 * A migrated PGlite, started from a dump of one that `migrate` brought up to date. initdb and
 * the migrations take 6–12 s of a loaded 2-core machine, starting from the dump about 1.5 s, and
 * the integration tier starts a database per file. The dump is made by the first test that needs
 * it and kept in the temporary directory under a name keyed by the migrations' checksums and the
 * PGlite and pgvector versions, so a changed migration or an upgrade makes a new one. It is
 * written under a name of its own and renamed, so no reader sees half of it; two tests that both
 * miss make it twice, and one rename wins. migrator.test.ts still migrates empty databases.
 */
async function startMigratedPglite(): Promise<TestDatabase> {
  const file = join(tmpdir(), `loupe-test-pglite-${templateKey()}.tar`);
  if (existsSync(file)) return startPglite(new Blob([readFileSync(file)]));
  const db = await startPglite();
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await migrate(db.url);
    const dump = await db.pglite.db.dumpDataDir('none');
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    await db.stop();
    throw error;
  }
  return db;
}

/** The version of an installed package (these two do not export their package.json). */
function installedVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(join(dir, 'package.json')) || readJson(join(dir, 'package.json')).name !== name) {
    if (dirname(dir) === dir) throw new Error(`package.json of ${name} not found`);
    dir = dirname(dir);
  }
  return readJson(join(dir, 'package.json')).version as string;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** What the migrated dump depends on: every migration's checksum and the PGlite builds. */
function templateKey(): string {
  const hash = createHash('sha256');
  for (const m of readMigrations()) hash.update(`${m.name}:${m.checksum}\n`);
  hash.update(
    `${installedVersion('@electric-sql/pglite')}:${installedVersion('@electric-sql/pglite-pgvector')}`,
  );
  return hash.digest('hex').slice(0, 16);
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
