import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadEmbeddedDbConfig, loadWorkerConfig } from './index.ts';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

describe('configuration', () => {
  it('applies documented defaults', () => {
    const c = loadApiConfig(base);
    expect(c).toMatchObject({ host: '127.0.0.1', port: 4000, env: 'development', trustProxy: 'loopback' });
    expect(c.session).toMatchObject({ cookieName: 'loupe_session', cookieSecure: false });
    expect(c.graphql).toEqual({ maxDepth: 10, maxAliases: 15, maxDirectives: 50, introspection: true });
  });

  it('turns on Secure cookies and off introspection in production', () => {
    const c = loadApiConfig({ ...base, NODE_ENV: 'production' });
    expect(c.session.cookieSecure).toBe(true);
    expect(c.graphql.introspection).toBe(false);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadApiConfig({ DATABASE_URL: 'mysql://x', LOUPE_API_PORT: 'eighty', LOUPE_ADMIN_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/LOUPE_API_PORT/);
    expect(problems).toMatch(/LOUPE_ADMIN_PASSWORD: must be at least 12 characters/);
  });

  it('explains a missing DATABASE_URL', () => {
    expect(() => loadWorkerConfig({})).toThrow(
      /DATABASE_URL: not set. `npm start` starts the embedded database/,
    );
  });

  it('keeps the embedded database under the data directory unless told otherwise', () => {
    expect(loadEmbeddedDbConfig({ LOUPE_DATA_DIR: '/srv/loupe' }).dataDir).toBe('/srv/loupe/pglite');
    expect(loadEmbeddedDbConfig({ LOUPE_DB_DIR: '/var/pg' })).toMatchObject({
      dataDir: '/var/pg',
      port: 54329,
    });
  });
});
