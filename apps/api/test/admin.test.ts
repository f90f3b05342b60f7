import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

// Administration (issue 10 item 8): changing roles never leaves Loupe without an active
// administrator, every change is on the record, and only administrators see the installed models.

const SET_ROLE = 'mutation($u: ID!, $r: Role!) { setUserRole(userId: $u, role: $r) { id role } }';
const DISABLE =
  'mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { id disabled } }';
const ME = '{ me { email role } }';

describe('user roles', () => {
  let h: Harness;
  const idOf = async (email: string) => (await h.prisma.user.findUniqueOrThrow({ where: { email } })).id;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('an administrator changes a role; the change is audited and takes effect on the next request', async () => {
    const erin = await h.user('erin@admin.test');
    const id = await idOf('erin@admin.test');
    const promoted = await h.gql<{ setUserRole: { role: string } }>(
      SET_ROLE,
      { u: id, r: 'REVIEWER' },
      { token: h.adminToken },
    );
    expect(promoted.errors).toBeUndefined();
    expect(promoted.data?.setUserRole.role).toBe('REVIEWER');
    expect((await h.gql<{ me: { role: string } }>(ME, {}, { token: erin })).data?.me.role).toBe('REVIEWER');
    const events = await h.prisma.auditEvent.findMany({
      where: { targetId: id, action: 'user.role.change' },
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({
      email: 'erin@admin.test',
      from: 'INVESTIGATOR',
      to: 'REVIEWER',
    });
    // The same role again changes nothing and records nothing.
    await h.gql(SET_ROLE, { u: id, r: 'REVIEWER' }, { token: h.adminToken });
    expect(await h.prisma.auditEvent.count({ where: { targetId: id, action: 'user.role.change' } })).toBe(1);
  });

  it('refuses non-administrators, unknown users and unknown roles', async () => {
    const frank = await h.user('frank@admin.test');
    const adminId = await idOf('admin@example.test');
    expect(codeOf(await h.gql(SET_ROLE, { u: adminId, r: 'REVIEWER' }, { token: frank }))).toBe('FORBIDDEN');
    expect(
      codeOf(await h.gql(SET_ROLE, { u: await idOf('frank@admin.test'), r: 'ADMIN' }, { token: frank })),
    ).toBe('FORBIDDEN');
    for (const u of ['not-a-uuid', '00000000-0000-4000-8000-000000000000'])
      expect(codeOf(await h.gql(SET_ROLE, { u, r: 'REVIEWER' }, { token: h.adminToken }))).toBe('NOT_FOUND');
    expect(codeOf(await h.gql(SET_ROLE, { u: adminId, r: 'OWNER' }, { token: h.adminToken }))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await h.prisma.user.findUniqueOrThrow({ where: { id: adminId } })).role).toBe('ADMIN');
  });

  it('never demotes the last active administrator', async () => {
    const adminId = await idOf('admin@example.test');
    const alone = await h.gql(SET_ROLE, { u: adminId, r: 'INVESTIGATOR' }, { token: h.adminToken });
    expect(codeOf(alone)).toBe('BAD_USER_INPUT');
    expect(alone.errors?.[0]?.message).toMatch(/last active administrator/);

    // A second administrator makes demoting the first possible…
    await h.user('grace@admin.test', 'ADMIN'); // password-3-long-enough
    const graceId = await idOf('grace@admin.test');
    // …but not while that second one is disabled: a disabled administrator manages nothing.
    expect((await h.gql(DISABLE, { u: graceId, d: true }, { token: h.adminToken })).errors).toBeUndefined();
    expect(codeOf(await h.gql(SET_ROLE, { u: adminId, r: 'INVESTIGATOR' }, { token: h.adminToken }))).toBe(
      'BAD_USER_INPUT',
    );
    await h.gql(DISABLE, { u: graceId, d: false }, { token: h.adminToken });
    const graceToken = await h.login('grace@admin.test', 'password-3-long-enough');

    // Grace demotes the first administrator; now she is the last one, and nobody can disable or demote her.
    expect(
      (await h.gql(SET_ROLE, { u: adminId, r: 'INVESTIGATOR' }, { token: graceToken })).errors,
    ).toBeUndefined();
    expect(codeOf(await h.gql(SET_ROLE, { u: graceId, r: 'REVIEWER' }, { token: graceToken }))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await h.prisma.user.findUniqueOrThrow({ where: { id: graceId } })).role).toBe('ADMIN');
    const roles = await h.prisma.auditEvent.findMany({
      where: { action: 'user.role.change', targetId: adminId },
    });
    expect(roles.map((e) => e.actorId)).toEqual([graceId]);
    // Back as it was, for the other tests.
    expect((await h.gql(SET_ROLE, { u: adminId, r: 'ADMIN' }, { token: graceToken })).errors).toBeUndefined();
  });

  it('one administrator demoting another while that one disables the first leaves one active administrator', async () => {
    const heidiToken = await h.user('heidi@admin.test', 'ADMIN');
    const ivanToken = await h.user('ivan@admin.test', 'ADMIN');
    const [heidi, ivan] = await Promise.all([idOf('heidi@admin.test'), idOf('ivan@admin.test')]);
    // Only these two remain active administrators.
    await h.prisma.user.updateMany({
      where: { role: 'ADMIN', id: { notIn: [heidi, ivan] } },
      data: { disabledAt: new Date() },
    });
    try {
      const results = await Promise.all([
        h.gql(SET_ROLE, { u: ivan, r: 'INVESTIGATOR' }, { token: heidiToken }),
        h.gql(DISABLE, { u: heidi, d: true }, { token: ivanToken }),
      ]);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(await h.prisma.user.count({ where: { role: 'ADMIN', disabledAt: null } })).toBe(1);
    } finally {
      await h.prisma.user.updateMany({
        where: { email: { in: ['admin@example.test', 'grace@admin.test'] } },
        data: { disabledAt: null },
      });
    }
  });
});

