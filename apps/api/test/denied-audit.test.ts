import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

// Every refused read or write by a signed-in user is on the record (issue 13): who, what, why.

describe('refused requests are audited', () => {
  let h: Harness;
  let lead: string;
  let reviewer: string;
  let outsider: string;
  let outsiderId: string;
  let caseId: string;
  let mediaId: string;

  const denied = () =>
    h.prisma.auditEvent.findMany({ where: { action: 'access.denied' }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    h = await startHarness();
    lead = await h.user('lead@denied.test');
    reviewer = await h.user('reviewer@denied.test', 'REVIEWER');
    outsider = await h.user('outsider@denied.test');
    outsiderId = (await h.prisma.user.findUniqueOrThrow({ where: { email: 'outsider@denied.test' } })).id;
    caseId = await h.make.case(lead, 'Private');
    await h.make.member(lead, caseId, 'reviewer@denied.test', 'REVIEWER');
    mediaId = await h.make.png(lead, caseId);
  });
  afterAll(() => h.stop());

  it('records a non-member reading a case, with actor, target, reason, on the case trail', async () => {
    const r = await h.gql(
      'query Peek($caseId: ID!) { case(id: $caseId) { title } }',
      { caseId },
      { token: outsider },
    );
    expect(codeOf(r)).toBe('NOT_FOUND');
    const [event] = await denied();
    expect(event).toMatchObject({
      actorId: outsiderId,
      action: 'access.denied',
      targetType: 'graphql:Peek:case',
      targetId: caseId,
      caseId,
      details: { code: 'NOT_FOUND', ids: [caseId] },
    });
    // The case's members see the attempt in their own trail.
    const trail = await h.gql<{ case: { auditEvents: { edges: { node: { action: string } }[] } } }>(
      'query($id: ID!) { case(id: $id) { auditEvents(first: 5, action: "access.denied") { edges { node { action } } } } }',
      { id: caseId },
      { token: lead },
    );
    expect(trail.data?.case.auditEvents.edges).toHaveLength(1);
  });

  it('records a reviewer refused an edit (FORBIDDEN), and non-members refused downloads and uploads', async () => {
    const before = (await denied()).length;
    const edit = await h.gql(
      'mutation Rename($caseId: ID!) { updateCase(id: $caseId, input: { title: "x" }) { id } }',
      { caseId },
      { token: reviewer },
    );
    expect(codeOf(edit)).toBe('FORBIDDEN');
    const download = await fetch(`${h.url}/api/media/${mediaId}/original`, {
      headers: { authorization: `Bearer ${outsider}` },
    });
    expect(download.status).toBe(404);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'x.png');
    const upload = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${outsider}` },
      body: form,
    });
    expect(upload.status).toBe(404);

    const events = (await denied()).slice(before);
    expect(events.map((e) => [e.targetType, (e.details as { code: string }).code])).toEqual([
      ['graphql:Rename:updateCase', 'FORBIDDEN'],
      ['http:original', 'NOT_FOUND'],
      ['http:upload', 'NOT_FOUND'],
    ]);
    expect(events[1]).toMatchObject({ actorId: outsiderId, targetId: mediaId });
    expect(events[2]).toMatchObject({ actorId: outsiderId, caseId });
  });

  it('does not record anonymous requests (no actor; anyone could grow the chain)', async () => {
    const before = (await denied()).length;
    const r = await h.gql('query($caseId: ID!) { case(id: $caseId) { title } }', { caseId });
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(await denied()).toHaveLength(before);
  });
});
