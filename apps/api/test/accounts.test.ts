import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

// Cutting off a stolen session (issue 13): disable an account, change a password, reset one.
// Each ends the sessions it should, at once, and is on the record without any password.

const ME = '{ me { email } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

describe('account controls', () => {
  let h: Harness;
  const me = async (token: string) =>
    (await h.gql<{ me: { email: string } | null }>(ME, {}, { token })).data?.me?.email ?? null;
  const idOf = async (email: string) => (await h.prisma.user.findUniqueOrThrow({ where: { email } })).id;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('disabling an account ends its sessions and refuses sign-in; enabling lets it back', async () => {
    const bob = await h.user('bob@accounts.test'); // password-1-long-enough
    expect(await me(bob)).toBe('bob@accounts.test');
    const id = await idOf('bob@accounts.test');
    const disabled = await h.gql<{ setUserDisabled: { disabled: boolean } }>(
      'mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { disabled } }',
      { u: id },
      { token: h.adminToken },
    );
    expect(disabled.data?.setUserDisabled.disabled).toBe(true);
    expect(await me(bob)).toBeNull();
    expect(codeOf(await h.gql(LOGIN, { e: 'bob@accounts.test', p: 'password-1-long-enough' }))).toBe(
      'UNAUTHENTICATED',
    );
    await h.gql(
      'mutation($u: ID!) { setUserDisabled(userId: $u, disabled: false) { id } }',
      { u: id },
      {
        token: h.adminToken,
      },
    );
    expect(
      (await h.gql(LOGIN, { e: 'bob@accounts.test', p: 'password-1-long-enough' })).errors,
    ).toBeUndefined();
    const events = await h.prisma.auditEvent.findMany({
      where: { targetId: id, action: { startsWith: 'user.' } },
    });
    expect(events.map((e) => e.action)).toEqual(['user.create', 'user.disable', 'user.enable']);
  });

  it('only administrators disable or reset, and nobody disables themself', async () => {
    const carol = await h.user('carol@accounts.test');
    const adminId = await idOf('admin@example.test');
    for (const [query, vars] of [
      ['mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }', { u: adminId }],
      ['mutation($u: ID!) { resetUserPassword(userId: $u) }', { u: adminId }],
    ] as const)
      expect(codeOf(await h.gql(query, vars, { token: carol }))).toBe('FORBIDDEN');
    const self = await h.gql(
      'mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }',
      {
        u: adminId,
      },
      { token: h.adminToken },
    );
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
    expect(await me(carol)).toBe('carol@accounts.test');
  });

  it('changing your password keeps this session and ends the others', async () => {
    await h.user('dave@accounts.test'); // password-3-long-enough
    const here = await h.login('dave@accounts.test', 'password-3-long-enough');
    const elsewhere = await h.login('dave@accounts.test', 'password-3-long-enough');
    const CHANGE =
      'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
    expect(
      codeOf(await h.gql(CHANGE, { c: 'wrong-password-123', n: 'a-new-long-password' }, { token: here })),
    ).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(CHANGE, { c: 'password-3-long-enough', n: 'short' }, { token: here }))).toBe(
      'BAD_USER_INPUT',
    );
    const changed = await h.gql(
      CHANGE,
      { c: 'password-3-long-enough', n: 'a-new-long-password' },
      { token: here },
    );
    expect(changed.errors).toBeUndefined();
    expect(await me(here)).toBe('dave@accounts.test');
    expect(await me(elsewhere)).toBeNull();
    expect(codeOf(await h.gql(LOGIN, { e: 'dave@accounts.test', p: 'password-3-long-enough' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await h.gql(LOGIN, { e: 'dave@accounts.test', p: 'a-new-long-password' })).errors,
    ).toBeUndefined();
  });

  it('an administrator reset returns a one-time password, ends every session, and records no password', async () => {
    const erin = await h.user('erin@accounts.test'); // password-4-long-enough
    const id = await idOf('erin@accounts.test');
    const reset = await h.gql<{ resetUserPassword: string }>(
      'mutation($u: ID!) { resetUserPassword(userId: $u) }',
      { u: id },
      { token: h.adminToken },
    );
    const temporary = reset.data!.resetUserPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(20);
    expect(await me(erin)).toBeNull();
    expect(codeOf(await h.gql(LOGIN, { e: 'erin@accounts.test', p: 'password-4-long-enough' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await h.gql(LOGIN, { e: 'erin@accounts.test', p: temporary })).errors).toBeUndefined();
    const event = await h.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.password.reset', targetId: id },
    });
    expect(event.details).toMatchObject({ email: 'erin@accounts.test', sessionsRevoked: 1 });
    expect(JSON.stringify(event.details)).not.toContain(temporary);
  });
});