describe('installed models', () => {
  let h: Harness;
  const QUERY =
    '{ installedModels { workerId host kind modelId version sha256 manifest fixture inUse providersRequested providersUsed loadedAt } }';

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('shows administrators what each worker published, and nobody else', async () => {
    expect(
      (await h.gql<{ installedModels: unknown[] }>(QUERY, {}, { token: h.adminToken })).data?.installedModels,
    ).toEqual([]);
    const sha = 'a'.repeat(64);
    await h.prisma.installedModel.create({
      data: {
        workerId: 'box:1:abc',
        host: 'box',
        kind: 'DETECTOR',
        modelId: 'loupe-fixture',
        version: '1.0.0',
        sha256: sha,
        manifest: { id: 'loupe-fixture', input: { size: 224 } },
        fixture: true,
        inUse: true,
        providersRequested: ['cuda', 'cpu'],
        providersUsed: ['cpu'],
        loadedAt: new Date('2026-12-02T10:00:00Z'),
      },
    });
    const r = await h.gql<{ installedModels: Record<string, unknown>[] }>(QUERY, {}, { token: h.adminToken });
    expect(r.data?.installedModels).toEqual([
      {
        workerId: 'box:1:abc',
        host: 'box',
        kind: 'DETECTOR',
        modelId: 'loupe-fixture',
        version: '1.0.0',
        sha256: sha,
        manifest: { id: 'loupe-fixture', input: { size: 224 } },
        fixture: true,
        inUse: true,
        providersRequested: ['cuda', 'cpu'],
        providersUsed: ['cpu'],
        loadedAt: '2026-12-02T10:00:00.000Z',
      },
    ]);
    const investigator = await h.user('judy@admin.test');
    expect(codeOf(await h.gql(QUERY, {}, { token: investigator }))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(QUERY))).toBe('UNAUTHENTICATED');
  });
});
