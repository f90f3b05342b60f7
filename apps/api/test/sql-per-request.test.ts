// How many SQL statements a request costs must not grow with the rows it returns: a resolver
// that reads once per row (N+1) turns a page of 100 items into 100+ round trips under load. Each
// query here is the web's own document (apps/web/lib/operations.ts), sent for a small and a large
// set of rows; the two counts must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_MEDIA_QUERY,
  CASE_QUERY,
  CASES_QUERY,
  MEDIA_QUERY,
  SIMILAR_QUERY,
} from '../../web/lib/operations.ts';
import { startHarness, type Harness } from './harness.ts';
import { seedAnalysedMedia, seedCases, seedKnownFakes, seedMembers, seedUsers } from './seed.ts';

let h: Harness;
let token: string;
let userId: string;

/** The statements one request sent, without the session's once-a-minute lastSeenAt refresh. */
async function statementsFor(query: string, variables: Record<string, unknown>) {
  const before = h.statements.length;
  const r = await h.gql(query, variables, { token });
  expect(r.errors).toBeUndefined();
  const sent = h.statements.slice(before).filter((s) => !/^UPDATE "public"\."sessions"/.test(s));
  return { data: (r.data ?? {}) as Record<string, unknown>, sent };
}

/** A case led by the investigator, with `n` analysed items, each judged and nearly duplicating. */
async function caseWith(n: number) {
  const [caseId] = await seedCases(h.prisma, userId, 1);
  const others = await seedUsers(h.prisma, n, `member${n}`);
  await seedMembers(h.prisma, caseId!, others);
  const fakes = await seedKnownFakes(h.prisma, userId, n);
  const media = await seedAnalysedMedia(h.prisma, {
    caseId: caseId!,
    uploadedById: userId,
    count: n,
    verdictsBy: others,
    nearDuplicates: fakes,
  });
  return { caseId: caseId!, mediaId: media[0]!.id };
}

beforeAll(async () => {
  h = await startHarness();
  token = await h.user('counted@example.test');
  const me = await h.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
  userId = me.data!.me.id;
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('SQL statements per request do not grow with the rows returned', () => {
  it('a signed-in request costs one statement to know its viewer', async () => {
    const { sent } = await statementsFor('{ __typename }', {});
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/FROM sessions s JOIN users u/);
  });

  it('the case list: 5 cases and 25 cases', async () => {
    await seedCases(h.prisma, userId, 5);
    const small = await statementsFor(CASES_QUERY.toString(), { first: 30 });
    await seedCases(h.prisma, userId, 20);
    const large = await statementsFor(CASES_QUERY.toString(), { first: 30 });
    expect(small.data.cases).toMatchObject({ totalCount: 5 });
    expect(large.data.cases).toMatchObject({ totalCount: 25 });
    expect((large.data.cases as { edges: { node: { myRole: string } }[] }).edges[24]?.node.myRole).toBe(
      'LEAD',
    );
    expect(large.sent.length).toBe(small.sent.length);
  });

  it('the case page, its evidence list, the media page and similar: 5 rows and 25 rows', async () => {
    const counts: Record<string, number[]> = {};
    for (const n of [5, 25]) {
      const { caseId, mediaId } = await caseWith(n);
      const requests: [string, string, Record<string, unknown>][] = [
        ['case page', CASE_QUERY.toString(), { id: caseId }],
        ['case evidence', CASE_MEDIA_QUERY.toString(), { id: caseId, first: 25 }],
        ['media page', MEDIA_QUERY.toString(), { id: mediaId, caseId }],
        ['similar', SIMILAR_QUERY.toString(), { id: mediaId, space: 'PHASH', scope: 'THIS_CASE' }],
      ];
      for (const [name, query, variables] of requests) {
        const { data, sent } = await statementsFor(query, variables);
        (counts[name] ??= []).push(sent.length);
        if (name === 'case page') expect((data.case as { members: unknown[] }).members).toHaveLength(n + 1);
        if (name === 'case evidence') {
          const edges = (data.case as { media: { edges: { node: unknown }[] } }).media.edges;
          expect(edges).toHaveLength(n);
          // Every per-row field really came back, batched or not.
          expect(edges[n - 1]!.node).toMatchObject({
            analysis: { status: 'DONE', nearDuplicates: expect.arrayContaining([]) },
            verdict: { value: 'INCONCLUSIVE' },
          });
          const first = edges[0]!.node as { analysis: { nearDuplicates: { knownFake: unknown }[] } };
          expect(first.analysis.nearDuplicates).toHaveLength(n);
          expect(first.analysis.nearDuplicates.every((d) => d.knownFake !== null)).toBe(true);
        }
        if (name === 'media page') {
          const m = data.media as {
            verdicts: { givenBy: { id: string } | null }[];
            analysis: { heatmaps: unknown[]; signals: { hashes: unknown } };
          };
          expect(m.verdicts).toHaveLength(n);
          expect(m.verdicts.every((v) => v.givenBy !== null)).toBe(true);
          expect(m.analysis.heatmaps).toHaveLength(3);
          expect(m.analysis.signals.hashes).not.toBeNull();
        }
        if (name === 'similar') expect((data.similar as unknown[]).length).toBe(Math.min(n - 1, 12));
      }
    }
    console.info('SQL statements per request (5 rows, 25 rows):', counts);
    for (const [name, [small, large]] of Object.entries(counts)) {
      expect({ name, statements: large }).toEqual({ name, statements: small });
    }
  });
});
