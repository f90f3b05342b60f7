// The case's evidence sorted and filtered in the database (Case.media(sort, filter)) and an item's
// neighbours in that order (Case.mediaPosition), with the web's own documents.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';
import { seedAnalysedMedia, seedCases } from './seed.ts';

// The web's documents (apps/web/lib/gallery-operations.ts) ask for the evidence list's fields; these
// ask for every per-row field that reads other tables, so a per-row query would show in the counts.
const GALLERY_MEDIA_QUERY = `query($id: ID!, $first: Int, $after: String, $sort: MediaSort, $filter: MediaFilter) {
  case(id: $id) {
    id
    media(first: $first, after: $after, sort: $sort, filter: $filter) {
      edges { cursor node { id originalName kind createdAt uploadedBy { id }
        analysis { status detector { pFake model { isTestFixture } } nearDuplicates { knownFake { id } } }
        verdict { value } } }
      pageInfo { hasNextPage endCursor }
      totalCount
      unfilteredCount
    }
  }
}`;
const MEDIA_POSITION_QUERY = `query($caseId: ID!, $mediaId: ID!, $sort: MediaSort, $filter: MediaFilter) {
  case(id: $caseId) {
    id
    mediaPosition(mediaId: $mediaId, sort: $sort, filter: $filter) {
      position total previous { id originalName } next { id originalName }
    }
  }
}`;

let h: Harness;
let token: string;
let outsider: string;
let userId: string;
let caseId: string;
/** name → media id */
const ids = new Map<string, string>();

interface Node {
  id: string;
  originalName: string;
  kind: string;
  analysis: { status: string; detector: { pFake: number | null } | null } | null;
  verdict: { value: string } | null;
}
interface Listed {
  case: {
    media: {
      edges: { cursor: string; node: Node }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      totalCount: number;
      unfilteredCount: number;
    };
  };
}

async function list(variables: Record<string, unknown>, as = token) {
  const r = await h.gql<Listed>(GALLERY_MEDIA_QUERY, { id: caseId, first: 20, ...variables }, { token: as });
  return r;
}
const names = (r: { data?: Listed | null }) => r.data!.case.media.edges.map((e) => e.node.originalName);

/**
 * Six items: name, p(fake) (null: not finished), kind, analysis status, verdict, minutes ago.
 * Names are mixed-case on purpose (NAME sorts case-insensitively).
 */
const ITEMS = [
  { name: 'b-video.mp4', pFake: 0.91, kind: 'VIDEO', status: 'DONE', verdict: 'MANIPULATED', ago: 50 },
  { name: 'A-portrait.jpg', pFake: 0.12, kind: 'IMAGE', status: 'DONE', verdict: null, ago: 40 },
  { name: 'c-crops.zip', pFake: 0.55, kind: 'SEQUENCE', status: 'DONE', verdict: 'INCONCLUSIVE', ago: 30 },
  { name: 'd-queued.png', pFake: null, kind: 'IMAGE', status: 'QUEUED', verdict: null, ago: 20 },
  { name: 'E-failed.jpg', pFake: null, kind: 'IMAGE', status: 'FAILED', verdict: 'AUTHENTIC', ago: 10 },
  { name: 'f-high.jpg', pFake: 0.97, kind: 'IMAGE', status: 'DONE', verdict: null, ago: 5 },
] as const;

