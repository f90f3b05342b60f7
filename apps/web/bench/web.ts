// `npm run bench:web [loads]`: how long a case with 500 analysed items takes to become usable in
// Chromium, and what one cold load of its page costs: the GraphQL requests the browser makes and
// the SQL statements the API runs for them (and for the thumbnails).
//
// The product's pieces run as `npm start` runs them — the web app built through turbo and served
// by apps/web/server.mjs, the API in its own process, the database in its own — on a throwaway
// data directory; no worker (nothing is left to analyse). The API is apps/api/bench/counting-api.ts:
// the same app and configuration as apps/api/src/main.ts, plus a count of each request's SQL
// statements (Prisma's query events, as apps/api/test/sql-per-request.test.ts counts them).
//
// The 500 items are seeded, not uploaded: the rows a finished analysis leaves (apps/api/test/seed.ts
// seedAnalysedMedia: media, DONE analysis with detector result, faces and signals, three heatmap
// rows, perceptual hashes, near duplicates, verdicts) and a real small JPEG original per item
// adopted through packages/storage, so the thumbnails load. Uploading and analysing 500 items
// through the worker would take minutes and measure the worker, not the page.
//
// "Usable": the evidence list shows its first page (20 rows, `data-testid="evidence-item"`),
// timed in the page from navigation start. "Thumbnails": the last thumbnail the page asked for
// received (Resource Timing), once no request has been in flight for a second. Each load is a fresh
// browser context (empty cache) signed in with the same session cookie. On the embedded database
// and, where scripts/real-postgres.mjs can run (root), a real PostgreSQL 17. Prints figures;
// asserts nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { createPrismaClient, migrate } from '@loupe/db';
import { EvidenceStore } from '@loupe/storage';
import type { CountedRequest } from '../../api/bench/counted-request.ts';
import { seedAnalysedMedia, seedCases, seedKnownFakes, seedUsers } from '../../api/test/seed.ts';
import { freePort, launchBrowser, root } from '../e2e/harness.ts';

const LOADS = Number(process.argv[2] ?? 5);
/** Which databases: both by default, or only `pglite` / `postgres`. */
const ONLY = process.argv[3] ?? 'both';
const ITEMS = 500;
/** CaseEvidence's page size: the rows the list shows before "Load more". */
const FIRST_PAGE = 20;
const ADMIN = { email: 'bench-admin@example.test', password: 'bench admin password, long enough' };
const INVESTIGATOR = { email: 'bench@example.test', password: 'bench investigator password' };

