// `npm test`: every check CI runs — lint, format, types, generated-schema freshness, then unit,
// integration (real embedded Postgres + pgvector) and end-to-end (the started product in
// Chromium) tests. Installs Debian's chromium first when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' };
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, command, args, options = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (status ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function ensureChromium() {
  const path = env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `Chromium is needed for the browser tests: run \`sudo apt-get install -y chromium\` (or set LOUPE_CHROMIUM).`,
    );
    process.exit(1);
  }
  step('install Debian chromium for browser tests', 'sh', [
    '-c',
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
  ]);
}

ensureChromium();
step('lint', bin('eslint'), ['.', '--max-warnings', '0']);
step('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
step('generate GraphQL schema', process.execPath, ['--import', 'tsx', 'apps/api/src/schema/generate.ts']);
if (existsSync(join(root, '.git'))) {
  step('committed schema.graphql and typegen are current', 'git', [
    'diff',
    '--exit-code',
    '--',
    'apps/api/schema.graphql',
    'apps/api/src/schema/nexus-typegen.ts',
  ]);
}
step('typecheck', bin('turbo'), ['run', 'typecheck', '--output-logs=errors-only']);

const report = join(root, 'test-results', 'vitest.json');
const tests = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, env, stdio: 'inherit' },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(
    `\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
}
process.exit(tests.status ?? 1);
