// `npm run bench:api [seconds]`: requests per second and latency of the API under 50 concurrent
// connections (autocannon), for the documents the web sends — sign-in check, case list, case
// page, its evidence with 100 analysed items, a media page, similar — on the embedded database
// and on a real PostgreSQL 17, next to a bare Apollo Server answering `{__typename}` (the
// framework's ceiling). Everything listens on 127.0.0.1 only; each database, the API and the
// ceiling run as their own processes (as `npm start` runs them), the load comes from this one.
// Bounded: `seconds` (default 5) per target, about 2½ minutes in all. Prints figures; asserts
// nothing, but a target whose answer carries an error is reported, never measured as a success.
//
// LOUPE_DB_POOL_SIZE and the other API settings pass through to the API process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createPrismaClient, migrate } from '@loupe/db';
import {
  CASE_MEDIA_QUERY,
  CASE_QUERY,
  CASES_QUERY,
  MEDIA_QUERY,
  ME_QUERY,
  SIMILAR_QUERY,
} from '../../web/lib/operations.ts';
import { seedAnalysedMedia, seedCases, seedKnownFakes, seedUsers } from '../test/seed.ts';

const SECONDS = Number(process.argv[2] ?? 5);
/** Only the targets whose name contains this (e.g. "cases"), to look at one closely. */
const ONLY = process.argv[3] ?? '';
const CONNECTIONS = 50;
const ITEMS = 100;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ADMIN = { email: 'bench-admin@example.test', password: 'bench admin password, long enough' };
const INVESTIGATOR = { email: 'bench@example.test', password: 'bench investigator password' };

