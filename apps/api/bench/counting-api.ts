// The API as apps/api/src/main.ts runs it (same config from the environment, same app), plus a
// count of the SQL statements each HTTP request sent, for `npm run bench:web`. Counting goes
// through Prisma's query events (createPrismaClient's onStatement, as the statement-count test
// uses), attributed to the request whose async context sent them; the product itself never
// turns those events on. Started by the bench with an IPC channel: a message { take: true } is
// answered with every request finished since the last one, then forgotten.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage } from 'node:http';
import { loadApiConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { startQueue } from '@loupe/queue';
import { createApp } from '../src/app.ts';
import { installSafetyNet } from '../src/http/safety-net.ts';
import type { CountedRequest } from './counted-request.ts';

interface Scope {
  req: IncomingMessage & { body?: { operationName?: unknown; query?: unknown } };
  statements: number;
  sessionRefreshes: number;
}

if (!process.send) {
  console.error('counting-api: start me with an IPC channel (npm run bench:web does)');
  process.exit(2);
}

installSafetyNet();
const scopes = new AsyncLocalStorage<Scope>();
let outside = 0;
const config = loadApiConfig();
const prisma = createPrismaClient({
  url: config.database.url,
  poolSize: config.database.poolSize,
  onStatement: ({ sql }) => {
    const scope = scopes.getStore();
    if (!scope) return void (outside += 1);
    scope.statements += 1;
    if (/^UPDATE "public"\."sessions"/.test(sql)) scope.sessionRefreshes += 1;
  },
});
const queue = await startQueue({ url: config.database.url, role: 'sender' }, (e) =>
  console.error('queue error:', e),
);
const app = await createApp(config, { prisma, queue });
await app.services.users.bootstrapAdmin(config.admin);

let finished: CountedRequest[] = [];
// Our own server around the app's request handler, so every request runs in its own scope.
const server = createServer((req, res) => {
  const scope: Scope = { req, statements: 0, sessionRefreshes: 0 };
  // Read now: Express rewrites req.url inside a mounted router (`/graphql` becomes `/`).
  const route = (req.url ?? '').split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
  res.once('finish', () => {
    // The web sends no operationName; its documents are named (`query CaseMedia(…)`).
    const { operationName, query } = scope.req.body ?? {};
    const named = typeof query === 'string' ? /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] : undefined;
    finished.push({
      route,
      operation: typeof operationName === 'string' ? operationName : (named ?? null),
      statements: scope.statements,
      sessionRefreshes: scope.sessionRefreshes,
    });
  });
  scopes.run(scope, () => app.express(req, res));
});
server.listen(config.port, config.host, () => {
  console.log(`GraphQL API ready at http://${config.host}:${config.port}/graphql`);
});

process.on('message', (message: { take?: boolean }) => {
  if (!message.take) return;
  process.send!({ requests: finished, outside });
  finished = [];
  outside = 0;
});
process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
  void Promise.allSettled([app.stop(), queue.stop({ graceful: false }), prisma.$disconnect()]).then(() =>
    process.exit(0),
  );
});
