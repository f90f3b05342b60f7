import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

const STATUS =
  'mutation($id: ID!, $s: CaseStatus!, $r: String) { setCaseStatus(caseId: $id, status: $s, reason: $r) { status } }';
const VERDICT =
  'mutation($m: ID!, $v: VerdictValue!, $r: String!, $a: [ID!]) { giveVerdict(mediaId: $m, value: $v, rationale: $r, analysisIds: $a) { id value supersedesId } }';

describe('case workflow and verdicts', () => {
  let h: Harness;
  let lead: string;
  let reviewer: string;
  let outsider: string;
  let caseId: string;
  let mediaId: string;
  let analysisId: string;

  beforeAll(async () => {
    h = await startHarness();
    lead = await h.user('lead@example.test');
    reviewer = await h.user('rev@example.test', 'REVIEWER');
    outsider = await h.user('out@example.test');
    caseId = (
      await h.gql<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "W" }) { id } }',
        {},
        { token: lead },
      )
    ).data!.createCase.id;
    await h.gql(
      'mutation($id: ID!) { addCaseMember(caseId: $id, email: "rev@example.test", role: REVIEWER) { id } }',
      { id: caseId },
      { token: lead },
    );
    const form = new FormData();
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'x.png');
    const up = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: form,
    });
    const body = (await up.json()) as { media: { id: string; analysisId: string }[] };
    mediaId = body.media[0]!.id;
    analysisId = body.media[0]!.analysisId;
  });
  afterAll(() => h.stop());

  it('moves OPEN → IN_REVIEW → CLOSED and reopens only with a reason', async () => {
    expect(
      (
        await h.gql<{ setCaseStatus: { status: string } }>(
          STATUS,
          { id: caseId, s: 'IN_REVIEW' },
          { token: lead },
        )
      ).data?.setCaseStatus.status,
    ).toBe('IN_REVIEW');
    expect(codeOf(await h.gql(STATUS, { id: caseId, s: 'IN_REVIEW' }, { token: lead }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (
        await h.gql<{ setCaseStatus: { status: string } }>(
          STATUS,
          { id: caseId, s: 'CLOSED' },
          { token: lead },
        )
      ).data?.setCaseStatus.status,
    ).toBe('CLOSED');
    const noReason = await h.gql(STATUS, { id: caseId, s: 'OPEN' }, { token: lead });
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
    expect(noReason.errors?.[0]?.message).toMatch(/needs a reason/);
    expect(codeOf(await h.gql(STATUS, { id: caseId, s: 'IN_REVIEW' }, { token: lead }))).toBe(
      'BAD_USER_INPUT',
    );
    const reopened = await h.gql<{ setCaseStatus: { status: string } }>(
      STATUS,
      { id: caseId, s: 'OPEN', r: 'New evidence arrived' },
      { token: lead },
    );
    expect(reopened.data?.setCaseStatus.status).toBe('OPEN');
    expect(codeOf(await h.gql(STATUS, { id: caseId, s: 'CLOSED' }, { token: reviewer }))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(STATUS, { id: caseId, s: 'CLOSED' }, { token: outsider }))).toBe('NOT_FOUND');
    const trail = await h.prisma.auditEvent.findMany({
      where: { caseId, action: 'case.status' },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => (e.details as { to: string }).to)).toEqual(['IN_REVIEW', 'CLOSED', 'OPEN']);
  });

  it('lets a reviewer give a verdict citing the analysis; a new one supersedes, history kept', async () => {
    const first = await h.gql<{ giveVerdict: { id: string; value: string; supersedesId: null } }>(
      VERDICT,
      { m: mediaId, v: 'INCONCLUSIVE', r: 'Need the original file', a: [analysisId] },
      { token: reviewer },
    );
    expect(first.errors).toBeUndefined();
    const second = await h.gql<{ giveVerdict: { id: string; supersedesId: string } }>(
      VERDICT,
      { m: mediaId, v: 'MANIPULATED', r: 'Splice visible' },
      { token: lead },
    );
    expect(second.data?.giveVerdict.supersedesId).toBe(first.data?.giveVerdict.id);
    const media = await h.gql<{ media: { verdict: { value: string }; verdicts: { value: string }[] } }>(
      'query($id: ID!) { media(id: $id) { verdict { value } verdicts { value } } }',
      { id: mediaId },
      { token: reviewer },
    );
    expect(media.data?.media.verdict.value).toBe('MANIPULATED');
    expect(media.data?.media.verdicts.map((v) => v.value)).toEqual(['MANIPULATED', 'INCONCLUSIVE']);
  });

  it('keeps both of two concurrent verdicts, in a single line of supersession', async () => {
    const [a, b] = await Promise.all([
      h.gql(VERDICT, { m: mediaId, v: 'AUTHENTIC', r: 'A' }, { token: lead }),
      h.gql(VERDICT, { m: mediaId, v: 'MANIPULATED', r: 'B' }, { token: reviewer }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const all = await h.prisma.verdict.findMany({ where: { mediaId } });
    expect(all).toHaveLength(4);
    // A chain: exactly one verdict is superseded by none, each other is superseded exactly once.
    const superseded = new Set(all.map((v) => v.supersedesId).filter(Boolean));
    expect(all.filter((v) => !superseded.has(v.id))).toHaveLength(1);
    expect(superseded.size).toBe(3);
  });

  it('refuses bad verdicts: outsiders, foreign analyses, empty rationale', async () => {
    expect(codeOf(await h.gql(VERDICT, { m: mediaId, v: 'AUTHENTIC', r: 'x' }, { token: outsider }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await h.gql(VERDICT, { m: mediaId, v: 'AUTHENTIC', r: '  ' }, { token: lead }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(
        await h.gql(
          VERDICT,
          { m: mediaId, v: 'AUTHENTIC', r: 'x', a: ['00000000-0000-4000-8000-000000000000'] },
          { token: lead },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(VERDICT, { m: mediaId, v: 'MAYBE', r: 'x' }, { token: lead }))).toMatch(
      /BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/,
    );
  });
});
