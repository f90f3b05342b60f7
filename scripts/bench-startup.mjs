// `npm run bench:startup`: time from `npm start` to the first GraphQL answer, and the idle memory
// of the whole started product (sum of RSS over the supervisor and every service), for a first
// start on an empty data directory and for restarts. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const idleSeconds = 10;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Every descendant of pid (Linux /proc), with pid itself. */
function tree(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked; it has no memory to count
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++)
    for (const [child, parent] of parents) if (parent === out[i]) out.push(child);
  return out;
}

function rssMiB(pids) {
  let kib = 0;
  const per = {};
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const name =
        cmd
          .find((a) => /main\.ts|start\.mjs|server\.mjs|next|cli\.ts/.test(a))
          ?.split('/')
          .slice(-3)
          .join('/') ?? cmd[0];
      per[name] = (per[name] ?? 0) + rss / 1024;
      kib += rss;
    } catch {
      // exited meanwhile
    }
  }
  return { total: kib / 1024, per };
}

async function once(dataDir) {
  const [db, api, web] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    LOUPE_DATA_DIR: dataDir,
    LOUPE_DB_PORT: String(db),
    LOUPE_API_PORT: String(api),
    LOUPE_WEB_PORT: String(web),
    LOUPE_ADMIN_PASSWORD: 'bench-admin-password',
  };
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  let firstAnswer = null;
  while (firstAnswer === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${api}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      if (res.ok) firstAnswer = performance.now() - started;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (child.exitCode !== null) throw new Error('npm start exited early');
  }
  let webReady = null;
  while (webReady === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${web}/login`)).ok) webReady = performance.now() - started;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const memory = rssMiB(tree(child.pid));
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGINT');
  });
  return { firstAnswer, webReady, memory };
}

const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-'));
try {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await once(dataDir);
    results.push(r);
    console.log(
      `${i === 0 ? 'first start (empty data dir)' : `restart ${i}`.padEnd(28)}: first GraphQL answer ${(r.firstAnswer / 1000).toFixed(1)} s, ` +
        `web ready ${(r.webReady / 1000).toFixed(1)} s, idle RSS after ${idleSeconds} s ${r.memory.total.toFixed(0)} MiB`,
    );
    for (const [name, mib] of Object.entries(r.memory.per)) console.log(`    ${name}: ${mib.toFixed(0)} MiB`);
  }
  const restarts = results.slice(1).map((r) => r.firstAnswer / 1000);
  if (restarts.length > 0) {
    console.log(
      `restarts: first GraphQL answer min ${Math.min(...restarts).toFixed(1)} s, max ${Math.max(...restarts).toFixed(1)} s (n=${restarts.length}); ` +
        'includes the cached web build check (turbo) and migrations.',
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
