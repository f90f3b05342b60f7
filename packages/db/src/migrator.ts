import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '@loupe/config';

// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order and records each in
// `_prisma_migrations` exactly as Prisma Migrate does (same table, same checksum: SHA-256 hex of
// the file), so `prisma migrate deploy` agrees with us wherever its engine is available.

export const defaultMigrationsDir = () => join(projectRoot(), 'prisma', 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationError(`${name}: migration.sql missing`);
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const createTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Arbitrary constant shared by every Loupe process, so two migrators never run at once.
const LOCK_KEY = 7_231_774_110;

/**
 * Brings the database up to date. Refuses (and changes nothing) when an applied migration's file
 * has changed since, when one failed half-way before, or when the database has migrations this
 * code does not know.
 */
export async function migrate(
  url: string,
  options: { dir?: string; log?: (m: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = readMigrations(options.dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(createTable);
      const { rows } = await client.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const applied = new Map(
        rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]),
      );
      const known = new Set(migrations.map((m) => m.name));
      const problems: string[] = [];
      for (const [name, row] of applied) {
        if (!known.has(name))
          problems.push(
            `${name}: applied to the database but not found in ${options.dir ?? 'prisma/migrations'}`,
          );
        else if (row.finished_at === null)
          problems.push(`${name}: failed or interrupted earlier; resolve it by hand`);
      }
      for (const m of migrations) {
        const row = applied.get(m.name);
        if (row && row.checksum !== m.checksum) {
          problems.push(
            `${m.name}: migration.sql changed after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${m.checksum.slice(0, 12)}…)`,
          );
        }
      }
      if (problems.length > 0)
        throw new MigrationError(`Refusing to migrate:\n  - ${problems.join('\n  - ')}`);

      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const m of migrations) {
        if (applied.has(m.name)) {
          result.alreadyApplied.push(m.name);
          continue;
        }
        options.log?.(`applying migration ${m.name}`);
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), 1)`,
            [randomUUID(), m.checksum, m.name],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new MigrationError(`${m.name} failed: ${(error as Error).message}`);
        }
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
