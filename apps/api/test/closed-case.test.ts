import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

// A CLOSED case is read-only until it is reopened with a reason (issue 13: it still accepted
// uploads, notes, title edits and verdicts). Reads and reports stay available.

const STATUS =
  'mutation($id: ID!, $s: CaseStatus!, $r: String) { setCaseStatus(caseId: $id, status: $s, reason: $r) { status } }';

describe('a closed case', () => {
  let h: Harness;
  let lead: string;
  let caseId: string;
  let mediaId: string;

  const upload = async (bytes: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'x.png');
    const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: form,
    });
    return {
      status: res.status,
      body: (await res.json()) as { media: { id: string }[]; error?: { message: string } },
    };
  };

  const writes = () => ({
    'updateCase title': () =>
      h.gql(
        'mutation($id: ID!) { updateCase(id: $id, input: { title: "Renamed" }) { id } }',
        { id: caseId },
        { token: lead },
      ),
    'a case note': () =>
      h.gql(
        'mutation($id: ID!) { addNote(caseId: $id, body: "late note") { id } }',
        { id: caseId },
        { token: lead },
      ),
    'a media note': () =>
      h.gql(
        'mutation($id: ID!, $m: ID!) { addNote(caseId: $id, mediaId: $m, body: "late note") { id } }',
        { id: caseId, m: mediaId },
        { token: lead },
      ),
    tags: () =>
      h.gql(
        'mutation($id: ID!) { setCaseTags(caseId: $id, tags: ["late"]) { id } }',
        { id: caseId },
        { token: lead },
      ),
    'a verdict': () =>
      h.gql(
        'mutation($m: ID!) { giveVerdict(mediaId: $m, value: MANIPULATED, rationale: "late") { id } }',
        { m: mediaId },
        { token: lead },
      ),
  });

  beforeAll(async () => {
    h = await startHarness();
    lead = await h.user('closer@example.test');
    caseId = await h.make.case(lead, 'To be closed');
    mediaId = await h.make.png(lead, caseId);
    for (const s of ['IN_REVIEW', 'CLOSED']) {
      const r = await h.gql(STATUS, { id: caseId, s }, { token: lead });
      expect(r.errors).toBeUndefined();
    }
  });
  afterAll(() => h.stop());

  it('refuses every change with FORBIDDEN and a message saying how to reopen, and nothing changes', async () => {
    for (const [name, write] of Object.entries(writes())) {
      const r = await write();
      expect({ name, code: codeOf(r) }).toEqual({ name, code: 'FORBIDDEN' });
      expect(r.errors?.[0]?.message).toMatch(/closed and read-only\. Reopen it/);
    }
    const other = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#602040' } })
      .png()
      .toBuffer();
    const up = await upload(other);
    expect(up.status).toBe(403);
    expect(up.body.error?.message).toMatch(/closed and read-only/);

    const c = await h.gql<{
      case: { title: string; tags: string[]; notes: { totalCount: number }; media: { totalCount: number } };
    }>(
      'query($id: ID!) { case(id: $id) { title tags notes { totalCount } media { totalCount } } }',
      { id: caseId },
      {
        token: lead,
      },
    );
    expect(c.data?.case).toEqual({
      title: 'To be closed',
      tags: [],
      notes: { totalCount: 0 },
      media: { totalCount: 1 },
    });
  });

  it('stays readable and reportable', async () => {
    const r = await h.gql('query($id: ID!) { media(id: $id) { id } }', { id: mediaId }, { token: lead });
    expect(r.errors).toBeUndefined();
    const report = await h.gql(
      'mutation($id: ID!) { generateReport(caseId: $id) { id } }',
      { id: caseId },
      { token: lead },
    );
    expect(report.errors).toBeUndefined();
  });

  it('accepts changes again once reopened with a reason', async () => {
    expect(codeOf(await h.gql(STATUS, { id: caseId, s: 'OPEN' }, { token: lead }))).toBe('BAD_USER_INPUT');
    const reopened = await h.gql(
      STATUS,
      { id: caseId, s: 'OPEN', r: 'New footage arrived' },
      { token: lead },
    );
    expect(reopened.errors).toBeUndefined();
    for (const [name, write] of Object.entries(writes())) {
      const r = await write();
      expect({ name, errors: r.errors }).toEqual({ name, errors: undefined });
    }
  });
});
