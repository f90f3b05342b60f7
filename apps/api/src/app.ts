import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import type { Context } from './context.ts';
import { createFormatError } from './errors.ts';
import { queryLimitRules } from './graphql/limits.ts';
import { buildSchema } from './schema/index.ts';
import { createServices, type Services } from './services/index.ts';

export interface AppDeps {
  prisma: PrismaClient;
  log?: Pick<Console, 'info' | 'warn' | 'error'>;
}

export interface App {
  express: express.Express;
  services: Services;
  /** Starts listening; port 0 picks a free one. Resolves with the bound address. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** Builds the API (GraphQL + HTTP routes) without listening, so tests can start it on port 0. */
export async function createApp(config: ApiConfig, deps: AppDeps): Promise<App> {
  const log = deps.log ?? console;
  const production = config.env === 'production';
  const services = createServices(deps.prisma, config);

  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    introspection: config.graphql.introspection,
    validationRules: queryLimitRules(config.graphql),
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError: createFormatError({ production, log: (e) => log.error('unexpected error:', e) }),
    plugins: production ? [ApolloServerPluginLandingPageDisabled()] : [],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // The web app proxies to us (from loopback by default); trust its X-Forwarded-For for the
  // client address that rate limits and the audit trail record.
  app.set('trust proxy', config.trustProxy);

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
    const token =
      bearer(req.headers.authorization) ?? readCookie(req.headers.cookie, config.session.cookieName);
    const viewer = token ? await services.auth.resolve(token) : null;
    const requestId = String(req.headers['x-request-id'] ?? '').slice(0, 100) || randomUUID();
    res.setHeader('x-request-id', requestId);
    return {
      config,
      prisma: deps.prisma,
      services,
      viewer,
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

  // Malformed JSON and oversized bodies get a clear 400/413 instead of an HTML stack page.
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: Request,
      res: Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) return next(error);
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      if (status === 500) log.error('unexpected HTTP error:', error);
      res.status(status).json({
        errors: [
          {
            message: status === 500 ? 'Internal server error' : error.message,
            extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' },
          },
        ],
      });
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
