// The web server: Next.js behind a plain Node HTTP server, so that the client address the /graphql
// and /api/* proxies hand to the API comes from the TCP connection and not from a header the
// client wrote. Route handlers cannot see the socket, and `next start` passes a client-sent
// X-Forwarded-For through untouched (it only fills the header in when it is missing).
//
//   node server.mjs          production (after `next build`)
//   node server.mjs --dev    development, with hot reload
//
// Settings: LOUPE_WEB_HOST (default: every interface), LOUPE_WEB_PORT (or PORT; default 3000),
// LOUPE_WEB_TRUST_PROXY (default: empty): the reverse proxies in front of this server, in
// proxy-addr syntax (loopback, linklocal, uniquelocal, addresses, subnets). X-Forwarded-For is
// believed only as far as it was written by those proxies.
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import proxyAddr from 'proxy-addr';

const dev = process.argv.includes('--dev');

/** Reads and checks the settings once; exits listing every problem. */
function loadConfig(env) {
  const problems = [];
  const portText = env.LOUPE_WEB_PORT || env.PORT || '3000';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    problems.push(`LOUPE_WEB_PORT: "${portText}" is not a port number`);
  }
  const trusted = (env.LOUPE_WEB_TRUST_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let trust = proxyAddr.compile([]);
  try {
    trust = proxyAddr.compile(trusted);
  } catch (error) {
    problems.push(`LOUPE_WEB_TRUST_PROXY: ${error.message}`);
  }
  if (problems.length > 0) {
    console.error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  return { host: env.LOUPE_WEB_HOST || undefined, port, trusted, trust };
}

/**
 * Rewrites the forwarding headers before Next.js sees the request: X-Forwarded-For becomes the
 * one address the API should record — the connection's peer or, when the peer is a trusted
 * proxy, the client that proxy (and any trusted proxies before it) names — and X-Real-IP goes.
 */
function setClientAddress(req, trust) {
  req.headers['x-forwarded-for'] = proxyAddr(req, trust);
  delete req.headers['x-real-ip'];
}

const config = loadConfig(process.env);
// As `next start` / `next dev` do; Next.js picks its React build by NODE_ENV, so set it before
// loading Next.js.
process.env.NODE_ENV ||= dev ? 'development' : 'production';
const { default: next } = await import('next');

const server = createServer();
const app = next({
  dev,
  dir: dirname(fileURLToPath(import.meta.url)),
  hostname: config.host ?? 'localhost',
  port: config.port,
  // Next.js attaches its WebSocket (hot reload) handler here in development.
  httpServer: server,
});
await app.prepare();
const handle = app.getRequestHandler();

server.on('request', (req, res) => {
  setClientAddress(req, config.trust);
  handle(req, res).catch((error) => {
    console.error(`[loupe-web] failed to handle ${req.method} ${req.url}:`, error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.on('error', (error) => {
  console.error('[loupe-web] server error:', error);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  const address = server.address();
  const host = config.host ?? 'localhost';
  const port = typeof address === 'object' && address ? address.port : config.port;
  const proxies = config.trusted.length > 0 ? config.trusted.join(', ') : 'none';
  console.log(
    `loupe-web ready at http://${host.includes(':') ? `[${host}]` : host}:${port} ` +
      `(${dev ? 'development' : 'production'}; trusted proxies: ${proxies})`,
  );
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  // Stop accepting connections and let in-flight requests finish, then let Next.js clean up.
  server.close(() => {
    app.close().then(
      () => process.exit(0),
      (error) => {
        console.error('[loupe-web] shutdown:', error);
        process.exit(1);
      },
    );
  });
  server.closeIdleConnections();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