if (!Number.isInteger(LOADS) || LOADS < 1 || LOADS > 50 || !['both', 'pglite', 'postgres'].includes(ONLY)) {
  console.error('usage: npm run bench:web [cold loads per database, 1 to 50] [both|pglite|postgres]');
  process.exit(2);
}

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];
const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
process.once('exit', killAll);
// Bounded even if something hangs: the web build, two databases' start-up and seeding, the loads.
const deadline = setTimeout(
  () => {
    console.error('bench:web: over its time budget, stopping');
    killAll();
    process.exit(1);
  },
  (20 * 60 + 2 * LOADS * 60) * 1000,
);
deadline.unref();

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Spawns a service; resolves with the first match of `readyOn` in its output. */
function startProcess(
  name: string,
  args: string[],
  options: { cwd?: string; env: Record<string, string>; readyOn: RegExp; ipc?: boolean },
) {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const ready = new Promise<RegExpMatchArray>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 180 s:\n${output}`)), 180_000);
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      const m = options.readyOn.exec(output);
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
    if (options.ipc && child.connected) child.disconnect();
    else child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    children.delete(child);
  };
  return { child, ready, stop };
}

/**
 * The production web build, as `npm start` makes it (turbo, cached when nothing changed), copied
 * to a folder of its own that the web server runs from: another `next build` in this checkout
 * (a test starting the product) would otherwise replace the pages under a running measurement.
 * Waits while another build holds Next.js's lock. Returns the folder.
 */
function buildWeb(): string {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const build = spawnSync(
      join(root, 'node_modules/.bin/turbo'),
      ['run', 'build', '--filter=@loupe/web', '--output-logs=errors-only'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
    );
    const output = `${build.stdout}${build.stderr}`;
    if (build.status === 0) break;
    if (!/Another next build process is already running/.test(output) || attempt === 20) {
      throw new Error(`web build failed:\n${output}`);
    }
    console.log('another next build is running in this checkout; trying again in 20 s');
    spawnSync('sleep', ['20']);
  }
  const web = join(root, 'apps/web');
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-web-app-'));
  cpSync(join(web, '.next'), join(dir, '.next'), {
    recursive: true,
    filter: (src) => !src.startsWith(join(web, '.next', 'cache')),
  });
  for (const file of ['server.mjs', 'package.json', 'next.config.ts'])
    cpSync(join(web, file), join(dir, file));
  // Next.js, React and the server's other dependencies, from the checkout's installed packages.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  if (!existsSync(join(dir, '.next', 'BUILD_ID'))) throw new Error('the web build vanished while copied');
  console.log(`web build ready in ${secs(Date.now() - started)}`);
  return dir;
}

/** The requests the counting API finished since the last call (and statements outside any). */
function take(api: ChildProcess): Promise<{ requests: CountedRequest[]; outside: number }> {
  return new Promise((resolve) => {
    api.once('message', (m) => resolve(m as { requests: CountedRequest[]; outside: number }));
    api.send({ take: true });
  });
}

async function post(url: string, query: string, variables: object, cookie?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  return { body, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

interface Load {
  usableMs: number;
  lastThumbnailMs: number | null;
  thumbnails: number;
  thumbnailsShown: number;
  graphqlInBrowser: number;
  graphqlAtApi: number;
  graphqlStatements: number;
  thumbnailStatements: number;
  otherStatements: number;
  sessionRefreshes: number;
  /** Operation → statements, per GraphQL request, in the order they finished. */
  operations: [string, number][];
}

/** One cold load of the case page in a fresh context; what it took and cost. */
async function coldLoad(
  browser: Browser,
  api: ChildProcess,
  caseUrl: string,
  storageState: BrowserContextOptions['storageState'],
): Promise<Load> {
  const context = await browser.newContext({ storageState });
  try {
    const page = await context.newPage();
    let graphqlInBrowser = 0;
    // Every request the page has in flight, and when the last one started or ended: "settled"
    // is none in flight for a second (Playwright's networkidle can fire in a pause while the
    // page is still rendering, before the lazy thumbnails are asked for).
    let inFlight = 0;
    let lastActivity = Date.now();
    const ended = () => {
      inFlight -= 1;
      lastActivity = Date.now();
    };
    page.on('request', (r) => {
      inFlight += 1;
      lastActivity = Date.now();
      if (new URL(r.url()).pathname === '/graphql') graphqlInBrowser += 1;
    });
    page.on('requestfinished', ended);
    page.on('requestfailed', ended);
    await take(api); // forget whatever came before (the sign-in, an earlier load)
    await page.goto(caseUrl, { waitUntil: 'commit' });
    // Timed in the page, from navigation start, as soon as a frame shows the first page of rows.
    const usable = await page.waitForFunction(
      (rows) =>
        document.querySelectorAll('[data-testid="evidence-item"]').length >= rows && performance.now(),
      FIRST_PAGE,
      { polling: 'raf', timeout: 120_000 },
    );
    const usableMs = (await usable.jsonValue()) as number;
    for (const giveUp = Date.now() + 120_000; inFlight > 0 || Date.now() - lastActivity < 1000;) {
      if (Date.now() > giveUp) throw new Error(`the page never settled: ${inFlight} requests in flight`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    const thumbs = await page.evaluate(() => {
      // The list's thumbnail (or, before there was one, the original shown small).
      const thumb = /\/api\/media\/[^/]+\/(thumbnail|original)$/;
      const entries = performance
        .getEntriesByType('resource')
        .filter((e) => thumb.test(new URL(e.name).pathname)) as PerformanceResourceTiming[];
      const shown = [...document.querySelectorAll('img')].filter(
        (img) => img.src && thumb.test(new URL(img.src).pathname) && img.complete && img.naturalWidth > 0,
      ).length;
      return {
        count: entries.length,
        shown,
        lastMs: entries.length > 0 ? Math.max(...entries.map((e) => e.responseEnd)) : null,
      };
    });
    const rows = await page.locator('[data-testid="evidence-item"]').count();
    if (rows !== FIRST_PAGE) throw new Error(`expected ${FIRST_PAGE} evidence rows, saw ${rows}`);
    const { requests } = await take(api);
    const graphql = requests.filter((r) => r.route === '/graphql');
    const thumbnails = requests.filter((r) => /^\/api\/media\/:id\/(thumbnail|original)$/.test(r.route));
    const sum = (rs: CountedRequest[]) => rs.reduce((n, r) => n + r.statements, 0);
    return {
      usableMs,
      lastThumbnailMs: thumbs.lastMs,
      thumbnails: thumbs.count,
      thumbnailsShown: thumbs.shown,
      graphqlInBrowser,
      graphqlAtApi: graphql.length,
      graphqlStatements: sum(graphql),
      thumbnailStatements: sum(thumbnails),
      otherStatements: sum(requests) - sum(graphql) - sum(thumbnails),
      sessionRefreshes: requests.reduce((n, r) => n + r.sessionRefreshes, 0),
      operations: graphql.map((r) => [r.operation ?? '(unnamed)', r.statements]),
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const spread = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

/** Starts the API and web on `databaseUrl`, seeds the case, signs in and measures the loads. */
async function benchDatabase(db: string, databaseUrl: string, browser: Browser, webDir: string) {
  await migrate(databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-web-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const api = startProcess(
    `API on ${db}`,
    ['--import', 'tsx', join(root, 'apps/api/bench/counting-api.ts')],
    {
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        LOUPE_API_HOST: '127.0.0.1',
        LOUPE_API_PORT: String(apiPort),
        LOUPE_DATA_DIR: dataDir,
        LOUPE_ADMIN_EMAIL: ADMIN.email,
        LOUPE_ADMIN_PASSWORD: ADMIN.password,
        LOUPE_COOKIE_SECURE: 'false',
      },
      readyOn: /GraphQL API ready at (\S+)/,
      ipc: true,
    },
  );
  cleanups.push(api.stop);
  const web = startProcess('web', [join(webDir, 'server.mjs')], {
    cwd: webDir,
    env: {
      NODE_ENV: 'production',
      LOUPE_API_URL: `http://127.0.0.1:${apiPort}`,
      LOUPE_WEB_HOST: '127.0.0.1',
      LOUPE_WEB_PORT: String(webPort),
      LOUPE_COOKIE_SECURE: 'false',
    },
    readyOn: /loupe-web ready at/,
  });
  cleanups.push(web.stop);
  await Promise.all([api.ready, web.ready]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;

  // The investigator who leads the case; two more members gave every item a verdict.
  const login = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
  const admin = await post(apiUrl, login, { e: ADMIN.email, p: ADMIN.password });
  const created = await post(
    apiUrl,
    'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
    { i: { ...INVESTIGATOR, role: 'INVESTIGATOR' } },
    admin.cookie,
  );
  const userId = (created.body.data?.createUser as { id: string } | undefined)?.id;
  if (!userId) throw new Error(`could not create the investigator: ${JSON.stringify(created.body.errors)}`);

  const seedStarted = Date.now();
  const prisma = createPrismaClient({ url: databaseUrl, poolSize: 2 });
  let caseId: string;
  try {
    await seedCases(prisma, userId, 10);
    [caseId] = (await seedCases(prisma, userId, 1)) as [string];
    const others = await seedUsers(prisma, 2, 'bench');
    const fakes = await seedKnownFakes(prisma, userId, 2);
    await seedAnalysedMedia(prisma, {
      caseId,
      uploadedById: userId,
      count: ITEMS,
      verdictsBy: [userId, ...others],
      nearDuplicates: fakes.slice(0, 1),
      store: new EvidenceStore(dataDir),
    });
  } finally {
    await prisma.$disconnect();
  }
  const seedMs = Date.now() - seedStarted;

  // Sign in once through the web's own form; every load reuses the session cookie it set.
  const signIn = await browser.newContext();
  const page = await signIn.newPage();
  await page.goto(`${webUrl}/login`);
  await page.getByLabel('Email').fill(INVESTIGATOR.email);
  await page.getByLabel('Password').fill(INVESTIGATOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/cases$/);
  const storageState = await signIn.storageState();
  await signIn.close();

  const caseUrl = `${webUrl}/cases/${caseId}`;
  // One load first, reported apart: the first-ever open of the case, where the server and the API
  // warm up (JIT, connection pools) and thumbnails are made on demand.
  const first = await coldLoad(browser, api.child, caseUrl, storageState);
  const loads: Load[] = [];
  for (let i = 0; i < LOADS; i++) loads.push(await coldLoad(browser, api.child, caseUrl, storageState));
  await Promise.all([web.stop(), api.stop()]);
  return { db, seedMs, first, loads };
}

