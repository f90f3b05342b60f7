import { verifyAuditChain } from '@loupe/audit';
import { onRealPostgres, REAL_POSTGRES_ONLY } from '@loupe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type GqlResult, type Harness } from './harness.ts';

// Membership changes racing on one case: only a real server interleaves the transactions
// (PGlite runs one at a time), so this suite runs there; scripts/test.mjs checks it did.

const SET_ROLE =
  'mutation($c: ID!, $e: String!, $r: CaseRole!) { addCaseMember(caseId: $c, email: $e, role: $r) { id } }';
const REMOVE = 'mutation($c: ID!, $u: ID!) { removeCaseMember(caseId: $c, userId: $u) { id } }';
type Role = 'LEAD' | 'INVESTIGATOR' | 'REVIEWER';

/** The refusals a losing change may get; anything else (INTERNAL_SERVER_ERROR…) is a bug. */
const REFUSALS: [code: string, message: string][] = [
  ['BAD_USER_INPUT', 'A case keeps at least one lead; make someone else lead first.'],
  ['FORBIDDEN', 'Your role in this case does not allow you to manage its members.'],
  ['BAD_USER_INPUT', 'That user is not a member of this case.'],
  // A loser whose own removal committed before its request began no longer sees the case, and
  // gets what every non-member gets: no hint that it exists.
  ['NOT_FOUND', 'Case not found.'],
];

describe.runIf(onRealPostgres)(`${REAL_POSTGRES_ONLY} concurrent membership changes`, () => {
  let h: Harness;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => `${p}@race.example.test`);

  beforeAll(async () => {
    h = await startHarness();
    for (const email of people) {
      tokens.set(email, await h.user(email));
      ids.set(email, (await h.prisma.user.findUniqueOrThrow({ where: { email } })).id);
    }
  });
  afterAll(() => h?.stop());

  const token = (email: string) => tokens.get(email)!;
  const id = (email: string) => ids.get(email)!;
  const setRole = (as: string, caseId: string, email: string, role: Role) =>
    h.gql(SET_ROLE, { c: caseId, e: email, r: role }, { token: token(as) });
  const remove = (as: string, caseId: string, email: string) =>
    h.gql(REMOVE, { c: caseId, u: id(email) }, { token: token(as) });
  const leads = (caseId: string) => h.prisma.caseMember.count({ where: { caseId, role: 'LEAD' } });

  /** A case created by `a` (its lead) with the given others. */
  async function caseWith(members: [string, Role][]): Promise<string> {
    const caseId = await h.make.case(token(people[0]!), 'Race');
    for (const [email, role] of members) await h.make.member(token(people[0]!), caseId, email, role);
    return caseId;
  }

  function expectOnlyRefusals(results: GqlResult[]) {
    for (const r of results) {
      if (!r.errors) continue;
      expect(REFUSALS).toContainEqual([codeOf(r), r.errors[0]!.message]);
    }
  }

  it('two leads demoting each other at once: one wins, the other is refused, one lead remains (10 rounds)', async () => {
    const [a, b] = people as [string, string];
    for (let round = 0; round < 10; round++) {
      const caseId = await caseWith([[b, 'LEAD']]);
      const before = await h.prisma.auditEvent.count({ where: { caseId, action: 'case.member.add' } });
      const results = await Promise.all([
        setRole(a, caseId, b, 'INVESTIGATOR'),
        setRole(b, caseId, a, 'INVESTIGATOR'),
      ]);
      expectOnlyRefusals(results);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(await leads(caseId)).toBe(1);
      expect(await h.prisma.auditEvent.count({ where: { caseId, action: 'case.member.add' } })).toBe(
        before + 1,
      );
    }
  });

  it('two leads removing each other at once: one wins, one lead remains (10 rounds)', async () => {
    const [a, b] = people as [string, string];
    for (let round = 0; round < 10; round++) {
      const caseId = await caseWith([[b, 'LEAD']]);
      const results = await Promise.all([remove(a, caseId, b), remove(b, caseId, a)]);
      expectOnlyRefusals(results);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(await leads(caseId)).toBe(1);
      expect(await h.prisma.caseMember.count({ where: { caseId } })).toBe(1);
      expect(await h.prisma.auditEvent.count({ where: { caseId, action: 'case.member.remove' } })).toBe(1);
    }
  });

  it('20 role changes and removals at once on one case end consistent with the audit trail', async () => {
    const [a, b, c, d, ...rest] = people as [string, string, string, string, ...string[]];
    const caseId = await caseWith([
      [b, 'LEAD'],
      [c, 'LEAD'],
      [d, 'LEAD'],
      ...rest.map((e): [string, Role] => [e, 'INVESTIGATOR']),
    ]);
    const since = await h.prisma.auditEvent.aggregate({ _max: { id: true } });
    const actors = [a, b, c, d];
    const targets = people;
    const roles: Role[] = ['LEAD', 'INVESTIGATOR', 'REVIEWER'];
    const changes = Array.from({ length: 20 }, (_, i) => {
      const as = actors[i % actors.length]!;
      const target = targets[(i * 3 + 1) % targets.length]!;
      return i % 5 === 4 ? remove(as, caseId, target) : setRole(as, caseId, target, roles[i % roles.length]!);
    });
    const results = await Promise.all(changes);
    expectOnlyRefusals(results);
    const succeeded = results.filter((r) => !r.errors).length;
    expect(succeeded).toBeGreaterThan(0);
    expect(await leads(caseId)).toBeGreaterThanOrEqual(1);

    // Every change that went through was audited once, and replaying the trail in order gives
    // exactly the members the case has now.
    const trail = await h.prisma.auditEvent.findMany({
      where: {
        caseId,
        action: { in: ['case.member.add', 'case.member.remove'] },
        id: { gt: since._max.id ?? 0n },
      },
      orderBy: { id: 'asc' },
    });
    expect(trail).toHaveLength(succeeded);
    const replayed = new Map<string, string>([
      [id(a), 'LEAD'],
      [id(b), 'LEAD'],
      [id(c), 'LEAD'],
      [id(d), 'LEAD'],
      ...rest.map((e): [string, string] => [id(e), 'INVESTIGATOR']),
    ]);
    for (const e of trail) {
      const details = e.details as { userId: string; role?: string };
      if (e.action === 'case.member.remove') replayed.delete(details.userId);
      else replayed.set(details.userId, details.role!);
    }
    const now = await h.prisma.caseMember.findMany({ where: { caseId } });
    expect(new Map(now.map((m) => [m.userId, m.role as string]))).toEqual(replayed);
    expect((await verifyAuditChain(h.prisma)).ok).toBe(true);
  });
});
