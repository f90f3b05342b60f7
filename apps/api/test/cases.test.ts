import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

const CREATE =
  'mutation($i: CreateCaseInput!) { createCase(input: $i) { id title description status myRole members { role user { email } } } }';
const GET =
  'query($id: ID!) { case(id: $id) { id title description myRole members { role user { id email } } } }';
const LIST =
  'query($first: Int, $after: String) { cases(first: $first, after: $after) { totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }';

type CaseData = {
  id: string;
  title: string;
  description: string;
  status: string;
  myRole: string | null;
  members: { role: string; user: { id: string; email: string } }[];
};

describe('cases', () => {
  let h: Harness;
  let alice: string; // investigator, owns a case
  let bob: string; // investigator, outsider
  let rita: string; // reviewer
  let aliceCase: CaseData;

  const create = async (token: string, i: Record<string, unknown>) =>
    h.gql<{ createCase: CaseData }>(CREATE, { i }, { token });

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.user('alice@example.test');
    bob = await h.user('bob@example.test');
    rita = await h.user('rita@example.test', 'REVIEWER');
    const r = await create(alice, {
      title: '  Viral clip of the mayor  ',
      description: 'Received from the desk',
    });
    expect(r.errors).toBeUndefined();
    aliceCase = r.data!.createCase;
  });
  afterAll(() => h.stop());

  it('creates a case with its creator as lead, trimming the title', () => {
    expect(aliceCase).toMatchObject({ title: 'Viral clip of the mayor', status: 'OPEN', myRole: 'LEAD' });
    expect(aliceCase.members).toEqual([{ role: 'LEAD', user: { email: 'alice@example.test' } }]);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['a blank title', { title: '   ' }],
    ['a 10 kB title', { title: 'x'.repeat(10_240) }],
    ['a 20 kB description', { title: 'ok', description: 'y'.repeat(20_000) }],
    // PostgreSQL cannot store NUL: this used to be a 500.
    ['a NUL byte in the title', { title: 'case\u0000one' }],
    ['a NUL byte in the description', { title: 'ok', description: 'a\u0000b' }],
    ['a right-to-left override in the title', { title: 'invoice\u202Egpj.exe' }],
    ['a title of zero-width characters only', { title: '\u200B\u200D\uFEFF' }],
    ['a line break in the title', { title: 'two\nlines' }],
  ])('rejects %s with BAD_USER_INPUT', async (_name, input) => {
    const r = await create(alice, input);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/title|description/i);
  });

  it('keeps titles in any script, with emoji, as typed', async () => {
    const title = 'تحقيق · חקירה · расследование 🔍';
    const r = await create(alice, { title });
    expect(r.errors).toBeUndefined();
    expect(r.data?.createCase.title).toBe(title);
  });

  it('rejects a missing title at validation, before any resolver', async () => {
    const r = await create(alice, { description: 'no title' });
    expect(r.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  it('does not let reviewers open cases', async () => {
    expect(codeOf(await create(rita, { title: 'mine' }))).toBe('FORBIDDEN');
  });

  it('requires authentication', async () => {
    expect(codeOf(await h.gql(LIST, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await create('not-a-token', { title: 'x' }))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an unknown id', '00000000-0000-4000-8000-000000000000'],
    ['a malformed id', 'not-a-uuid'],
    ['a SQL-ish id', "1' OR '1'='1"],
  ])('answers NOT_FOUND for %s', async (_name, id) => {
    const r = await h.gql(GET, { id }, { token: alice });
    expect(codeOf(r)).toBe('NOT_FOUND');
  });

  it("hides another user's case entirely: NOT_FOUND, no data, not listed, no mutation takes effect", async () => {
    const read = await h.gql<{ case: CaseData }>(GET, { id: aliceCase.id }, { token: bob });
    expect(codeOf(read)).toBe('NOT_FOUND');
    expect(read.data).toBeNull();
    const list = await h.gql<{ cases: { totalCount: number } }>(LIST, {}, { token: bob });
    expect(list.data?.cases.totalCount).toBe(0);
    const upd = await h.gql(
      'mutation($id: ID!) { updateCase(id: $id, input: { title: "pwned" }) { id } }',
      { id: aliceCase.id },
      { token: bob },
    );
    expect(codeOf(upd)).toBe('NOT_FOUND');
    const add = await h.gql(
      'mutation($id: ID!) { addCaseMember(caseId: $id, email: "bob@example.test", role: LEAD) { id } }',
      { id: aliceCase.id },
      { token: bob },
    );
    expect(codeOf(add)).toBe('NOT_FOUND');
    const after = await h.prisma.case.findUniqueOrThrow({
      where: { id: aliceCase.id },
      include: { members: true },
    });
    expect(after.title).toBe('Viral clip of the mayor');
    expect(after.members).toHaveLength(1);
  });

  it('lets admins see every case', async () => {
    const r = await h.gql<{ case: CaseData }>(GET, { id: aliceCase.id }, { token: h.adminToken });
    expect(r.data?.case.title).toBe('Viral clip of the mayor');
    expect(r.data?.case.myRole).toBeNull();
  });

  it('updates title and description for editors; reviewers get FORBIDDEN', async () => {
    const upd = await h.gql<{ updateCase: CaseData }>(
      'mutation($id: ID!, $i: UpdateCaseInput!) { updateCase(id: $id, input: $i) { title description } }',
      { id: aliceCase.id, i: { description: 'Updated notes' } },
      { token: alice },
    );
    expect(upd.data?.updateCase).toEqual({ title: 'Viral clip of the mayor', description: 'Updated notes' });
    const badTitle = await h.gql(
      'mutation($id: ID!) { updateCase(id: $id, input: { title: "" }) { id } }',
      { id: aliceCase.id },
      { token: alice },
    );
    expect(codeOf(badTitle)).toBe('BAD_USER_INPUT');

    const add = await h.gql<{ addCaseMember: CaseData }>(
      'mutation($id: ID!) { addCaseMember(caseId: $id, email: "RITA@example.test", role: REVIEWER) { members { role user { email } } } }',
      { id: aliceCase.id },
      { token: alice },
    );
    expect(add.data?.addCaseMember.members.map((m) => m.user.email)).toContain('rita@example.test');
    const asReviewer = await h.gql<{ case: CaseData }>(GET, { id: aliceCase.id }, { token: rita });
    expect(asReviewer.data?.case.myRole).toBe('REVIEWER');
    const reviewerEdit = await h.gql(
      'mutation($id: ID!) { updateCase(id: $id, input: { title: "changed" }) { id } }',
      { id: aliceCase.id },
      { token: rita },
    );
    expect(codeOf(reviewerEdit)).toBe('FORBIDDEN');
  });

  it('manages members: unknown email is refused, the last lead stays, removal revokes access', async () => {
    const unknown = await h.gql(
      'mutation($id: ID!) { addCaseMember(caseId: $id, email: "ghost@example.test", role: INVESTIGATOR) { id } }',
      { id: aliceCase.id },
      { token: alice },
    );
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    const members = (await h.gql<{ case: CaseData }>(GET, { id: aliceCase.id }, { token: alice })).data!.case
      .members;
    const aliceId = members.find((m) => m.user.email === 'alice@example.test')!.user.id;
    const ritaId = members.find((m) => m.user.email === 'rita@example.test')!.user.id;
    const lastLead = await h.gql(
      'mutation($id: ID!, $u: ID!) { removeCaseMember(caseId: $id, userId: $u) { id } }',
      { id: aliceCase.id, u: aliceId },
      { token: alice },
    );
    expect(codeOf(lastLead)).toBe('BAD_USER_INPUT');
    // Nor may the last lead demote themself (re-adding with another role).
    const demoted = await h.gql(
      'mutation($id: ID!) { addCaseMember(caseId: $id, email: "alice@example.test", role: INVESTIGATOR) { id } }',
      { id: aliceCase.id },
      { token: alice },
    );
    expect(codeOf(demoted)).toBe('BAD_USER_INPUT');
    expect(demoted.errors?.[0]?.message).toMatch(/at least one lead/);
    const stillLead = (await h.gql<{ case: CaseData }>(GET, { id: aliceCase.id }, { token: alice })).data!
      .case;
    expect(stillLead.members.find((m) => m.user.email === 'alice@example.test')?.role).toBe('LEAD');
    const removed = await h.gql(
      'mutation($id: ID!, $u: ID!) { removeCaseMember(caseId: $id, userId: $u) { members { user { email } } } }',
      { id: aliceCase.id, u: ritaId },
      { token: alice },
    );
    expect(removed.errors).toBeUndefined();
    expect(codeOf(await h.gql(GET, { id: aliceCase.id }, { token: rita }))).toBe('NOT_FOUND');
  });

  it('paginates with opaque cursors, newest first, without gaps or repeats', async () => {
    const carol = await h.user('carol@example.test');
    const titles = Array.from({ length: 7 }, (_, i) => `Case ${i}`);
    for (const title of titles) expect((await create(carol, { title })).errors).toBeUndefined();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r: Awaited<
        ReturnType<
          typeof h.gql<{
            cases: {
              totalCount: number;
              edges: { node: { title: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            };
          }>
        >
      > = await h.gql(LIST, { first: 3, after }, { token: carol });
      expect(r.data?.cases.totalCount).toBe(7);
      seen.push(...r.data!.cases.edges.map((e) => e.node.title));
      if (!r.data!.cases.pageInfo.hasNextPage) break;
      after = r.data!.cases.pageInfo.endCursor;
    }
    expect(seen).toEqual([...titles].reverse());
    expect(codeOf(await h.gql(LIST, { first: 0 }, { token: carol }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(LIST, { first: 1000 }, { token: carol }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(LIST, { after: 'garbage' }, { token: carol }))).toBe('BAD_USER_INPUT');
  });

  it('records every mutation and sign-in in an audit chain that verifies', async () => {
    const { verifyAuditChain } = await import('@loupe/audit');
    const actions = (
      await h.prisma.auditEvent.findMany({ where: { caseId: aliceCase.id }, orderBy: { id: 'asc' } })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['case.create', 'case.update', 'case.member.add', 'case.member.remove']),
    );
    expect(await h.prisma.auditEvent.count({ where: { action: 'auth.login' } })).toBeGreaterThan(3);
    expect(await h.prisma.auditEvent.count({ where: { action: 'user.create' } })).toBeGreaterThan(3);
    // Refused attempts leave nothing but the trail of the refusal: no case.update by bob.
    const bobUpdates = await h.prisma.auditEvent.count({
      where: { action: 'case.update', details: { path: ['changed'], array_contains: ['title'] } },
    });
    expect(bobUpdates).toBe(0);
    expect((await verifyAuditChain(h.prisma)).ok).toBe(true);
  });

  it('exposes the case trail to members only, and chain verification to admins only', async () => {
    const TRAIL =
      'query($id: ID!) { case(id: $id) { auditEvents(first: 2) { totalCount edges { node { action actor { email } hash prevHash } } pageInfo { hasNextPage endCursor } } } }';
    const trail = await h.gql<{
      case: {
        auditEvents: {
          totalCount: number;
          edges: { node: { action: string } }[];
          pageInfo: { hasNextPage: boolean };
        };
      };
    }>(TRAIL, { id: aliceCase.id }, { token: alice });
    expect(trail.data?.case.auditEvents.totalCount).toBeGreaterThanOrEqual(4);
    expect(trail.data?.case.auditEvents.edges).toHaveLength(2);
    expect(trail.data?.case.auditEvents.pageInfo.hasNextPage).toBe(true);
    expect(codeOf(await h.gql(TRAIL, { id: aliceCase.id }, { token: bob }))).toBe('NOT_FOUND');
    const VERIFY = '{ verifyAuditChain { ok checked firstBrokenEvent { id } } }';
    expect(codeOf(await h.gql(VERIFY, {}, { token: alice }))).toBe('FORBIDDEN');
    const v = await h.gql<{ verifyAuditChain: { ok: boolean; checked: number; firstBrokenEvent: null } }>(
      VERIFY,
      {},
      { token: h.adminToken },
    );
    expect(v.data?.verifyAuditChain).toMatchObject({ ok: true, firstBrokenEvent: null });
    expect(v.data?.verifyAuditChain.checked).toBeGreaterThan(10);
  });
});
