// `npm test`: every check CI runs — lint, format, types, generated-schema freshness, then unit,
// integration (embedded PGlite + pgvector) and end-to-end (the started product in Chromium)
// tests, and the integration tests again on a real PostgreSQL 17 + pgvector
// (scripts/real-postgres.mjs; needs root, as in CI). Installs the Debian packages the tests need
// (chromium, python3-pil, python3-numpy, and the cached PostgreSQL root) first when missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { realPostgresUnavailable, startRealPostgres } from './real-postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' };
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Resolves to a child's exit status: 1 when it could not start or a signal ended it. */
const ended = (child) =>
  new Promise((done) => {
    child.on('error', () => done(1));
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });

/**
 * Runs one check with its output on the terminal; exits on a failure. Asynchronous, so the
 * background preparation below keeps its output drained and its end timed while checks run.
 */
async function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const code = await ended(spawn(command, args, { cwd: root, env, stdio: 'inherit' }));
  if (code !== 0) {
    console.error(`✖ ${title} failed (status ${code})`);
    process.exit(code);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Debian packages the tests use: Chromium for the browser tests, and Pillow + numpy under the
 * system python for the preprocessing parity test against the reference implementation.
 */
async function ensureDebianPackages() {
  const missing = [];
  if (!existsSync(env.LOUPE_CHROMIUM ?? '/usr/bin/chromium')) missing.push('chromium');
  const python = spawnSync('/usr/bin/python3', ['-c', 'import PIL, numpy'], { stdio: 'ignore' });
  if (python.status !== 0) missing.push('python3-pil', 'python3-numpy');
  // The metric parity test (packages/eval) compares with scikit-learn.
  const sklearn = spawnSync('/usr/bin/python3', ['-c', 'import sklearn'], { stdio: 'ignore' });
  if (sklearn.status !== 0) missing.push('python3-sklearn');
  // The report tests render PDFs to PNG pages with pdftoppm.
  if (!existsSync('/usr/bin/pdftoppm')) missing.push('poppler-utils');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages: run \`sudo apt-get install -y ${missing.join(' ')}\`.`);
    process.exit(1);
  }
  await step(`install Debian packages for tests (${missing.join(', ')})`, 'sh', [
    '-c',
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`,
  ]);
}

/**
 * Starts `command` with its output kept; resolves (never rejects) once it ends, to how it ended.
 * For slow work that waits mostly on the network and the disk, run beside the first checks.
 */
async function background(command, args) {
  const started = Date.now();
  let output = '';
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.on('error', (e) => (output += e.message));
  const code = await ended(child);
  return {
    ok: code === 0,
    output: code === 0 ? output : `${output}\nexit ${code}`,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Runs [title, command, args] checks at once; prints each one's output when it ends; exits on a failure. */
async function steps(list) {
  console.log(`\n▶ ${list.map(([title]) => title).join(', ')} (at once)`);
  const results = await Promise.all(
    list.map(async ([title, command, args]) => {
      const r = await background(command, args);
      if (r.output.trim()) console.log(`── ${title}:\n${r.output.trimEnd()}`);
      console.log(`${r.ok ? '✔' : '✖'} ${title} (${r.seconds.toFixed(1)} s)`);
      return r.ok;
    }),
  );
  if (results.includes(false)) process.exit(1);
}

await ensureDebianPackages();

const reports = join(root, 'test-results');
const userArgs = process.argv.slice(2);
const { projects, rest } = splitArgs(userArgs);
const selected = (project) => projects.length === 0 || projects.includes(project);
const integrationSkipped = !selected('integration');
const unavailable = integrationSkipped
  ? `the integration project was not selected (${projects.join(', ')})`
  : realPostgresUnavailable();
// The PostgreSQL 17 + pgvector root for the real-server tests (built with debootstrap the first
// time, ~75–130 s mostly waiting on the mirror and the disk; then cached) is made beside the
// checks and the PGlite tests, and awaited just before the real-server tier.
const preparing = unavailable
  ? null
  : background(process.execPath, [join(root, 'scripts', 'real-postgres.mjs'), '--prepare']);

await step('generate GraphQL schema', process.execPath, [
  '--import',
  'tsx',
  'apps/api/src/schema/generate.ts',
]);
if (existsSync(join(root, '.git'))) {
  await step('committed schema.graphql and typegen are current', 'git', [
    'diff',
    '--exit-code',
    '--',
    'apps/api/schema.graphql',
    'apps/api/src/schema/nexus-typegen.ts',
  ]);
}
// The web's operation and fragment types (apps/web/lib/gql), from that SDL and the web's graphql() documents.
await step('generate web GraphQL types', 'npm', ['run', '--silent', 'generate:web-types']);
if (existsSync(join(root, '.git'))) {
  await step('committed web GraphQL types are current', 'git', [
    'diff',
    '--exit-code',
    '--',
    'apps/web/lib/gql',
  ]);
}
// ESLint, Prettier and the two type checks are single-threaded: they run at once, each printed
// whole when it ends. The type check is one program for the API, the worker and every package
// (tsconfig.typecheck.json), so each shared source is checked once rather than again by every
// package that imports it; the web on its own (DOM and JSX).
await steps([
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.typecheck.json']],
  ['typecheck the web', bin('tsc'), ['--noEmit', '-p', 'apps/web']],
]);

// The tests run twice: every tier on the embedded PGlite, and the integration tier again on a
// real PostgreSQL 17 + pgvector (what docker-compose runs in production), where transactions
// really interleave. The summary counts both. The order is set by the 2 cores. The integration
// tier on PGlite runs first, alone: it keeps both cores busy. The browser tests (output prefixed
// "[e2e]") wait on Chromium and the started product and use about 1.2 cores (alone: 765 CPU-s in
// 658 s), so beside them run the real-server tier (prefixed "[pg17]") and then the unit tier
// (prefixed "[unit]"), filling the rest. Measured: starting the browser tests beside the PGlite
// tiers instead made both slower (1,000 s and 1,064 s) and the whole run no shorter.
/**
 * Runs vitest with a JSON report; resolves to its exit status. With `prefix` its output is piped
 * and every line prefixed, so two runs at once stay readable.
 */
function vitest(args, report, runEnv, prefix) {
  rmSync(report, { force: true });
  const child = spawn(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { cwd: root, env: runEnv, stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' },
  );
  if (prefix) {
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      createInterface({ input: from }).on('line', (line) => to.write(`${prefix} ${line}\n`));
    }
  }
  return ended(child);
}

/** The caller's --project choices and the rest of their arguments (file filters, options). */
function splitArgs(args) {
  const projects = [];
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--project') projects.push(args[++i]);
    else if (a.startsWith('--project=')) projects.push(a.slice('--project='.length));
    else rest.push(a);
  }
  return { projects, rest };
}

const filtered = rest.length > 0;
// A file filter may match nothing in one of the runs: that is not a failure of that run.
const runArgs = (names) => [
  ...names.flatMap((name) => ['--project', name]),
  ...(filtered ? ['--passWithNoTests'] : []),
  ...rest,
];

/** The integration tier on a fresh real PostgreSQL 17 + pgvector; resolves to its exit status. */
async function realPostgresTier() {
  console.log('\n▶ integration tests on a real PostgreSQL 17 + pgvector (output prefixed [pg17])');
  const started = Date.now();
  let server;
  const interrupted = async (signal) => {
    await server?.stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const prepared = await preparing;
    console.log(
      `${prepared.ok ? '✔' : '✖'} PostgreSQL 17 + pgvector root, made beside the checks (${prepared.seconds.toFixed(1)} s)`,
    );
    if (!prepared.ok) throw new Error(`preparing the root failed:\n${prepared.output}`);
    server = await startRealPostgres();
    runs.push(realRun);
    return await vitest(
      ['--project', 'integration', '--passWithNoTests', ...rest],
      realRun.report,
      { ...env, LOUPE_TEST_DATABASE_URL: server.url },
      '[pg17]',
    );
  } catch (error) {
    console.error(`✖ real PostgreSQL: ${error instanceof Error ? error.message : error}`);
    return 1;
  } finally {
    await server?.stop();
    console.log(`real PostgreSQL tier: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

const runs = [];
let status = 0;
const realRun = { name: 'real PostgreSQL (integration)', report: join(reports, 'vitest-postgres.json') };

if (selected('integration')) {
  const run = { name: 'PGlite (integration)', report: join(reports, 'vitest.json') };
  runs.push(run);
  status ||= await vitest(runArgs(['integration']), run.report, env);
}

/** The real-server tier, or why it did not run (a failure under CI=true); its exit status. */
async function realPostgresOrWhyNot() {
  if (!unavailable) return realPostgresTier();
  // Never silent: a developer without root sees it; CI (which runs as root) fails on it.
  const line = `real PostgreSQL tier NOT RUN: ${unavailable}`;
  if (env.CI === 'true' && !integrationSkipped) {
    console.error(`\n✖ ${line}`);
    return 1;
  }
  console.log(`\n⚠ ${line}`);
  return 0;
}

const concurrent = [];
if (selected('e2e')) {
  const e2eRun = { name: 'PGlite (e2e)', report: join(reports, 'vitest-e2e.json') };
  runs.push(e2eRun);
  console.log('\n▶ end-to-end tests in Chromium (output prefixed [e2e])');
  concurrent.push(vitest(runArgs(['e2e']), e2eRun.report, env, '[e2e]'));
}
concurrent.push(
  (async () => {
    const real = await realPostgresOrWhyNot();
    if (!selected('unit')) return real;
    const unitRun = { name: 'PGlite (unit)', report: join(reports, 'vitest-unit.json') };
    runs.push(unitRun);
    console.log('\n▶ unit tests (output prefixed [unit])');
    return (await vitest(runArgs(['unit']), unitRun.report, env, '[unit]')) || real;
  })(),
);
for (const code of await Promise.all(concurrent)) status ||= code;

// Same text as REAL_POSTGRES_ONLY in packages/db/src/testing.ts.
const REAL_POSTGRES_ONLY = '[real PostgreSQL only]';
const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const run of runs) {
  if (!existsSync(run.report)) {
    lines.push(`${run.name}: no report (vitest did not finish)`);
    status ||= 1;
    continue;
  }
  const r = JSON.parse(readFileSync(run.report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += skipped;
  lines.push(`${run.name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (run === realRun && !filtered) {
    // The races these catch cannot happen on PGlite: on the real server they must run and pass.
    const realOnly = r.testResults
      .flatMap((file) => file.assertionResults)
      .filter((t) => t.fullName.includes(REAL_POSTGRES_ONLY));
    const notPassed = realOnly.filter((t) => t.status !== 'passed');
    if (realOnly.length === 0 || notPassed.length > 0) {
      lines.push(`✖ real-server-only tests did not all run and pass (${realOnly.length} found)`);
      status ||= 1;
    }
  }
}
if (lines.length > 0) console.log(`\n${lines.join('\n')}`);
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(status);
