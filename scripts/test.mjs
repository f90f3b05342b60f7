// `npm test`: every check CI runs — lint, format, types, generated-schema freshness, then unit,
// integration (real embedded Postgres + pgvector) and end-to-end (the started product in
// Chromium) tests. Installs the Debian packages the tests need (chromium, python3-pil,
// python3-numpy) first when they are missing.
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

/**
 * Debian packages the tests use: Chromium for the browser tests, and Pillow + numpy under the
 * system python for the preprocessing parity test against the reference implementation.
 */
function ensureDebianPackages() {
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
  step(`install Debian packages for tests (${missing.join(', ')})`, 'sh', [
    '-c',
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`,
  ]);
}

ensureDebianPackages();
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
