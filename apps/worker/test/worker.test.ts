import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { startTestDatabase, type TestDatabase } from '@loupe/db/testing';

describe('worker process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(() => db.stop());

  it('starts pg-boss on the Loupe database and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'apps/worker/src/main.ts')],
      {
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Start-up compiles TypeScript and builds the face networks' ONNX graphs: seconds on a quiet
    // machine, much longer on a loaded one.
    await expect.poll(() => out, { timeout: 150_000, interval: 100 }).toMatch(/worker ready/);

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'pgboss' AND table_name = 'job'`,
    );
    await c.end();
    expect(rows).toHaveLength(1);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/worker stopped/);
  }, 240_000);

  it('refuses to start without DATABASE_URL, naming the variable', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'apps/worker/src/main.ts')],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/DATABASE_URL: not set/);
  });
});
