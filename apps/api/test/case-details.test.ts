import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

describe('case tags, assignees and notes', () => {
  let h: Harness;
  let lead: string;
  let reviewer: string;
  let outsider: string;
  let caseId: string;
  let otherCaseId: string;
  let mediaId: string;
  let reviewerId: string;

  beforeAll(async () => {
    h = await startHarness();
    lead = await h.user('lead@example.test');
    reviewer = await h.user('rev@example.test', 'REVIEWER');
    outsider = await h.user('out@example.test');
    const mk = async (title: string) =>
      (
        await h.gql<{ createCase: { id: string } }>(
          'mutation($t: String!) { createCase(input: { title: $t }) { id } }',
          { t: title },
          { token: lead },
        )
      ).data!.createCase.id;
    caseId = await mk('Tagged');
    otherCaseId = await mk('Other');
    const added = await h.gql<{ addCaseMember: { members: { role: string; user: { id: string } }[] } }>(
      'mutation($id: ID!) { addCaseMember(caseId: $id, email: "rev@example.test", role: REVIEWER) { members { role user { id } } } }',
      { id: caseId },
      { token: lead },
    );
    reviewerId = added.data!.addCaseMember.members.find((m) => m.role === 'REVIEWER')!.user.id;
    const form = new FormData();
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#445566' } })
      .png()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'n.png');
    const up = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: form,
    });
    mediaId = ((await up.json()) as { media: { id: string }[] }).media[0]!.id;
  });
  afterAll(() => h.stop());

  it('sets tags (normalised) and refuses bad ones', async () => {
    const r = await h.gql<{ setCaseTags: { tags: string[] } }>(
      'mutation($id: ID!, $t: [String!]!) { setCaseTags(caseId: $id, tags: $t) { tags } }',
      { id: caseId, t: [' Election ', 'viral', 'election', ''] },
      { token: lead },
    );
    expect(r.data?.setCaseTags.tags).toEqual(['election', 'viral']);
    const long = await h.gql(
      'mutation($id: ID!, $t: [String!]!) { setCaseTags(caseId: $id, tags: $t) { tags } }',
      { id: caseId, t: ['x'.repeat(41)] },
      { token: lead },
    );
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    const asReviewer = await h.gql(
      'mutation($id: ID!) { setCaseTags(caseId: $id, tags: ["x"]) { tags } }',
      { id: caseId },
      { token: reviewer },
    );
    expect(codeOf(asReviewer)).toBe('FORBIDDEN');
    const asOutsider = await h.gql(
      'mutation($id: ID!) { setCaseTags(caseId: $id, tags: ["x"]) { tags } }',
      { id: caseId },
      { token: outsider },
    );
    expect(codeOf(asOutsider)).toBe('NOT_FOUND');
  });

  it('assigns members only, and unassigns', async () => {
    const ASSIGN =
      'mutation($c: ID!, $u: ID!, $a: Boolean!) { setCaseAssignee(caseId: $c, userId: $u, assigned: $a) { assignees { email } members { assigned user { email } } } }';
    const r = await h.gql<{ setCaseAssignee: { assignees: { email: string }[] } }>(
      ASSIGN,
      { c: caseId, u: reviewerId, a: true },
      { token: lead },
    );
    expect(r.data?.setCaseAssignee.assignees).toEqual([{ email: 'rev@example.test' }]);
    const notMember = await h.gql(ASSIGN, { c: otherCaseId, u: reviewerId, a: true }, { token: lead });
    expect(codeOf(notMember)).toBe('BAD_USER_INPUT');
    const off = await h.gql<{ setCaseAssignee: { assignees: unknown[] } }>(
      ASSIGN,
      { c: caseId, u: reviewerId, a: false },
      { token: lead },
    );
    expect(off.data?.setCaseAssignee.assignees).toEqual([]);
  });

  it('adds notes to the case and to its media; reads them back; keeps them out of reach of others', async () => {
    const NOTE =
      'mutation($c: ID!, $m: ID, $b: String!) { addNote(caseId: $c, mediaId: $m, body: $b) { id body mediaId author { email } } }';
    expect((await h.gql(NOTE, { c: caseId, b: 'Source contacted' }, { token: lead })).errors).toBeUndefined();
    const onMedia = await h.gql<{ addNote: { mediaId: string } }>(
      NOTE,
      { c: caseId, m: mediaId, b: 'Shadows inconsistent' },
      { token: lead },
    );
    expect(onMedia.data?.addNote.mediaId).toBe(mediaId);
    expect(codeOf(await h.gql(NOTE, { c: otherCaseId, m: mediaId, b: 'wrong case' }, { token: lead }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await h.gql(NOTE, { c: caseId, b: '   ' }, { token: lead }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(NOTE, { c: caseId, b: 'x' }, { token: outsider }))).toBe('NOT_FOUND');
    const read = await h.gql<{
      case: { notes: { totalCount: number; edges: { node: { body: string } }[] } };
      media: { notes: { totalCount: number } };
    }>(
      'query($c: ID!, $m: ID!) { case(id: $c) { notes { totalCount edges { node { body } } } } media(id: $m) { notes { totalCount } } }',
      { c: caseId, m: mediaId },
      { token: reviewer },
    );
    expect(read.data?.case.notes.totalCount).toBe(2);
    expect(read.data?.case.notes.edges[0]?.node.body).toBe('Shadows inconsistent');
    expect(read.data?.media.notes.totalCount).toBe(1);
    const actions = (await h.prisma.auditEvent.findMany({ where: { caseId } })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['case.tags', 'case.assign', 'case.unassign', 'note.add']),
    );
  });

  it('lets only administrators start a detector re-index, and shows its progress', async () => {
    const START = 'mutation { reindexDetectorEmbeddings { id status progress total } }';
    expect(codeOf(await h.gql(START, {}, { token: lead }))).toBe('FORBIDDEN');
    const started = await h.gql<{ reindexDetectorEmbeddings: { id: string; status: string } }>(
      START,
      {},
      { token: h.adminToken },
    );
    expect(started.data?.reindexDetectorEmbeddings.status).toBe('QUEUED');
    const id = started.data!.reindexDetectorEmbeddings.id;
    const jobs = await h.prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'reindex-detector'`;
    expect(Number(jobs[0]!.n)).toBe(1);
    const read = await h.gql<{ reindexRun: { id: string; progress: number } }>(
      'query($id: ID!) { reindexRun(id: $id) { id progress } }',
      { id },
      { token: h.adminToken },
    );
    expect(read.data?.reindexRun).toEqual({ id, progress: 0 });
  });
});
