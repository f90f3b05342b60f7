import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded/index.ts';
import { migrate } from '../src/migrator.ts';
import { onRealPostgres } from '../src/testing.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// These test the embedded PGlite launcher itself (its wire multiplexer serialises transactions,
// which a real server does not), not the database under test: the PGlite run covers them.
const pgliteLauncherOnly = describe.skipIf(onRealPostgres);

pgliteLauncherOnly('embedded Postgres served over the wire protocol', () => {
  let db: EmbeddedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await startEmbeddedPostgres({ maxConnections: 20 });
    pool = new pg.Pool({ connectionString: db.url, max: 8 });
    await pool.query('CREATE TABLE t (id serial primary key, who text, n int)');
  });
  afterAll(async () => {
    await pool.end();
    await db.stop();
  });

  it('answers many concurrent parameterised queries from many connections correctly', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pool.query<{ v: number; s: string }>('SELECT $1::int AS v, $2::text AS s', [i, `q${i}`]),
      ),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual({ v: i, s: `q${i}` }));
  });

  it("isolates one connection's transaction from the others' statements", async () => {
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query(`INSERT INTO t (who) VALUES ('a')`);
      // b's statement must not run inside a's open transaction: it waits until a commits.
      let bDone = false;
      const bInsert = b.query(`INSERT INTO t (who) VALUES ('b')`).then(() => (bDone = true));
      await sleep(100);
      expect(bDone).toBe(false);
      await a.query('ROLLBACK');
      await bInsert;
      const { rows } = await pool.query<{ who: string }>('SELECT who FROM t ORDER BY id');
      expect(rows.map((r) => r.who)).toEqual(['b']);
    } finally {
      a.release();
      b.release();
    }
  });

  it('rolls back what a client left open when it disconnects, and keeps serving', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`INSERT INTO t (who) VALUES ('abandoned')`);
    c.on('error', () => undefined);
    // Kill the socket without a clean Terminate, as a crashed process would.
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM t WHERE who = 'abandoned'`);
    expect(rows[0]?.n).toBe('0');
  });

  it('serialises concurrent read-modify-write transactions without lost updates', async () => {
    await pool.query(`INSERT INTO t (who, n) VALUES ('counter', 0)`);
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const { rows } = await c.query<{ n: number }>(`SELECT n FROM t WHERE who = 'counter'`);
          await sleep(2);
          await c.query(`UPDATE t SET n = $1 WHERE who = 'counter'`, [rows[0]!.n + 1]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    const { rows } = await pool.query<{ n: number }>(`SELECT n FROM t WHERE who = 'counter'`);
    expect(rows[0]?.n).toBe(20);
  });

  it('refuses connections beyond its limit with a Postgres error, not a hang', async () => {
    const small = await startEmbeddedPostgres({ maxConnections: 1 });
    const first = new pg.Client({ connectionString: small.url });
    await first.connect();
    const second = new pg.Client({ connectionString: small.url });
    await expect(second.connect()).rejects.toThrow(/too many connections/);
    await first.end();
    await small.stop();
  });
});

pgliteLauncherOnly('embedded Postgres on disk', () => {
  it('keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-pglite-'));
    try {
      const first = await startEmbeddedPostgres({ dataDir: dir });
      await migrate(first.url);
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query(
        `INSERT INTO users (id, email, display_name, password_hash, updated_at) VALUES (gen_random_uuid(), 'kept@example.test', 'Kept', 'x', now())`,
      );
      await c1.end();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir: dir });
      const result = await migrate(second.url);
      expect(result.applied).toEqual([]);
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      const { rows } = await c2.query('SELECT email FROM users');
      expect(rows).toEqual([{ email: 'kept@example.test' }]);
      await c2.end();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
