import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

describe('GraphQL hardening (development settings)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Today's schema has no cycles deeper than 5, so the depth limit (10 by default) is tested
    // at a lower setting; the rule is the same.
    h = await startHarness({ LOUPE_GRAPHQL_MAX_DEPTH: '4' });
  });
  afterAll(() => h.stop());

  it('refuses a query deeper than the configured depth before running resolvers', async () => {
    const deep = '{ cases { edges { node { members { user { id } } } } } }';
    const r = await h.gql(deep, {}, { token: h.adminToken });
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/exceeds maximum operation depth of 4/);
    const ok = await h.gql('{ cases { edges { node { id } } } }', {}, { token: h.adminToken });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses more than 15 aliases and more than 50 directives', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(codeOf(await h.gql(aliases, {}, { token: h.adminToken }))).toBe('GRAPHQL_VALIDATION_FAILED');
    const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await h.gql(fifteen, {}, { token: h.adminToken })).errors).toBeUndefined();
    const directives = `{ me { id ${Array.from({ length: 51 }, () => '@include(if: true)').join(' ')} } }`;
    expect(codeOf(await h.gql(directives, {}, { token: h.adminToken }))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses nested fragment spreads (2^30 expansions) at once, signed in or not, and keeps serving', async () => {
    // The reproduction from issue 8: 1.2 KB that took the old depth rule minutes per request.
    const n = 30;
    const query =
      'query{...F0} ' +
      Array.from(
        { length: n },
        (_, i) => `fragment F${i} on Query{me{id} ${i < n - 1 ? `...F${i + 1} ...F${i + 1}` : ''}}`,
      ).join(' ');
    const health = fetch(`${h.url}/healthz`).then((r) => r.json());
    const [anonymous, signedIn] = await Promise.all([
      h.gql(query),
      h.gql(query, {}, { token: h.adminToken }),
    ]);
    for (const r of [anonymous, signedIn]) {
      expect(r.status).toBe(400);
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/too expensive/));
    }
    expect(await health).toEqual({ ok: true });
  });

  it('refuses a fragment cycle with GRAPHQL_VALIDATION_FAILED instead of overflowing the stack', async () => {
    const cycle = 'query { ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }';
    const r = await h.gql(cycle);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('refuses a query whose page sizes multiply past the cost budget, before any resolver runs', async () => {
    const wide = `{ ${Array.from(
      { length: 15 },
      (_, i) =>
        `a${i}: cases(first: 100) { edges { node { media(first: 100) { edges { node { id } } } ` +
        'auditEvents(first: 100) { edges { node { id } } } } } }',
    ).join(' ')} }`;
    const r = await h.gql(wide, {}, { token: h.adminToken });
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    // (This suite runs with a depth limit of 4, which the query breaks too.)
    expect(r.errors?.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/too expensive.*over the limit of 20000/),
    );
    expect(r.data).toBeUndefined();
  });

  it('refuses a document past the parser token limit', async () => {
    const r = await h.gql(`{ ${'me { id } '.repeat(600)} }`, {}, { token: h.adminToken });
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/Document contains more th.. 2000 tokens/);
  });

  it('refuses batched (JSON array) requests', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('blocks CSRF-able GET queries without a preflight header', async () => {
    const res = await fetch(`${h.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('answers malformed JSON with a 400, not a crash', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const health = await fetch(`${h.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });
});

describe('GraphQL hardening (NODE_ENV=production)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ NODE_ENV: 'production', LOUPE_COOKIE_SECURE: 'true' });
  });
  afterAll(() => h.stop());

  it('turns introspection off', async () => {
    const r = await h.gql('{ __schema { queryType { name } } }', {}, { token: h.adminToken });
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not suggest field names', async () => {
    const r = await h.gql('{ caes { totalCount } }', {}, { token: h.adminToken });
    expect(r.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('never returns stack traces, and masks unexpected errors', async () => {
    const bad = await h.gql('{ case(id: "nope") { id } }', {}, { token: h.adminToken });
    expect(codeOf(bad)).toBe('NOT_FOUND');
    expect(bad.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
    // Break the database under the API: the error reaching the client must say nothing of SQL.
    await h.prisma.$executeRawUnsafe('ALTER TABLE "cases" RENAME TO "cases_moved"');
    try {
      const r = await h.gql('{ cases { totalCount } }', {}, { token: h.adminToken });
      expect(r.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(r.errors)).not.toMatch(/cases_moved|relation|SELECT|stack/i);
    } finally {
      await h.prisma.$executeRawUnsafe('ALTER TABLE "cases_moved" RENAME TO "cases"');
    }
  });

  it('marks the session cookie Secure', async () => {
    const r = await h.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: 'admin@example.test',
      p: 'correct horse battery staple',
    });
    expect(r.headers.getSetCookie().join()).toMatch(/HttpOnly; SameSite=Lax; Secure/);
  });
});