beforeAll(async () => {
  h = await startHarness();
  token = await h.user('gallery@example.test');
  outsider = await h.user('outsider@example.test');
  const me = await h.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
  userId = me.data!.me.id;
  [caseId] = (await seedCases(h.prisma, userId, 1)) as [string];
  const seeded = await seedAnalysedMedia(h.prisma, { caseId, uploadedById: userId, count: ITEMS.length });
  const now = Date.now();
  for (const [i, item] of ITEMS.entries()) {
    const { id } = seeded[i]!;
    ids.set(item.name, id);
    await h.prisma.media.update({
      where: { id },
      data: { originalName: item.name, kind: item.kind, createdAt: new Date(now - item.ago * 60_000) },
    });
    await h.prisma.analysis.updateMany({
      where: { mediaId: id },
      data: { status: item.status, pFake: item.pFake },
    });
    if (item.verdict) {
      await h.prisma.verdict.create({
        data: { mediaId: id, caseId, value: item.verdict, rationale: 'seeded', givenById: userId },
      });
    }
  }
  // A superseded verdict must not count: the newest one is the current verdict.
  const a = ids.get('A-portrait.jpg')!;
  const old = await h.prisma.verdict.create({
    data: { mediaId: a, caseId, value: 'MANIPULATED', rationale: 'first look', givenById: userId },
  });
  await h.prisma.verdict.create({
    data: {
      mediaId: a,
      caseId,
      value: 'AUTHENTIC',
      rationale: 'second look',
      givenById: userId,
      supersedesId: old.id,
      createdAt: new Date(old.createdAt.getTime() + 1000),
    },
  });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('Case.media sorts in the database', () => {
  it('defaults to newest first, as before', async () => {
    const r = await list({});
    expect(r.errors).toBeUndefined();
    expect(names(r)).toEqual([...ITEMS].sort((x, y) => x.ago - y.ago).map((i) => i.name));
    expect(r.data!.case.media).toMatchObject({ totalCount: 6, unfilteredCount: 6 });
  });

  it('SUSPECTED_FIRST: highest p(fake) first, items without a finished score last (newest first)', async () => {
    const r = await list({ sort: 'SUSPECTED_FIRST' });
    expect(names(r)).toEqual([
      'f-high.jpg',
      'b-video.mp4',
      'c-crops.zip',
      'A-portrait.jpg',
      'E-failed.jpg',
      'd-queued.png',
    ]);
    const scores = r.data!.case.media.edges.map((e) => e.node.analysis?.detector?.pFake ?? null);
    expect(scores).toEqual([0.97, 0.91, 0.55, 0.12, null, null]);
  });

  it('OLDEST and NAME (case-insensitive)', async () => {
    expect(names(await list({ sort: 'OLDEST' }))).toEqual(
      [...ITEMS].sort((x, y) => y.ago - x.ago).map((i) => i.name),
    );
    expect(names(await list({ sort: 'NAME' }))).toEqual([
      'A-portrait.jpg',
      'b-video.mp4',
      'c-crops.zip',
      'd-queued.png',
      'E-failed.jpg',
      'f-high.jpg',
    ]);
  });

  it.each(['SUSPECTED_FIRST', 'NEWEST', 'OLDEST', 'NAME'])(
    'pages through %s two at a time without gaps or repeats',
    async (sort) => {
      const whole = names(await list({ sort }));
      const paged: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page += 1) {
        const r = await list({ sort, first: 2, after });
        expect(r.errors).toBeUndefined();
        paged.push(...names(r));
        const info = r.data!.case.media.pageInfo;
        if (!info.hasNextPage) break;
        after = info.endCursor;
      }
      expect(paged).toEqual(whole);
    },
  );

  it('refuses a cursor from another order, and a forged one', async () => {
    const first = await list({ sort: 'NAME', first: 2 });
    const cursor = first.data!.case.media.pageInfo.endCursor;
    expect(codeOf(await list({ sort: 'OLDEST', after: cursor }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await list({ sort: 'NAME', after: 'bm90IGpzb24' }))).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify({ s: 'NAME', k: ["x') OR 1=1 --", 'nope'] })).toString(
      'base64url',
    );
    expect(codeOf(await list({ sort: 'NAME', after: forged }))).toBe('BAD_USER_INPUT');
  });
});

describe('Case.media filters in the database', () => {
  it.each([
    [{ verdict: 'NONE' }, ['f-high.jpg', 'd-queued.png']],
    [{ verdict: 'AUTHENTIC' }, ['E-failed.jpg', 'A-portrait.jpg']], // A's current verdict
    [{ verdict: 'MANIPULATED' }, ['b-video.mp4']], // not A: its MANIPULATED was superseded
    [{ status: 'DONE' }, ['f-high.jpg', 'c-crops.zip', 'A-portrait.jpg', 'b-video.mp4']],
    [{ status: 'FAILED' }, ['E-failed.jpg']],
    [{ kind: 'IMAGE' }, ['f-high.jpg', 'E-failed.jpg', 'd-queued.png', 'A-portrait.jpg']],
    [{ kind: 'SEQUENCE' }, ['c-crops.zip']],
    [{ kind: 'IMAGE', status: 'DONE', verdict: 'NONE' }, ['f-high.jpg']],
    [{ kind: 'VIDEO', status: 'FAILED' }, []],
  ])('%j keeps %j', async (filter, expected) => {
    const r = await list({ filter });
    expect(r.errors).toBeUndefined();
    expect(names(r)).toEqual(expected);
    expect(r.data!.case.media).toMatchObject({ totalCount: expected.length, unfilteredCount: 6 });
  });

  it('refuses a value outside the enums', async () => {
    expect(codeOf(await list({ filter: { kind: 'AUDIO' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await list({ sort: 'RANDOM' }))).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND to someone outside the case', async () => {
    expect(codeOf(await list({ sort: 'NAME' }, outsider))).toBe('NOT_FOUND');
  });
});

describe('Case.mediaPosition', () => {
  const position = (mediaId: string, extra: Record<string, unknown> = {}, as = token) =>
    h.gql<{
      case: {
        mediaPosition: {
          position: number;
          total: number;
          previous: { originalName: string } | null;
          next: { originalName: string } | null;
        } | null;
      };
    }>(MEDIA_POSITION_QUERY, { caseId, mediaId, ...extra }, { token: as });

  it('places every item between the neighbours the list shows', async () => {
    const order = names(await list({ sort: 'SUSPECTED_FIRST' }));
    for (const [i, name] of order.entries()) {
      const r = await position(ids.get(name)!, { sort: 'SUSPECTED_FIRST' });
      expect(r.errors).toBeUndefined();
      expect(r.data!.case.mediaPosition).toMatchObject({
        position: i + 1,
        total: order.length,
        previous: i > 0 ? { originalName: order[i - 1] } : null,
        next: i < order.length - 1 ? { originalName: order[i + 1] } : null,
      });
    }
  });

  it('counts within the filter, and is null for an item the filter leaves out', async () => {
    const r = await position(ids.get('E-failed.jpg')!, { sort: 'NAME', filter: { kind: 'IMAGE' } });
    expect(r.data!.case.mediaPosition).toMatchObject({
      position: 3,
      total: 4,
      previous: { originalName: 'd-queued.png' },
      next: { originalName: 'f-high.jpg' },
    });
    const out = await position(ids.get('b-video.mp4')!, { filter: { kind: 'IMAGE' } });
    expect(out.errors).toBeUndefined();
    expect(out.data!.case.mediaPosition).toBeNull();
  });

  it('is null for an id that is not in the case or not an id at all', async () => {
    for (const mediaId of [randomUUID(), 'not-an-id']) {
      const r = await position(mediaId);
      expect(r.errors).toBeUndefined();
      expect(r.data!.case.mediaPosition).toBeNull();
    }
  });

  it('answers NOT_FOUND to someone outside the case', async () => {
    expect(codeOf(await position(ids.get('f-high.jpg')!, {}, outsider))).toBe('NOT_FOUND');
  });
});

describe('SQL statements per request do not grow with the rows returned', () => {
  /** The statements one request sent, without the session's once-a-minute lastSeenAt refresh. */
  async function statementsFor(query: string, variables: Record<string, unknown>) {
    const before = h.statements.length;
    const r = await h.gql(query, variables, { token });
    expect(r.errors).toBeUndefined();
    return h.statements.slice(before).filter((s) => !/^UPDATE "public"\."sessions"/.test(s)).length;
  }

  it('the sorted, filtered list and the position: 5 rows and 25 rows', async () => {
    const counts: Record<string, number[]> = { list: [], position: [] };
    for (const n of [5, 25]) {
      const [other] = (await seedCases(h.prisma, userId, 1)) as [string];
      const media = await seedAnalysedMedia(h.prisma, { caseId: other, uploadedById: userId, count: n });
      const sort = 'SUSPECTED_FIRST';
      const filter = { status: 'DONE', kind: 'IMAGE', verdict: 'NONE' };
      counts.list!.push(await statementsFor(GALLERY_MEDIA_QUERY, { id: other, first: 25, sort, filter }));
      counts.position!.push(
        await statementsFor(MEDIA_POSITION_QUERY, { caseId: other, mediaId: media[2]!.id, sort, filter }),
      );
    }
    console.info('SQL statements per request (5 rows, 25 rows):', counts);
    expect(counts.list![1]).toBe(counts.list![0]);
    expect(counts.position![1]).toBe(counts.position![0]);
  });
});
