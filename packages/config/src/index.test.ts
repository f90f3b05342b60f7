import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadEmbeddedDbConfig, loadWorkerConfig } from './index.ts';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

describe('configuration', () => {
  it('applies documented defaults', () => {
    const c = loadApiConfig(base);
    expect(c).toMatchObject({ host: '127.0.0.1', port: 4000, env: 'development' });
    expect(c.trustProxy).toEqual({ addresses: ['loopback'], hops: 1 });
    expect(c.session).toMatchObject({ cookieName: 'loupe_session', cookieSecure: false });
    expect(c.graphql).toEqual({
      maxDepth: 10,
      maxAliases: 15,
      maxDirectives: 50,
      maxCost: 20_000,
      maxTokens: 2_000,
      introspection: true,
    });
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

  it('reads the trusted proxies as a list and a number of hops', () => {
    const c = loadApiConfig({
      ...base,
      LOUPE_TRUST_PROXY: 'loopback, 10.0.0.0/8 ,192.168.1.7,fd00::/8,172.16.0.0/255.240.0.0',
      LOUPE_TRUST_PROXY_HOPS: '2',
    });
    expect(c.trustProxy).toEqual({
      addresses: ['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8', '172.16.0.0/255.240.0.0'],
      hops: 2,
    });
    expect(loadApiConfig({ ...base, LOUPE_TRUST_PROXY_HOPS: '0' }).trustProxy.hops).toBe(0);
  });

  it.each([
    ['LOUPE_TRUST_PROXY_HOPS', ''],
    ['LOUPE_TRUST_PROXY_HOPS', '-1'],
    ['LOUPE_TRUST_PROXY_HOPS', '1.5'],
    ['LOUPE_TRUST_PROXY_HOPS', 'one'],
    ['LOUPE_TRUST_PROXY_HOPS', '11'],
    ['LOUPE_TRUST_PROXY', ''],
    ['LOUPE_TRUST_PROXY', ' , '],
    ['LOUPE_TRUST_PROXY', 'true'],
    ['LOUPE_TRUST_PROXY', '2'],
    ['LOUPE_TRUST_PROXY', 'loopback, proxy.example'],
    ['LOUPE_TRUST_PROXY', '10.0.0.0/33'],
    ['LOUPE_TRUST_PROXY', '10.0.0.0/8/8'],
  ])('refuses %s=%j', (name, value) => {
    expect(() => loadApiConfig({ ...base, [name]: value })).toThrow(new RegExp(`${name}: `));
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

describe('audit signing and the embedded database password', () => {
  it('keeps the signing key and the password in the data dir unless told otherwise', () => {
    const c = loadWorkerConfig({ ...base, LOUPE_DATA_DIR: '/srv/loupe' });
    expect(c.audit).toEqual({
      keyFile: '/srv/loupe/keys/audit-ed25519.pem',
      publicKeyFile: '/srv/loupe/keys/audit-ed25519.pub.pem',
      checkpointEvery: 100,
      checkpointMinutes: 10,
    });
    expect(
      loadWorkerConfig({
        ...base,
        LOUPE_AUDIT_KEY_FILE: '/run/secrets/audit.pem',
        LOUPE_AUDIT_CHECKPOINT_EVERY: '5',
      }).audit,
    ).toMatchObject({ keyFile: '/run/secrets/audit.pem', checkpointEvery: 5 });
    // The worker publishes the public key where the API reads it (compose: a volume of its own).
    expect(
      loadWorkerConfig({ ...base, LOUPE_AUDIT_PUBLIC_KEY_FILE: '/audit-pub/audit-ed25519.pub.pem' }).audit
        .publicKeyFile,
    ).toBe('/audit-pub/audit-ed25519.pub.pem');
    expect(loadEmbeddedDbConfig({ LOUPE_DATA_DIR: '/srv/loupe' }).passwordFile).toBe(
      '/srv/loupe/embedded-db.password',
    );
  });

  it('gives the API the public key beside the signing key unless told otherwise', () => {
    expect(loadApiConfig({ ...base, LOUPE_DATA_DIR: '/srv/loupe' }).audit).toEqual({
      publicKeyFile: '/srv/loupe/keys/audit-ed25519.pub.pem',
    });
    expect(
      loadApiConfig({ ...base, LOUPE_AUDIT_PUBLIC_KEY_FILE: '/keys/audit-ed25519.pub.pem' }).audit,
    ).toEqual({ publicKeyFile: '/keys/audit-ed25519.pub.pem' });
  });

  it('refuses checkpoint intervals that are not positive whole numbers, naming each', () => {
    expect(() =>
      loadWorkerConfig({
        ...base,
        LOUPE_AUDIT_CHECKPOINT_EVERY: '0',
        LOUPE_AUDIT_CHECKPOINT_MINUTES: 'soon',
      }),
    ).toThrow(/LOUPE_AUDIT_CHECKPOINT_EVERY[\s\S]*LOUPE_AUDIT_CHECKPOINT_MINUTES/);
  });
});
