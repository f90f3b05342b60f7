import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, productEnv, root, startProduct, type Product } from './harness.ts';

// Issue 8's three reproductions against the started product, through the web server (:3000, as
// a browser reaches it) and straight to the API (:4000):
// - abusive GraphQL documents are refused at once and the product keeps serving;
// - broken multipart bodies answer 400 and the API process stays up (it used to die, and the
//   supervisor then stopped every service);
// - the address the audit trail and the per-address sign-in limit use is the connection's,
//   never one the client wrote into X-Forwarded-For or X-Real-IP.

const ADMIN = { email: 'admin@client-address.test', password: 'e2e-admin-password' };
// The web server listens on 127.0.0.1; Node may report an IPv4 peer in its IPv6-mapped form.
const LOOPBACK = ['127.0.0.1', '::ffff:127.0.0.1'];

interface Result<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL request to `baseUrl` with forged forwarding headers. */
async function gql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  { token, forwardedFor }: { token?: string; forwardedFor?: string } = {},
): Promise<Result<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (forwardedFor) {
    headers['x-forwarded-for'] = forwardedFor;
    headers['x-real-ip'] = forwardedFor.split(',')[0]!;
  }
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Result<T>;
}

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const SET_TAGS = 'mutation($id: ID!, $t: [String!]!) { setCaseTags(caseId: $id, tags: $t) { id } }';
const TRAIL =
  'query($id: ID!) { case(id: $id) { auditEvents(first: 20) { edges { node { action clientAddress } } } } }';

/** The issue's 1.2 KB document: 2^30 fragment expansions. */
const NESTED_SPREADS =
  'query{...F0} ' +
  Array.from(
    { length: 30 },
    (_, i) => `fragment F${i} on Query{me{id} ${i < 29 ? `...F${i + 1} ...F${i + 1}` : ''}}`,
  ).join(' ');
/** The issue's 110-byte multipart body: one part, no closing boundary. */
const UNTERMINATED_PART =
  '--BND\r\nContent-Disposition: form-data; name="file"; filename="x.jpg"\r\nContent-Type: image/jpeg\r\n\r\nabc';

