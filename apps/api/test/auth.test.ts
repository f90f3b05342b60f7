import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, codeOf, startHarness, type GqlResult, type Harness } from './harness.ts';

const LOGIN =
  'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id email role } } }';
const ME = '{ me { email role } }';

describe('authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ LOUPE_LOGIN_MAX_ATTEMPTS: '3' });
  });
  afterAll(() => h.stop());

  it('logs the bootstrapped admin in, returning a token and an HttpOnly session cookie', async () => {
    const r = await h.gql<{ login: { token: string; user: { email: string; role: string } } }>(LOGIN, {
      e: ADMIN.email.toUpperCase(),
      p: ADMIN.password,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.login.user).toMatchObject({ email: ADMIN.email, role: 'ADMIN' });
    expect(r.data?.login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('loupe_session='));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    // The cookie carries the same session as the bearer token.
    const viaCookie = await h.gql<{ me: { email: string } }>(ME, {}, { cookie: cookie!.split(';')[0] });
    expect(viaCookie.data?.me?.email).toBe(ADMIN.email);
    const viaBearer = await h.gql<{ me: { email: string } }>(ME, {}, { token: r.data!.login.token });
    expect(viaBearer.data?.me?.email).toBe(ADMIN.email);
  });

  it('stores only a hash of the session token and an argon2id password hash', async () => {
    const token = await h.login(ADMIN.email, ADMIN.password);
    const sessions = await h.prisma.session.findMany();
    expect(sessions.some((s) => s.tokenHash === token)).toBe(false);
    const admin = await h.prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown email', async () => {
    const wrong = await h.gql(LOGIN, { e: ADMIN.email, p: 'not the password' });
    const unknown = await h.gql(LOGIN, { e: 'nobody@example.test', p: 'not the password' });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(wrong.data).toBeNull();
    const failures = await h.prisma.auditEvent.findMany({ where: { action: 'auth.login.failed' } });
    expect(failures.map((f) => (f.details as { email: string }).email)).toEqual(
      expect.arrayContaining([ADMIN.email, 'nobody@example.test']),
    );
  });

  it('rate-limits repeated failures on one account from one address', async () => {
    const email = 'victim@example.test';
    await h.user(email);
    for (let i = 0; i < 3; i++)
      expect(codeOf(await h.gql(LOGIN, { e: email, p: 'guess-' + i }))).toBe('UNAUTHENTICATED');
    const blocked = await h.gql(LOGIN, { e: email, p: 'password-1-long-enough' });
    expect(codeOf(blocked)).toBe('TOO_MANY_REQUESTS');
  });

  it('does not let a stranger lock an account: failures elsewhere slow it down, the owner still signs in', async () => {
    const email = 'owner@example.test';
    const password = 'password-2-long-enough';
    await h.user(email); // the harness's second user gets this password
    const loginFrom = async (address: string, p: string) => {
      const res = await fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ query: LOGIN, variables: { e: email, p } }),
      });
      const body = (await res.json()) as Pick<GqlResult, 'errors'>;
      return { ...body, status: res.status, headers: res.headers } satisfies GqlResult;
    };
    // The stranger at one address is stopped after 3 (the per-account-and-address limit)…
    for (let i = 0; i < 3; i++)
      expect(codeOf(await loginFrom('203.0.113.66', `guess-${i}`))).toBe('UNAUTHENTICATED');
    expect(codeOf(await loginFrom('203.0.113.66', 'guess-3'))).toBe('TOO_MANY_REQUESTS');
    // …and from other addresses keeps failing but is slowed, never locking the account.
    for (let i = 0; i < 2; i++)
      expect(codeOf(await loginFrom(`203.0.113.${70 + i}`, 'guess'))).toBe('UNAUTHENTICATED');
    const owner = await loginFrom('198.51.100.5', password);
    expect(owner.errors).toBeUndefined();
    const failed = await h.prisma.auditEvent.findMany({
      where: { action: 'auth.login.failed', clientAddress: { startsWith: '203.0.113.' } },
      orderBy: { id: 'asc' },
    });
    // Three failures before the limit cost nothing; past it each attempt waits 250 ms, then 500 ms.
    expect(failed.map((f) => (f.details as { slowedMs: number }).slowedMs)).toEqual([0, 0, 0, 250, 500]);
  });

  it('revokes the session at logout', async () => {
    const token = await h.login(ADMIN.email, ADMIN.password);
    const out = await h.gql<{ logout: boolean }>('mutation { logout }', {}, { token });
    expect(out.data?.logout).toBe(true);
    expect(out.headers.getSetCookie().join()).toContain('Max-Age=0');
    expect(await h.prisma.auditEvent.count({ where: { action: 'auth.logout' } })).toBe(1);
    const me = await h.gql<{ me: unknown }>(ME, {}, { token });
    expect(me.data?.me).toBeNull();
    expect(codeOf(await h.gql('{ cases { totalCount } }', {}, { token }))).toBe('UNAUTHENTICATED');
  });

  it('refuses expired and idle sessions', async () => {
    const token = await h.login(ADMIN.email, ADMIN.password);
    const { hashToken } = await import('../src/auth/tokens.ts');
    await h.prisma.session.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await h.gql<{ me: unknown }>(ME, {}, { token })).data?.me).toBeNull();
    const idle = await h.login(ADMIN.email, ADMIN.password);
    await h.prisma.session.update({
      where: { tokenHash: hashToken(idle) },
      data: { lastSeenAt: new Date(Date.now() - 9 * 3_600_000) },
    });
    expect((await h.gql<{ me: unknown }>(ME, {}, { token: idle })).data?.me).toBeNull();
  });

  it('lets only administrators create users', async () => {
    const investigator = await h.user('inv@example.test');
    const r = await h.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email: 'x@example.test', password: 'long-enough-password', role: 'ADMIN' } },
      { token: investigator },
    );
    expect(codeOf(r)).toBe('FORBIDDEN');
    const dup = await h.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email: 'INV@example.test', password: 'long-enough-password', role: 'ADMIN' } },
      { token: h.adminToken },
    );
    expect(codeOf(dup)).toBe('BAD_USER_INPUT');
  });
});
