// A real PostgreSQL 17 + pgvector for the tests, as docker-compose runs in production (see
// POSTGRES.md in the design notes): Debian bookworm has no pgvector and trixie's packages need a
// newer glibc, so they run in a trixie root made once with debootstrap and cached outside the
// repository. Every run gets a fresh throwaway cluster on a free loopback port, removed on exit.
//
//   node scripts/real-postgres.mjs                 start, print DATABASE_URL, stop on Ctrl-C
//   node scripts/real-postgres.mjs -- <command…>   run <command> with LOUPE_TEST_DATABASE_URL set
//   node scripts/real-postgres.mjs --prepare       only build (or find) the cached root
//
// Needs root (debootstrap, chroot). Every child is spawned with an argument array, never a shell.
import { spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the trixie root is cached between runs (and between checkouts). */
export const DEFAULT_ROOT = '/var/cache/loupe/pg17-trixie';
const MIRROR = 'http://deb.debian.org/debian';
const PACKAGES = ['postgresql-17', 'postgresql-17-pgvector'];
const BIN = '/usr/lib/postgresql/17/bin';
const READY_MARK = '.loupe-ready';
const RUN_PREFIX = 'loupe-pg-';

const isRoot = () => process.getuid?.() === 0;

/**
 * Why the real server cannot run here, or null when it can. Only root can debootstrap and chroot.
 */
export function realPostgresUnavailable() {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (!isRoot()) return 'needs root (debootstrap and chroot); run the tests as root, as CI does';
  return null;
}

function run(command, args, { quiet = false } = {}) {
  const r = spawnSync(command, args, {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    const output = quiet ? `\n${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd() : '';
    throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error})${output}`);
  }
  return r.stdout ?? '';
}

function ensureDebootstrap(log) {
  if (existsSync('/usr/sbin/debootstrap')) return;
  log('installing debootstrap with apt-get');
  run('apt-get', ['update', '-qq'], { quiet: true });
  run('apt-get', ['install', '-y', '-qq', 'debootstrap'], { quiet: true });
}

/**
 * The cached trixie root with PostgreSQL 17 and pgvector, built with debootstrap the first time
 * (about two minutes, ~700 MB). Built under a temporary name and renamed when complete, so an
 * interrupted build is never mistaken for a good one.
 */
export function ensureRoot({ root = DEFAULT_ROOT, log = console.log } = {}) {
  root = resolve(root);
  if (existsSync(join(root, READY_MARK))) {
    log(`real PostgreSQL: reusing the cached trixie root ${root}`);
    return root;
  }
  const unavailable = realPostgresUnavailable();
  if (unavailable) throw new Error(`a real PostgreSQL ${unavailable}`);
  ensureDebootstrap(log);
  const parent = resolve(root, '..');
  mkdirSync(parent, { recursive: true });
  const base = root.slice(parent.length + 1);
  // Leftovers of interrupted builds.
  for (const name of readdirSync(parent)) {
    if (name.startsWith(`${base}.partial-`) && !processAlive(Number(name.split('-').pop()))) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  const partial = `${root}.partial-${process.pid}`;
  const started = Date.now();
  log(`real PostgreSQL: building a trixie root with ${PACKAGES.join(', ')} in ${root} (once; ~2 min)`);
  try {
    run(
      'debootstrap',
      [
        '--variant=minbase',
        `--include=${PACKAGES.join(',')}`,
        'trixie',
        partial,
        process.env.LOUPE_DEBIAN_MIRROR ?? MIRROR,
      ],
      { quiet: true },
    ); // its ~400 lines of progress are printed only if it fails
    for (const bin of ['initdb', 'postgres', 'pg_isready']) {
      if (!existsSync(join(partial, BIN, bin))) throw new Error(`${BIN}/${bin} missing after debootstrap`);
    }
    writeFileSync(join(partial, READY_MARK), `${new Date().toISOString()} ${PACKAGES.join(' ')}\n`);
    if (existsSync(join(root, READY_MARK))) {
      // Another run finished first; use theirs.
      rmSync(partial, { recursive: true, force: true });
    } else {
      rmSync(root, { recursive: true, force: true });
      renameSync(partial, root);
    }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  log(`real PostgreSQL: trixie root ready (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return root;
}

function processAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Clusters left by runs that died without cleaning up (kill -9, power loss). */
function removeStaleClusters(root) {
  const tmp = join(root, 'tmp');
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const dir = join(tmp, name);
    const owner = Number(readFileSafe(join(dir, 'owner.pid')));
    if (processAlive(owner)) continue;
    const postmaster = Number(readFileSafe(join(dir, 'data', 'postmaster.pid')).split('\n')[0]);
    const cmdline = processAlive(postmaster) ? readFileSafe(`/proc/${postmaster}/cmdline`) : '';
    if (cmdline.includes(`/tmp/${name}/data`)) process.kill(postmaster, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  }
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // Missing is the normal case for a cluster that never started.
    return '';
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The postgres user's uid and gid inside the root. */
function postgresUser(root) {
  const line = readFileSync(join(root, 'etc', 'passwd'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error(`no postgres user in ${root}/etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a fresh PostgreSQL 17 + pgvector cluster in the cached root on a free loopback port.
 * Returns its superuser URL (database `postgres`) and an idempotent stop() that shuts it down and
 * removes the cluster; a process-exit hook does the same if the caller never gets to stop().
 */
export async function startRealPostgres({ root = DEFAULT_ROOT, log = console.log } = {}) {
  root = ensureRoot({ root, log });
  removeStaleClusters(root);
  const dir = mkdtempSync(join(root, 'tmp', RUN_PREFIX));
  const inRoot = `/tmp/${dir.slice(join(root, 'tmp').length + 1)}`;
  writeFileSync(join(dir, 'owner.pid'), `${process.pid}\n`);
  const { uid, gid } = postgresUser(root);
  chownSync(dir, uid, gid);
  const asPostgres = (bin, args, options) =>
    run('chroot', [`--userspec=${uid}:${gid}`, root, `${BIN}/${bin}`, ...args], options);

  let child;
  let stopped;
  const removeNow = () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', removeNow);
  const stop = () =>
    (stopped ??= (async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT'); // fast shutdown: a throwaway cluster needs no checkpoint niceties
        if ((await Promise.race([exited.then(() => true), sleep(15_000)])) !== true) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
      process.removeListener('exit', removeNow);
    })());

  try {
    asPostgres(
      'initdb',
      [
        '-D',
        `${inRoot}/data`,
        '-A',
        'trust',
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
      ],
      { quiet: true },
    );
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      child = spawn(
        'chroot',
        [
          `--userspec=${uid}:${gid}`,
          root,
          `${BIN}/postgres`,
          ...['-D', `${inRoot}/data`, '-p', String(port), '-k', inRoot],
          ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
          // Throwaway data: durability off, so the tests measure concurrency, not the disk.
          ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
      for (let i = 0; i < 300 && child.exitCode === null; i++) {
        const ready = spawnSync(
          'chroot',
          [root, `${BIN}/pg_isready`, '-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'],
          { stdio: 'ignore' },
        );
        if (ready.status === 0) {
          const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
          log(`real PostgreSQL 17 + pgvector ready: ${url}`);
          return { url, port, stop };
        }
        await sleep(100);
      }
      if (child.exitCode === null) child.kill('SIGKILL');
      // Someone took the port between our probe and the server's bind: try another.
      if (attempt < 3 && /could not (bind|create listen socket)/i.test(stderr)) continue;
      throw new Error(`PostgreSQL did not start:\n${stderr}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main() {
  const args = process.argv.slice(2);
  const sep = args.indexOf('--');
  const command = sep === -1 ? [] : args.slice(sep + 1);
  const unavailable = realPostgresUnavailable();
  if (unavailable) {
    console.error(`real PostgreSQL ${unavailable}`);
    process.exit(1);
  }
  if (args[0] === '--prepare') {
    ensureRoot();
    return;
  }
  const pg = await startRealPostgres();
  const finish = async (code) => {
    await pg.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void finish(130));
  process.on('SIGTERM', () => void finish(143));
  if (command.length === 0) {
    console.log(`DATABASE_URL=${pg.url}`);
    console.log('(Ctrl-C stops it and removes the cluster)');
    return;
  }
  const [bin, ...rest] = command;
  const child = spawn(bin, rest, {
    stdio: 'inherit',
    env: { ...process.env, LOUPE_TEST_DATABASE_URL: pg.url },
  });
  child.on('exit', (code, signal) => void finish(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
