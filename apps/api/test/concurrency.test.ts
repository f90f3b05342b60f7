import { verifyAuditChain } from '@loupe/audit';
import { onRealPostgres, REAL_POSTGRES_ONLY } from '@loupe/db/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

// Races only a real server shows: PGlite runs one statement at a time through one session, so
// there two transactions never interleave. scripts/test.mjs fails the real-server run if these
// did not run and pass there.

const VERDICT =
  'mutation($m: ID!, $v: VerdictValue!, $r: String!) { giveVerdict(mediaId: $m, value: $v, rationale: $r) { id supersedesId } }';
const VALUES = ['AUTHENTIC', 'MANIPULATED', 'INCONCLUSIVE'] as const;

describe.runIf(onRealPostgres)(`${REAL_POSTGRES_ONLY} concurrent verdicts`, () => {
  let h: Harness;
  let lead: string;
  let mediaId: string;

  beforeAll(async () => {
    h = await startHarness();
    lead = await h.user('lead@example.test');
    const caseId = (
      await h.gql<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "Race" }) { id } }',
        {},
        { token: lead },
      )
    ).data!.createCase.id;
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#204060' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'race.png');
    const up = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: form,
    });
    expect(up.status).toBe(201);
    mediaId = ((await up.json()) as { media: { id: string }[] }).media[0]!.id;
  });
  afterAll(() => h?.stop());

  it('keeps all of 40 verdicts given at once on one item, in one line of history with one current', async () => {
    const n = 40;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        h.gql<{ giveVerdict: { id: string; supersedesId: string | null } }>(
          VERDICT,
          { m: mediaId, v: VALUES[i % VALUES.length], r: `verdict ${i}` },
          { token: lead },
        ),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);

    const all = await h.prisma.verdict.findMany({ where: { mediaId } });
    expect(all).toHaveLength(n);
    expect(new Set(results.map((r) => r.data?.giveVerdict.id))).toEqual(new Set(all.map((v) => v.id)));

    // One line: exactly one first verdict, every other supersedes a distinct one, and walking
    // back from the single current verdict visits all of them.
    const superseded = new Set(all.map((v) => v.supersedesId).filter((id) => id !== null));
    expect(all.filter((v) => v.supersedesId === null)).toHaveLength(1);
    expect(superseded.size).toBe(n - 1);
    const current = all.filter((v) => !superseded.has(v.id));
    expect(current).toHaveLength(1);
    const byId = new Map(all.map((v) => [v.id, v]));
    const line: string[] = [];
    for (let v = current[0]; v; v = v.supersedesId ? byId.get(v.supersedesId) : undefined) line.push(v.id);
    expect(line).toHaveLength(n);

    // The API tells the same story: the current verdict is the head, the history is the line.
    const media = await h.gql<{ media: { verdict: { id: string }; verdicts: { id: string }[] } }>(
      'query($id: ID!) { media(id: $id) { verdict { id } verdicts { id } } }',
      { id: mediaId },
      { token: lead },
    );
    expect(media.data?.media.verdict.id).toBe(current[0]!.id);
    expect(media.data?.media.verdicts.map((v) => v.id)).toEqual(line);

    // Each verdict was audited once, and the chain stayed linear under the same load.
    const audited = await h.prisma.auditEvent.count({ where: { action: 'verdict.give', targetId: mediaId } });
    expect(audited).toBe(n);
    expect((await verifyAuditChain(h.prisma)).ok).toBe(true);
  });
});
