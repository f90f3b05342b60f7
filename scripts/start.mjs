// `npm start`: brings up the whole product — embedded Postgres (unless DATABASE_URL is set),
// migrations, API, worker and web — with prefixed logs, and stops all of it on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' };
const apiPort = env.LOUPE_API_PORT ?? '4000';
const webPort = env.LOUPE_WEB_PORT ?? '3000';
const webHost = env.LOUPE_WEB_HOST ?? '127.0.0.1';
// Production by default: no stack traces or schema hints in answers, no introspection. Set
// NODE_ENV=development to develop. On a loopback-only web address the session cookie is not
// marked Secure (browsers on http://127.0.0.1 would drop it); anything wider needs TLS in front.
env.NODE_ENV ||= 'production';
if (env.LOUPE_COOKIE_SECURE === undefined && /^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(webHost)) {
  env.LOUPE_COOKIE_SECURE = 'false';
}
// `npm start` serves the web's production build (server.mjs without --dev), so its build and its
// server run as production whatever NODE_ENV the API and the worker get (the end-to-end tests run
// those as "test"). One NODE_ENV also keeps turbo's cache key for the build: it is built once.
const webEnv = { NODE_ENV: 'production' };
const colours = { db: 35, migrate: 90, api: 36, worker: 33, web: 32, loupe: 1 };
const children = new Map();
let shuttingDown = false;

function say(name, line) {
  const tag = `\x1b[${colours[name] ?? 0}m${name.padEnd(7)}|\x1b[0m`;
  process.stdout.write(`${tag} ${line}\n`);
}

/** Spawns a child whose output lines are prefixed; resolves `ready` when a line matches `readyOn`. */
function run(name, args, { cwd = root, readyOn, extraEnv = {} } = {}) {
  const child = spawn(args[0], args.slice(1), {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only us, and we stop services in order
    // (web, api and worker first, the database last).
    detached: true,
  });
  children.set(name, child);
  say('loupe', `${name} started (pid ${child.pid})`);
  let markReady;
  const ready = new Promise((resolve) => (markReady = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        say(name, line);
        const match = readyOn?.exec(line);
        if (match) markReady(match);
      }
    });
  }
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(name);
      resolve(code ?? (signal ? 128 : 1));
    }),
  );
  return { child, ready, exited };
}

async function stopAll(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('loupe', 'stopping…');
  const order = [['web', 'api', 'worker'], ['db']];
  for (const group of order) {
    await Promise.all(
      group.map(async (name) => {
        const child = children.get(name);
        if (!child) return;
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
        await gone;
        clearTimeout(timer);
      }),
    );
  }
  say('loupe', 'stopped');
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
// If we die abruptly, take the detached services with us.
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGTERM');
});
process.on('SIGTERM', () => void stopAll(0));

/** The database dying takes the product down with a non-zero status (everything depends on it). */
function supervise(name, exited) {
  void exited.then((code) => {
    if (shuttingDown) return;
    say('loupe', `${name} exited with status ${code}; stopping everything`);
    void stopAll(code || 1);
  });
}

const CRASH_WINDOW_MS = 120_000;
const MAX_CRASHES = 5;

/**
 * Keeps a stateless service (API, worker, web) running: when it dies on its own after it was
 * ready, it is started again after 1 s, doubling per recent crash up to 30 s, and the log says
 * so (a worker's unfinished job is retried by the queue). More than MAX_CRASHES crashes within CRASH_WINDOW_MS means something is wrong for good: stop everything.
 * Returns the first start (its `ready` says when the product is up).
 */
function keepAlive(name, start) {
  const crashes = [];
  const launch = () => {
    const service = start();
    let up = false;
    void service.ready.then(() => (up = true));
    void service.exited.then((code) => {
      if (shuttingDown) return;
      if (!up) {
        // Dying before it was ever ready is a start-up failure (configuration, port in use):
        // restarting would only repeat it.
        say('loupe', `${name} exited with status ${code} before it was ready; stopping everything`);
        void stopAll(code || 1);
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_CRASHES) {
        say(
          'loupe',
          `${name} exited with status ${code}, ${crashes.length} times in 2 minutes; stopping everything`,
        );
        void stopAll(code || 1);
        return;
      }
      const delay = Math.min(30_000, 1000 * 2 ** (crashes.length - 1));
      say(
        'loupe',
        `${name} exited with status ${code}; restarting it in ${delay / 1000} s (crash ${crashes.length} in 2 minutes)`,
      );
      setTimeout(() => {
        if (!shuttingDown) launch();
      }, delay);
    });
    return service;
  };
  return launch();
}

const tsx = (file) => [process.execPath, '--import', 'tsx', join(root, file)];

async function main() {
  const started = Date.now();
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  if (!existsSync(turbo)) {
    say('loupe', 'dependencies are not installed: run `npm ci` first');
    process.exit(1);
  }
  say('loupe', 'building the web app (cached after the first time)…');
  const build = spawnSync(turbo, ['run', 'build', '--filter=@loupe/web', '--output-logs=errors-only'], {
    cwd: root,
    env: { ...env, ...webEnv },
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    say('loupe', 'web build failed');
    process.exit(build.status ?? 1);
  }

  if (!env.DATABASE_URL) {
    // The database names its password file, not the password (which stays out of the log).
    const db = run('db', tsx('packages/db/src/embedded/main.ts'), {
      readyOn: /ready at (postgres:\/\/\S+) .*password in (\S+)/,
    });
    supervise('db', db.exited);
    const match = await Promise.race([db.ready, db.exited.then(() => null)]);
    if (!match) return stopAll(1);
    const url = new URL(match[1]);
    url.password = readFileSync(match[2], 'utf8').trim();
    env.DATABASE_URL = url.toString();
  } else {
    say('loupe', 'using the Postgres at DATABASE_URL');
  }

  const migrate = run('migrate', tsx('packages/db/src/cli.ts').concat('migrate'));
  if ((await migrate.exited) !== 0) return stopAll(1);

  const api = keepAlive('api', () =>
    run('api', tsx('apps/api/src/main.ts'), { readyOn: /GraphQL API ready at (\S+)/ }),
  );
  const worker = keepAlive('worker', () =>
    run('worker', tsx('apps/worker/src/main.ts'), { readyOn: /worker ready/ }),
  );
  // Next.js behind apps/web/server.mjs, which names the client by the connection's address.
  const web = keepAlive('web', () =>
    run('web', [process.execPath, join(root, 'apps', 'web', 'server.mjs')], {
      cwd: join(root, 'apps', 'web'),
      readyOn: /loupe-web ready at/,
      extraEnv: {
        LOUPE_API_URL: env.LOUPE_API_URL ?? `http://127.0.0.1:${apiPort}`,
        LOUPE_WEB_HOST: webHost,
        LOUPE_WEB_PORT: webPort,
        ...webEnv,
      },
    }),
  );

  const [apiMatch] = await Promise.all([api.ready, worker.ready, web.ready]);
  say(
    'loupe',
    `Loupe is up in ${((Date.now() - started) / 1000).toFixed(1)} s — open http://${webHost}:${webPort} ` +
      `(GraphQL: ${apiMatch[1]}). Ctrl-C stops everything.`,
  );
}

main().catch((error) => {
  say('loupe', String(error?.stack ?? error));
  void stopAll(1);
});