describe('hostile requests against the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-address-'));
  let product: Product;
  let token: string;
  let caseId: string;

  const trail = async () => {
    const r = await gql<{
      case: { auditEvents: { edges: { node: { action: string; clientAddress: string | null } }[] } };
    }>(product.apiUrl, TRAIL, { id: caseId }, { token });
    expect(r.errors).toBeUndefined();
    return r.data!.case.auditEvents.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    // Per-address sign-in limit: 3 × 2 = 6 failures in the window.
    product = await startProduct({
      ...(await productEnv(dataDir, ADMIN)),
      LOUPE_LOGIN_MAX_ATTEMPTS: '2',
      // As a person runs `npm start` (vitest itself sets NODE_ENV=test): the default applies.
      NODE_ENV: '',
    });
  });

  afterAll(async () => {
    if (product) expect(await product.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the real address of a setCaseTags sent with a forged X-Forwarded-For', async () => {
    const login = await gql<{ login: { token: string } }>(
      product.webUrl,
      LOGIN,
      { e: ADMIN.email, p: ADMIN.password },
      { forwardedFor: '6.6.6.6' },
    );
    expect(login.errors).toBeUndefined();
    token = login.data!.login.token;
    const created = await gql<{ createCase: { id: string } }>(
      product.webUrl,
      'mutation { createCase(input: { title: "Forged addresses" }) { id } }',
      {},
      { token, forwardedFor: '6.6.6.6' },
    );
    expect(created.errors).toBeUndefined();
    caseId = created.data!.createCase.id;

    for (const forwardedFor of ['6.6.6.6', '6.6.6.6, 7.7.7.7', '6.6.6.6, 127.0.0.1']) {
      const r = await gql(product.webUrl, SET_TAGS, { id: caseId, t: ['forged'] }, { token, forwardedFor });
      expect(r.errors).toBeUndefined();
    }

    const events = await trail();
    expect(events.filter((e) => e.action === 'case.tags')).toHaveLength(3);
    for (const event of events) expect(LOOPBACK, `${event.action}`).toContain(event.clientAddress);
  });

  it('runs in production mode by default: no introspection, no stack traces, cookie usable on loopback', async () => {
    const schema = await gql(product.webUrl, '{ __schema { queryType { name } } }', {});
    expect(schema.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const bad = await gql(product.webUrl, '{ case(id: "nope") { id } }', {}, { token });
    expect(JSON.stringify(bad.errors)).not.toMatch(/stacktrace|\/work\/|node_modules/);
    const res = await fetch(`${product.webUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { e: ADMIN.email, p: ADMIN.password } }),
    });
    await res.arrayBuffer();
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/loupe_session=.*HttpOnly/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('keeps the per-address sign-in limit, however the header changes', async () => {
    // Different (unknown) accounts each time, so only the per-address limit can trip.
    for (let i = 1; i <= 6; i++) {
      const r = await gql(
        product.webUrl,
        LOGIN,
        { e: `nobody-${i}@client-address.test`, p: 'wrong' },
        { forwardedFor: `6.6.6.${i}` },
      );
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await gql(
      product.webUrl,
      LOGIN,
      { e: ADMIN.email, p: ADMIN.password },
      { forwardedFor: '6.6.6.99' },
    );
    expect(blocked.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('believes X-Forwarded-For only from a proxy listed in LOUPE_WEB_TRUST_PROXY, and only its entry', async () => {
    // A second web server, as if it sat behind a reverse proxy on this machine: the proxy appends
    // the address it saw (203.0.113.5) to whatever the client sent (6.6.6.6).
    const port = await freePort();
    const web = spawn(process.execPath, [join(root, 'apps', 'web', 'server.mjs')], {
      cwd: join(root, 'apps', 'web'),
      env: {
        ...process.env,
        LOUPE_API_URL: product.apiUrl,
        LOUPE_WEB_HOST: '127.0.0.1',
        LOUPE_WEB_PORT: String(port),
        LOUPE_WEB_TRUST_PROXY: 'loopback',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => web.once('exit', resolve));
    try {
      let log = '';
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          log += chunk.toString();
          if (log.includes('loupe-web ready at')) resolve();
        };
        web.stdout.on('data', onData);
        web.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`web server exited with ${code}:\n${log}`)));
      });
      expect(log).toMatch(/trusted proxies: loopback/);

      const r = await gql(
        `http://127.0.0.1:${port}`,
        SET_TAGS,
        { id: caseId, t: ['behind-a-proxy'] },
        { token, forwardedFor: '6.6.6.6, 203.0.113.5' },
      );
      expect(r.errors).toBeUndefined();
      const [latest] = await trail();
      expect(latest).toEqual({ action: 'case.tags', clientAddress: '203.0.113.5' });
    } finally {
      web.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('serves pages with a content security policy that forbids framing', async () => {
    for (const path of ['/login', '/cases']) {
      const res = await fetch(`${product.webUrl}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(csp, path).not.toMatch(/unsafe-eval/);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('refuses nested fragment spreads and a fragment cycle through both ports, and keeps serving', async () => {
    for (const base of [product.webUrl, product.apiUrl]) {
      for (const query of [
        NESTED_SPREADS,
        'query { ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }',
      ]) {
        const res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        expect(res.status).toBe(400);
        const body = (await res.json()) as Result<unknown>;
        expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    }
    const me = await gql<{ me: { email: string } }>(product.webUrl, '{ me { email } }', {}, { token });
    expect(me.data?.me.email).toBe(ADMIN.email);
  });

  it('answers an unterminated multipart body with 400 on every route and port, and the API stays up', async () => {
    const routes = [`/api/cases/${caseId}/media`, '/api/similar?space=PHASH&scope=KNOWN_FAKES'];
    for (const base of [product.webUrl, product.apiUrl]) {
      for (const route of routes) {
        const res = await fetch(`${base}${route}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=BND' },
          body: UNTERMINATED_PART,
        });
        expect({ route, status: res.status }).toEqual({ route, status: 400 });
        const body = (await res.json()) as { error?: { message: string } };
        expect(body.error?.message).toMatch(/Malformed multipart request: Unexpected end of/);
      }
    }
    expect(await (await fetch(`${product.apiUrl}/healthz`)).json()).toEqual({ ok: true });
    const me = await gql<{ me: { email: string } }>(product.webUrl, '{ me { email } }', {}, { token });
    expect(me.data?.me.email).toBe(ADMIN.email);
  });

  it('restarts a worker or API killed with SIGKILL, says so, and keeps serving (issue 13)', async () => {
    for (const [name, ready] of [
      ['worker', /worker\s*\|.*worker ready/g],
      ['api', /api\s*\|.*GraphQL API ready at/g],
    ] as const) {
      const pids = [...product.output().matchAll(new RegExp(`${name} started \\(pid (\\d+)\\)`, 'g'))];
      const pid = Number(pids.at(-1)?.[1]);
      expect(pid, name).toBeGreaterThan(0);
      const readyBefore = product.output().match(ready)?.length ?? 0;
      process.kill(pid, 'SIGKILL');
      await expect
        .poll(() => product.output(), { timeout: 30_000 })
        .toMatch(new RegExp(`${name} exited with status \\d+; restarting it in 1 s`));
      await expect
        .poll(() => product.output().match(ready)?.length ?? 0, { timeout: 120_000 })
        .toBeGreaterThan(readyBefore);
    }
    const me = await gql<{ me: { email: string } }>(product.webUrl, '{ me { email } }', {}, { token });
    expect(me.data?.me.email).toBe(ADMIN.email);
  });
});
