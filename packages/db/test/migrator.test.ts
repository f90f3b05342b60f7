import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, readMigrations } from '../src/migrator.ts';
import { startTestDatabase, type TestDatabase } from '../src/testing.ts';

describe('migrator', () => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    // Unmigrated: each test runs the migrator itself.
    db = await startTestDatabase({ migrate: false });
    dir = mkdtempSync(join(tmpdir(), 'loupe-migrations-'));
    cpSync(defaultMigrationsDir(), dir, { recursive: true });
  });
  afterEach(async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async (sql: string) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };

  it('applies every migration once and records Prisma-compatible checksums', async () => {
    const first = await migrate(db.url, { dir });
    expect(first.applied).toEqual(readMigrations(dir).map((m) => m.name));
    const second = await migrate(db.url, { dir });
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    const recorded = await rows('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"');
    expect(recorded).toHaveLength(first.applied.length);
    const m = readMigrations(dir)[0]!;
    expect(recorded[0]).toMatchObject({ migration_name: m.name, checksum: m.checksum });
    expect(recorded[0].finished_at).toBeInstanceOf(Date);
  });

  it('refuses to run when an applied migration was edited afterwards, and applies nothing new', async () => {
    await migrate(db.url, { dir });
    const [first] = readMigrations(dir);
    const file = join(dir, first!.name, 'migration.sql');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n-- edited after the fact\n');
    mkdirSync(join(dir, '29990101000000_later'));
    writeFileSync(join(dir, '29990101000000_later', 'migration.sql'), 'CREATE TABLE "later" (id int);');
    await expect(migrate(db.url, { dir })).rejects.toThrow(/changed after it was applied/);
    expect(await rows(`SELECT to_regclass('public.later') AS t`)).toEqual([{ t: null }]);
  });

  it('rolls back a failing migration completely and reports which one failed', async () => {
    mkdirSync(join(dir, '29990101000000_broken'));
    writeFileSync(
      join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half" (id int);\nSELECT * FROM "no_such_table";',
    );
    await expect(migrate(db.url, { dir })).rejects.toThrow(/29990101000000_broken failed: .*no_such_table/);
    expect(await rows(`SELECT to_regclass('public.half') AS t`)).toEqual([{ t: null }]);
    // Earlier migrations stay applied; the broken one is not recorded.
    const names = (await rows('SELECT migration_name FROM "_prisma_migrations"')).map(
      (r) => r.migration_name,
    );
    expect(names).not.toContain('29990101000000_broken');
    expect(names.length).toBeGreaterThan(0);
  });

  it('refuses a database that has migrations this code does not know', async () => {
    await migrate(db.url, { dir });
    const [first] = readMigrations(dir);
    rmSync(join(dir, first!.name), { recursive: true });
    await expect(migrate(db.url, { dir })).rejects.toThrow(/applied to the database but not found/);
  });
});