function print(result: Awaited<ReturnType<typeof benchDatabase>>) {
  const { db, seedMs, first, loads } = result;
  const pick = (f: (l: Load) => number | null) =>
    loads.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
  const last = loads[loads.length - 1]!;
  console.log(`\n${db}: ${ITEMS} analysed items seeded in ${secs(seedMs)}; ${loads.length} cold loads`);
  console.log(
    `  first-ever open (not counted below): usable ${first.usableMs.toFixed(0)} ms, last thumbnail ` +
      `${first.lastThumbnailMs?.toFixed(0) ?? '-'} ms, ${first.graphqlInBrowser} GraphQL requests, ` +
      `${first.graphqlStatements} + ${first.thumbnailStatements} SQL statements (GraphQL + thumbnails)`,
  );
  console.log(`  usable (first ${FIRST_PAGE} rows shown), ms      ${spread(pick((l) => l.usableMs))}`);
  console.log(`  last thumbnail received, ms              ${spread(pick((l) => l.lastThumbnailMs))}`);
  console.log(
    `  thumbnails requested / shown             ${spread(pick((l) => l.thumbnails))} / ${spread(pick((l) => l.thumbnailsShown))}`,
  );
  console.log(
    `  GraphQL requests (browser / at the API)  ${spread(pick((l) => l.graphqlInBrowser))} / ${spread(pick((l) => l.graphqlAtApi))}`,
  );
  console.log(`  SQL statements for those GraphQL requests ${spread(pick((l) => l.graphqlStatements))}`);
  console.log(
    `  SQL statements for the thumbnails        ${spread(pick((l) => l.thumbnailStatements))} (each an authorised, audited read)`,
  );
  console.log(`  SQL statements for anything else        ${spread(pick((l) => l.otherStatements))}`);
  console.log(`  of all those, session lastSeenAt refreshes ${spread(pick((l) => l.sessionRefreshes))}`);
  console.log(
    `  per GraphQL request (last load): ${last.operations.map(([op, n]) => `${op} ${n}`).join(', ')}`,
  );
}

