import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import {
  embeddedUrlFromLog,
  loadOrCreateDbPassword,
  startEmbeddedPostgres,
  withEmbeddedDatabaseUrl,
} from '../src/embedded/index.ts';
import { onRealPostgres } from '../src/testing.ts';

const tmp = mkdtempSync(join(tmpdir(), 'loupe-db-password-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function connects(url: string): Promise<true | string> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The embedded database's own process, as `npm start` runs it; resolves with its log once ready. */
function startEmbeddedProcess(dataDir: string, port: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot(), 'packages/db/src/embedded/main.ts')],
    {
      env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOUPE_DB_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      if (/password in \S+/.test(log)) resolve(log);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`embedded database exited with ${code}:\n${log}`)));
  });
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ready,
    stop: async () => {
      child.kill('SIGTERM');
      await stopped;
    },
  };
}

describe.skipIf(onRealPostgres)('the embedded database password', () => {
  it('is random per data directory, kept in a 0600 file, and the same after a restart', () => {
    const a = join(tmp, 'a', 'embedded-db.password');
    const b = join(tmp, 'b', 'embedded-db.password');
    const first = loadOrCreateDbPassword(a);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDbPassword(a)).toBe(first);
    expect(loadOrCreateDbPassword(b)).not.toBe(first);
    chmodSync(a, 0o644);
    expect(() => loadOrCreateDbPassword(a)).toThrow(/readable by others.*chmod 600/);
  });

  it('is required: the old fixed password and a wrong one are refused with 28P01, the right one works', async () => {
    const db = await startEmbeddedPostgres({ password: loadOrCreateDbPassword(join(tmp, 'c', 'pw')) });
    try {
      expect(await connects(db.url)).toBe(true);
      expect(await connects(withPassword(db.url, 'postgres'))).toMatch(
        /^28P01: password authentication failed for user "postgres"/,
      );
      expect(await connects(withPassword(db.url, ''))).toMatch(/^28P01|password/);
      expect(await connects(withPassword(db.url, `${new URL(db.url).password}x`))).toMatch(/^28P01/);
      // Refused clients leave the server serving the others.
      expect(await connects(db.url)).toBe(true);
    } finally {
      await db.stop();
    }
  }, 120_000);

  it('as `npm start` runs it: a fresh data dir gets a password, a restart reuses it, an old data dir without one gets one', async () => {
    const dataDir = join(tmp, 'product');
    const port = await freePort();
    let server = startEmbeddedProcess(dataDir, port);
    const log = await server.ready;
    const file = join(dataDir, 'embedded-db.password');
    const password = readFileSync(file, 'utf8').trim();
    expect(log).not.toContain(password); // the log never shows it
    expect(log).toContain(`password in ${file}`);
    const url = embeddedUrlFromLog(log)!;
    expect(new URL(url).password).toBe(password);
    expect(await connects(url)).toBe(true);
    // The CLI beside `npm start` finds it with DATABASE_URL unset; a set DATABASE_URL wins.
    const env = { LOUPE_DATA_DIR: dataDir, LOUPE_DB_PORT: String(port) };
    expect(withEmbeddedDatabaseUrl(env).DATABASE_URL).toBe(url);
    expect(withEmbeddedDatabaseUrl({ ...env, DATABASE_URL: 'postgres://x@h/db' }).DATABASE_URL).toBe(
      'postgres://x@h/db',
    );
    expect(withEmbeddedDatabaseUrl({ LOUPE_DATA_DIR: join(tmp, 'none') }).DATABASE_URL).toBeUndefined();
    expect(await connects(withPassword(url, 'postgres'))).toMatch(/^28P01/);
    await server.stop();

    server = startEmbeddedProcess(dataDir, port);
    expect(embeddedUrlFromLog(await server.ready)).toBe(url);
    expect(await connects(url)).toBe(true);
    await server.stop();

    // A data directory from before this change has a database but no password file.
    unlinkSync(file);
    server = startEmbeddedProcess(dataDir, port);
    const renewed = embeddedUrlFromLog(await server.ready)!;
    expect(renewed).not.toBe(url);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await connects(renewed)).toBe(true);
    expect(await connects(url)).toMatch(/^28P01/);
    await server.stop();
  }, 240_000);
});