if (!Number.isFinite(SECONDS) || SECONDS < 1 || SECONDS > 60) {
  console.error('usage: npm run bench:api [seconds per target, 1 to 60] [only targets containing…]');
  process.exit(2);
}

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];
const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
process.once('exit', killAll);
// The whole run is bounded even if a server hangs: a budget per target plus start-up time.
const deadline = setTimeout(
  () => {
    console.error('bench:api: over its time budget, stopping');
    killAll();
    process.exit(1);
  },
  // Start-up (three servers, migrations, seeding) takes ~1 min on an idle machine, 4 on a busy one.
  (2 * 9 * (SECONDS + 2) + 360) * 1000,
);
deadline.unref();

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `node --import tsx <file>` and resolves with the first match of `readyOn` in its output. */
function startProcess(name: string, file: string, env: Record<string, string>, readyOn: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, file)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const ready = new Promise<RegExpMatchArray>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 120 s:\n${output}`)), 120_000);
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      const m = readyOn.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveReady(m);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    children.delete(child);
  };
  return { ready, stop, pid: child.pid };
}

/**
 * CPU time (user + system, ms) the process has used so far, from /proc: on a shared machine
 * throughput depends on what else runs, CPU per request much less so. Null where /proc is absent.
 */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/**
 * Waits (up to 30 s) until the server has finished what the last run left in flight: autocannon
 * stops sending at the end of its window, but a slow target's 50 open requests are still being
 * answered, and that work must not be counted against the next target.
 */
async function settle(pid: number | undefined) {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 250));
    if (before === null || cpuMs(pid)! - before < 25) return;
  }
}

interface Row {
  target: string;
  db: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms the API process spent per answered request. */
  cpuPerRequest: number | null;
  note?: string;
}

async function post(url: string, query: string, variables: object, cookie?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  return { status: res.status, body, setCookie: res.headers.get('set-cookie') };
}

/** 50 connections for SECONDS on one document, after checking it is answered without errors. */
async function measure(
  url: string,
  pid: number | undefined,
  db: string,
  target: string,
  body: string,
  cookie?: string,
): Promise<Row> {
  const headers = { 'content-type': 'application/json', ...(cookie && { cookie }) };
  const check = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
  const answer = (await check.json()) as { errors?: { message: string }[] };
  if (check.status !== 200 || answer.errors) {
    const why = `HTTP ${check.status} ${answer.errors?.[0]?.message ?? ''}`.trim();
    return {
      target,
      db,
      reqPerSec: 0,
      p50: 0,
      p99: 0,
      errors: 1,
      cpuPerRequest: null,
      note: `not measured: ${why}`,
    };
  }
  await settle(pid);
  const cpuBefore = cpuMs(pid);
  const r = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return {
    target,
    db,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    cpuPerRequest:
      cpuBefore === null || r.requests.total === 0 ? null : (cpuMs(pid)! - cpuBefore) / r.requests.total,
    ...(r.requests.total === 0 && { note: `no answer within ${SECONDS} s at ${CONNECTIONS} connections` }),
  };
}

const doc = (query: string, variables: object = {}) => JSON.stringify({ query, variables });

/** Migrates and seeds the database, starts the API on it and measures every target. */
async function benchDatabase(db: string, databaseUrl: string): Promise<Row[]> {
  await migrate(databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-api-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const api = startProcess(
    `API on ${db}`,
    'apps/api/src/main.ts',
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      LOUPE_API_HOST: '127.0.0.1',
      LOUPE_API_PORT: String(port),
      LOUPE_DATA_DIR: dataDir,
      LOUPE_ADMIN_EMAIL: ADMIN.email,
      LOUPE_ADMIN_PASSWORD: ADMIN.password,
    },
    /GraphQL API ready at (\S+)/,
  );
  cleanups.push(api.stop);
  const url = (await api.ready)[1]!.replace(/\/graphql$/, '');

  // The investigator signs in as the web does (a session cookie); they see only their cases.
  const login = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
  const admin = await post(url, login, { e: ADMIN.email, p: ADMIN.password });
  const adminCookie = admin.setCookie?.split(';')[0];
  const created = await post(
    url,
    'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
    { i: { ...INVESTIGATOR, role: 'INVESTIGATOR' } },
    adminCookie,
  );
  const userId = (created.body.data?.createUser as { id: string } | undefined)?.id;
  const signedIn = await post(url, login, { e: INVESTIGATOR.email, p: INVESTIGATOR.password });
  const cookie = signedIn.setCookie?.split(';')[0];
  if (!userId || !cookie) throw new Error(`could not sign in: ${JSON.stringify(created.body.errors)}`);

  const prisma = createPrismaClient({ url: databaseUrl, poolSize: 2 });
  let caseId: string;
  let mediaId: string;
  try {
    await seedCases(prisma, userId, 30);
    [caseId] = (await seedCases(prisma, userId, 1)) as [string];
    const others = await seedUsers(prisma, 2, 'bench');
    const fakes = await seedKnownFakes(prisma, userId, 3);
    const media = await seedAnalysedMedia(prisma, {
      caseId,
      uploadedById: userId,
      count: ITEMS,
      verdictsBy: [userId, ...others],
      nearDuplicates: fakes.slice(0, 2),
    });
    mediaId = media[0]!.id;
  } finally {
    await prisma.$disconnect();
  }

  const targets: [string, string, string | undefined][] = [
    ['{__typename}, anonymous', doc('{__typename}'), undefined],
    ['{__typename}, signed in', doc('{__typename}'), cookie],
    ['me', doc(ME_QUERY.toString()), cookie],
    ['cases(first: 20)', doc(CASES_QUERY.toString(), { first: 20 }), cookie],
    ['case page', doc(CASE_QUERY.toString(), { id: caseId }), cookie],
    [`case evidence, 20 of ${ITEMS}`, doc(CASE_MEDIA_QUERY.toString(), { id: caseId, first: 20 }), cookie],
    [
      `case evidence, ${ITEMS} of ${ITEMS}`,
      doc(CASE_MEDIA_QUERY.toString(), { id: caseId, first: ITEMS }),
      cookie,
    ],
    ['media page', doc(MEDIA_QUERY.toString(), { id: mediaId, caseId }), cookie],
    [
      'similar (PHASH, this case, k 12)',
      doc(SIMILAR_QUERY.toString(), { id: mediaId, space: 'PHASH', scope: 'THIS_CASE' }),
      cookie,
    ],
  ];
  // Warm-up (JIT, the connection pool), not counted.
  await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: targets[5]![1],
    connections: CONNECTIONS,
    duration: 2,
  });
  const rows: Row[] = [];
  for (const [target, body, auth] of targets) {
    if (!target.includes(ONLY)) continue;
    const row = await measure(url, api.pid, db, target, body, auth);
    rows.push(row);
    printRow(row);
  }
  await api.stop();
  return rows;
}

let ceiling = 0;
const f0 = (n: number) => n.toFixed(0).padStart(7);
function printRow(r: Row) {
  const ratio = ceiling > 0 && r.reqPerSec > 0 ? `${((100 * r.reqPerSec) / ceiling).toFixed(0)} %` : '';
  console.log(
    `${r.target.padEnd(36)} ${r.db.padEnd(10)} ${f0(r.reqPerSec)} ${f0(r.p50)} ${f0(r.p99)} ${String(r.errors).padStart(6)} ${ratio.padStart(8)} ${(r.cpuPerRequest?.toFixed(2) ?? '-').padStart(8)}${r.note ? `  ${r.note}` : ''}`,
  );
}

try {
  console.log(
    `bench:api — ${CONNECTIONS} connections, ${SECONDS} s per target, 127.0.0.1, pool ${process.env.LOUPE_DB_POOL_SIZE ?? '5 (default)'}`,
  );
  console.log(
    `${'target'.padEnd(36)} ${'database'.padEnd(10)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'vs bare'.padStart(8)} ${'CPU ms/r'.padStart(8)}`,
  );

  const bare = startProcess('bare Apollo', 'apps/api/bench/bare-apollo.ts', {}, /ready at (\S+)/);
  const bareUrl = (await bare.ready)[1]!;
  await autocannon({
    url: `${bareUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: doc('{__typename}'),
    connections: CONNECTIONS,
    duration: 2,
  });
  const top = await measure(
    bareUrl,
    bare.pid,
    '-',
    'bare Apollo {__typename} (ceiling)',
    doc('{__typename}'),
  );
  ceiling = top.reqPerSec;
  printRow(top);
  await bare.stop();

  // (a) The embedded database, in its own process as `npm start` runs it.
  const pgliteDir = mkdtempSync(join(tmpdir(), 'loupe-bench-pglite-'));
  cleanups.push(() => rmSync(pgliteDir, { recursive: true, force: true }));
  const pglite = startProcess(
    'embedded database',
    'packages/db/src/embedded/main.ts',
    {
      LOUPE_DB_HOST: '127.0.0.1',
      LOUPE_DB_PORT: String(await freePort()),
      LOUPE_DB_DIR: pgliteDir,
      LOUPE_DATA_DIR: pgliteDir,
    },
    /ready at (postgres:\/\/\S+) .*password in (\S+)/,
  );
  cleanups.push(pglite.stop);
  // The password is not in the log; the ready line names its file.
  const [, pgliteUrl, passwordFile] = await pglite.ready;
  const withPassword = new URL(pgliteUrl!);
  withPassword.password = readFileSync(passwordFile!, 'utf8').trim();
  await benchDatabase('PGlite', withPassword.toString());
  await pglite.stop();

  // (b) A real PostgreSQL 17 + pgvector (scripts/real-postgres.mjs), where this machine allows it.
  // @ts-expect-error: a plain .mjs script without types
  const realPg = (await import('../../../scripts/real-postgres.mjs')) as {
    realPostgresUnavailable(): string | null;
    startRealPostgres(o: { log: (m: string) => void }): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const unavailable = realPg.realPostgresUnavailable();
  if (unavailable) {
    console.log(`real PostgreSQL: skipped, it ${unavailable}`);
  } else {
    const server = await realPg.startRealPostgres({ log: () => undefined });
    cleanups.push(server.stop);
    await benchDatabase('PostgreSQL', server.url);
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  killAll();
}