try {
  console.log(
    `bench:web — ${ITEMS} analysed items in one case, ${LOADS} cold loads per database after one warm-up; ` +
      `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average at start ${load()}`,
  );
  console.log(
    'Items seeded as rows a finished analysis leaves (apps/api/test/seed.ts) with real 96×72 JPEG ' +
      'originals through packages/storage; not through upload + worker.',
  );
  const webDir = buildWeb();
  cleanups.push(() => rmSync(webDir, { recursive: true, force: true }));

  const browser = await launchBrowser();
  cleanups.push(() => browser.close());

  // (a) The embedded database, in its own process as `npm start` runs it.
  if (ONLY !== 'postgres') await benchEmbedded(browser, webDir);
  // (b) A real PostgreSQL 17 + pgvector (scripts/real-postgres.mjs), where this machine allows it.
  if (ONLY !== 'pglite') await benchRealPostgres(browser, webDir);
  console.log(`\nload average at the end ${load()}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  killAll();
}

async function benchEmbedded(browser: Browser, webDir: string) {
  const pgliteDir = mkdtempSync(join(tmpdir(), 'loupe-bench-web-pglite-'));
  cleanups.push(() => rmSync(pgliteDir, { recursive: true, force: true }));
  const pglite = startProcess(
    'embedded database',
    ['--import', 'tsx', join(root, 'packages/db/src/embedded/main.ts')],
    {
      env: {
        LOUPE_DB_HOST: '127.0.0.1',
        LOUPE_DB_PORT: String(await freePort()),
        LOUPE_DB_DIR: pgliteDir,
        LOUPE_DATA_DIR: pgliteDir,
      },
      readyOn: /ready at (postgres:\/\/\S+) .*password in (\S+)/,
    },
  );
  cleanups.push(pglite.stop);
  // The password is not in the log; the ready line names its file.
  const [, pgliteUrl, passwordFile] = await pglite.ready;
  const withPassword = new URL(pgliteUrl!);
  withPassword.password = readFileSync(passwordFile!, 'utf8').trim();
  print(await benchDatabase('PGlite', withPassword.toString(), browser, webDir));
  await pglite.stop();
}

async function benchRealPostgres(browser: Browser, webDir: string) {
  // @ts-expect-error: a plain .mjs script without types
  const realPg = (await import('../../../scripts/real-postgres.mjs')) as {
    realPostgresUnavailable(): string | null;
    startRealPostgres(o: { log: (m: string) => void }): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const unavailable = realPg.realPostgresUnavailable();
  if (unavailable) {
    console.log(`\nreal PostgreSQL: skipped, it ${unavailable}`);
  } else {
    const server = await realPg.startRealPostgres({ log: () => undefined });
    cleanups.push(server.stop);
    print(await benchDatabase('PostgreSQL 17', server.url, browser, webDir));
    await server.stop();
  }
}
