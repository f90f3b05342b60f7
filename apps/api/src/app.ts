import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import type { PgBoss } from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import type { Context } from './context.ts';
import { createFormatError } from './errors.ts';
import { deniedAuditPlugin } from './graphql/denied-audit.ts';
import { queryLimitRules } from './graphql/limits.ts';
import { authenticate } from './http/auth.ts';
import { createLoaders } from './loaders.ts';
import { fileHandler } from './http/files.ts';
import { requestScope } from './http/safety-net.ts';
import { similarQueryHandler } from './http/similar.ts';
import { trustProxy } from './http/trust-proxy.ts';
import { uploadHandler } from './http/upload.ts';
import { buildSchema } from './schema/index.ts';
import { PAGE_MAX } from './services/cases.ts';
import { createServices, type Services } from './services/index.ts';
import { MAX_K } from './services/similarity.ts';

/** List-sizing arguments and the largest value the services accept, for the query cost limit. */
const LIST_ARGUMENTS = { first: PAGE_MAX, k: MAX_K } as const;

export interface AppDeps {
  prisma: PrismaClient;
  /** pg-boss started as a sender; analyses are enqueued on it. */
  queue: PgBoss;
  log?: Pick<Console, 'info' | 'warn' | 'error'>;
}

export interface App {
  express: express.Express;
  services: Services;
  /** Starts listening; port 0 picks a free one. Resolves with the bound address. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/** Builds the API (GraphQL + HTTP routes) without listening, so tests can start it on port 0. */
export async function createApp(config: ApiConfig, deps: AppDeps): Promise<App> {
  const log = deps.log ?? console;
  const production = config.env === 'production';
  const store = new EvidenceStore(config.dataDir);
  const services = createServices({ prisma: deps.prisma, config, store, queue: () => deps.queue });

  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    introspection: config.graphql.introspection,
    validationRules: queryLimitRules(config.graphql, LIST_ARGUMENTS),
    // Bounds parse and validation time whatever the body: graphql-js's own rules (overlapping
    // fields) grow quadratically with the document, ~0.4 s at 8,000 tokens here; 2,000 by default.
    parseOptions: { maxTokens: config.graphql.maxTokens },
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError: createFormatError({ production, log: (e) => log.error('unexpected error:', e) }),
    plugins: [deniedAuditPlugin(log), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // The web server proxies to us (from loopback by default) and names the client in
  // X-Forwarded-For; believe that one hop only, for the address rate limits and the audit trail record.
  app.set('trust proxy', trustProxy(config.trustProxy));

  // Every request gets an id (the client's, if it sent a sane one) that logs and audit events carry.
  app.use((req, res, next) => {
    const sent = String(req.headers['x-request-id'] ?? '');
    res.setHeader('x-request-id', /^[\w.:-]{1,100}$/.test(sent) ? sent : randomUUID());
    next();
  });
  // From here on, an error escaping a request's callbacks is answered 500 for that request
  // (see http/safety-net.ts; the process-wide handlers are installed by main.ts).
  app.use(requestScope);

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.prisma.$queryRaw`SELECT 1`;
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, error: 'database unavailable' });
    }
  });

  const cookieBase = () => `Path=/; HttpOnly; SameSite=Lax${config.session.cookieSecure ? '; Secure' : ''}`;

  const context = async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    const { viewer } = await authenticate(req, config, services);
    const requestId = String(res.getHeader('x-request-id'));
    return {
      config,
      prisma: deps.prisma,
      services,
      viewer,
      loaders: createLoaders(deps.prisma, viewer),
      requestId,
      clientAddress: req.ip,
      userAgent: req.headers['user-agent'],
      setSessionCookie(value, expiresAt) {
        res.append(
          'Set-Cookie',
          `${config.session.cookieName}=${encodeURIComponent(value)}; ${cookieBase()}; Expires=${expiresAt.toUTCString()}`,
        );
      },
      clearSessionCookie() {
        res.append('Set-Cookie', `${config.session.cookieName}=; ${cookieBase()}; Max-Age=0`);
      },
    };
  };

  app.use('/graphql', express.json({ limit: '256kb' }), expressMiddleware(apollo, { context }));
  app.post('/api/cases/:caseId/media', uploadHandler(config, services, store));
  app.post('/api/similar', similarQueryHandler(config, services, store));
  app.get(
    '/api/media/:id/original',
    fileHandler(config, services, (req) => ({ kind: 'original', mediaId: String(req.params.id) })),
  );
  app.get(
    '/api/known-fakes/:id/original',
    fileHandler(config, services, (req) => ({ kind: 'knownFake', knownFakeId: String(req.params.id) })),
  );
  app.get(
    '/api/media/:id/thumbnail',
    fileHandler(config, services, (req) => ({ kind: 'media-thumbnail', mediaId: String(req.params.id) })),
  );
  app.get(
    '/api/heatmaps/:id/map',
    fileHandler(config, services, (req) => ({ kind: 'heatmap', heatmapId: String(req.params.id) })),
  );
  app.get(
    '/api/heatmaps/:id/overlay',
    fileHandler(config, services, (req) => ({ kind: 'overlay', heatmapId: String(req.params.id) })),
  );
  app.get(
    '/api/frames/:id/thumbnail',
    fileHandler(config, services, (req) => ({ kind: 'thumbnail', frameId: String(req.params.id) })),
  );
  app.get(
    '/api/reports/:id/pdf',
    fileHandler(config, services, (req) => ({
      kind: 'report',
      reportId: String(req.params.id),
      format: 'pdf',
    })),
  );
  app.get(
    '/api/reports/:id/json',
    fileHandler(config, services, (req) => ({
      kind: 'report',
      reportId: String(req.params.id),
      format: 'json',
    })),
  );

  // Malformed JSON and oversized bodies get a clear 400/413 instead of an HTML stack page; anything
  // else is logged and masked. GraphQL clients also get the error in GraphQL's own shape.
  app.use(
    (
      error: Error & { status?: number; type?: string },
      req: Request,
      res: Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) return next(error);
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      if (status === 500) log.error('unexpected HTTP error:', error);
      const code =
        status === 500 ? 'INTERNAL_SERVER_ERROR' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      const message = status === 500 ? 'Internal server error' : error.message;
      const graphql = req.path.startsWith('/graphql') ? { errors: [{ message, extensions: { code } }] } : {};
      // The status is the body parser's own (400, 413, 415…), so not sendError's mapping.
      res.status(status).json({ ...graphql, error: { code, message } });
    },
  );

  let server: Server | undefined;
  return {
    express: app,
    services,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        const s = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          const address = s.address();
          if (address === null || typeof address === 'string') return reject(new Error('no address'));
          resolve({ url: `http://${host}:${address.port}`, port: address.port });
        });
        server = s;
      });
    },
    async stop() {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections();
      }
      await apollo.stop();
    },
  };
}
