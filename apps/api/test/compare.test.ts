import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { hammingDistance, perceptualHashes } from '@loupe/forensics';
import { EvidenceStore } from '@loupe/storage';
import { storeOriginalBytes } from '@loupe/storage/testing';
import { codeOf, startHarness, type Harness } from './harness.ts';
import { seedAnalysedItem } from './seed.ts';

// Issue 10 item 3: searching with a dropped image that never becomes evidence (in one case, in
// all the viewer's cases, in the known fakes), the known fakes' own pictures, and the distances
// a side-by-side comparison shows. Runs on PGlite, and on PostgreSQL under scripts/real-postgres.mjs.

const SAMPLES = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
const sample = (n: number) => readFileSync(join(SAMPLES, `sample${n}.jpg`));

interface Result {
  kind: string;
  distance: number;
  score: number;
  media: { id: string; caseId: string; url: string } | null;
  knownFake: { id: string; family: string; source: string | null; url: string } | null;
}

const COMPARISON = `query($m: ID!, $wm: ID, $wk: ID) {
  comparison(mediaId: $m, withMediaId: $wm, withKnownFakeId: $wk) {
    media { id } otherMedia { id } knownFake { id family source url }
    spaces { space distance score }
  }
}`;

/** A deterministic unit vector near a shared base; `seed` 0 is the base itself. */
const vector = (seed: number) => {
  const v = Array.from({ length: 1024 }, (_, i) => Math.sin(i + 1) + 0.01 * seed * Math.cos(i * seed));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const cosineDistance = (a: number[], b: number[]) => 1 - a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('query-image search, known-fake pictures and comparisons', () => {
  let h: Harness;
  let store: EvidenceStore;
  let alice: string;
  let bob: string;
  let caseA: string;
  let caseB: string;
  const ids: Record<string, string> = {};
  const hashes: Record<string, string> = {};
  let knownFakeId: string;

  /** Stores the bytes like an upload would, with a DONE analysis holding their real pHash. */
  async function item(
    name: string,
    bytes: Buffer,
    where: { caseId: string } | { knownFake: true },
    detector?: number[],
  ) {
    const file = await storeOriginalBytes(store, bytes);
    const admin = await h.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
    const hashed = await perceptualHashes(bytes);
    hashes[name] = hashed.phash;
    const id = await seedAnalysedItem(h.prisma, {
      ...('caseId' in where ? { caseId: where.caseId } : {}),
      addedById: admin.id,
      file: { ...file, originalName: name },
      knownFake: { source: 'Compare test library' },
      model: { id: 'm', version: '1' },
      ...(detector ? { detector: { faceIndex: null, vector: detector } } : {}),
      hashes: hashed,
    });
    ids[name] = id;
    return id;
  }

  async function search(token: string, qs: string, bytes: Buffer, name = 'query.jpg') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
    const res = await fetch(`${h.url}/api/similar${qs}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return {
      status: res.status,
      body: (await res.json()) as { results?: Result[]; error?: { code: string } },
    };
  }

  /** The query: a cropped, re-encoded copy of sample4, as if forwarded through a messenger. */
  let query: Buffer;

  beforeAll(async () => {
    h = await startHarness();
    store = new EvidenceStore(h.dataDir);
    alice = await h.user('alice@compare.test');
    bob = await h.user('bob@compare.test');
    caseA = await h.make.case(alice, 'Case A');
    caseB = await h.make.case(bob, 'Case B');
    await item('a-sample4.jpg', sample(4), { caseId: caseA }, vector(1));
    await item('a-sample1.jpg', sample(1), { caseId: caseA });
    await item('b-sample4.jpg', await sharp(sample(4)).jpeg({ quality: 85 }).toBuffer(), { caseId: caseB });
    knownFakeId = await item('kf-sample4.jpg', sample(4), { knownFake: true }, vector(2));
    await item('kf-sample2.jpg', sample(2), { knownFake: true });
    const meta = await sharp(sample(4)).metadata();
    query = await sharp(sample(4))
      .extract({
        left: 0,
        top: 0,
        width: Math.round(meta.width! * 0.95),
        height: Math.round(meta.height! * 0.95),
      })
      .jpeg({ quality: 70 })
      .toBuffer();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('searches one case with a dropped image: its evidence only, best match first, nothing stored, audited in that case', async () => {
    const mediaBefore = await h.prisma.media.count();
    const r = await search(alice, `?space=PHASH&scope=THIS_CASE&caseId=${caseA}&k=10`, query);
    expect(r.status).toBe(200);
    const results = r.body.results!;
    expect(results.map((x) => x.media?.id)).toEqual([ids['a-sample4.jpg'], ids['a-sample1.jpg']]);
    expect(results.every((x) => x.media?.caseId === caseA)).toBe(true);
    expect(results[0]!.media!.url).toBe(`/api/media/${ids['a-sample4.jpg']}/original`);
    expect(results[0]!.score).toBeCloseTo(1 - results[0]!.distance / 64, 10);
    expect(results[0]!.distance).toBeLessThan(results[1]!.distance);
    // The query never becomes evidence, and its bytes are gone once answered.
    expect(await h.prisma.media.count()).toBe(mediaBefore);
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);
    const audit = await h.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'similar.query' },
      orderBy: { occurredAt: 'desc' },
    });
    const { phash } = await perceptualHashes(query);
    expect(audit).toMatchObject({ caseId: caseA, targetType: 'QueryImage' });
    expect(audit.details).toMatchObject({ scope: 'THIS_CASE', caseId: caseA, phash, results: 2 });
  });

  it('refuses a case the viewer is not a member of (audited as denied) and a case search without a case', async () => {
    const denied = await search(bob, `?space=PHASH&scope=THIS_CASE&caseId=${caseA}`, query);
    expect(denied.status).toBe(404);
    expect(denied.body.error?.code).toBe('NOT_FOUND');
    const event = await h.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'access.denied' },
      orderBy: { occurredAt: 'desc' },
    });
    expect(event).toMatchObject({ targetType: 'http:similar', targetId: caseA });
    expect((await search(bob, '?space=PHASH&scope=THIS_CASE', query)).status).toBe(400);
    expect((await search(bob, '?space=PHASH&scope=THIS_CASE&caseId=not-a-uuid', query)).status).toBe(404);
  });

  it('searches all of the viewer’s cases and the known fakes, each with a picture the viewer may open', async () => {
    const mine = await search(bob, '?space=PHASH&scope=MY_CASES', query);
    expect(mine.status).toBe(200);
    expect(mine.body.results!.map((x) => x.media?.id)).toEqual([ids['b-sample4.jpg']]);

    const fakes = await search(bob, '?space=PHASH&scope=KNOWN_FAKES&k=2', query);
    const top = fakes.body.results![0]!;
    expect(top).toMatchObject({
      kind: 'KNOWN_FAKE',
      knownFake: { id: knownFakeId, family: 'FACE_SWAP', source: 'Compare test library' },
    });
    expect(fakes.body.results![1]!.knownFake!.id).toBe(ids['kf-sample2.jpg']);
    // Bob is in no case holding the fake's source, yet can look at the library item itself.
    const res = await fetch(`${h.url}${top.knownFake!.url}`, { headers: { authorization: `Bearer ${bob}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await res.arrayBuffer()).equals(sample(4))).toBe(true);
    const read = await h.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'knownFake.read' },
      orderBy: { occurredAt: 'desc' },
    });
    expect(read).toMatchObject({ targetType: 'KnownFake', targetId: knownFakeId });
    expect((await fetch(`${h.url}${top.knownFake!.url}`)).status).toBe(401);
    const missing = await fetch(`${h.url}/api/known-fakes/00000000-0000-4000-8000-000000000000/original`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    expect(missing.status).toBe(404);
  });

  it('compares an item with a known fake or other evidence using the stored vectors, within what the viewer may see', async () => {
    type C = {
      comparison: {
        media: { id: string };
        otherMedia: { id: string } | null;
        knownFake: { id: string; family: string; source: string; url: string } | null;
        spaces: { space: string; distance: number; score: number }[];
      };
    };
    const withFake = await h.gql<C>(
      COMPARISON,
      { m: ids['a-sample4.jpg'], wk: knownFakeId },
      { token: alice },
    );
    expect(withFake.errors).toBeUndefined();
    const c = withFake.data!.comparison;
    expect(c.knownFake).toMatchObject({
      id: knownFakeId,
      family: 'FACE_SWAP',
      url: `/api/known-fakes/${knownFakeId}/original`,
    });
    expect(c.otherMedia).toBeNull();
    const phash = c.spaces.find((s) => s.space === 'PHASH')!;
    expect(phash.distance).toBe(hammingDistance(hashes['a-sample4.jpg']!, hashes['kf-sample4.jpg']!));
    expect(phash.score).toBeCloseTo(1 - phash.distance / 64, 10);
    const detector = c.spaces.find((s) => s.space === 'DETECTOR')!;
    expect(detector.distance).toBeCloseTo(cosineDistance(vector(1), vector(2)), 5);
    expect(detector.distance).toBeGreaterThan(0);
    // No face descriptors on either side: no FACE line rather than a made-up one.
    expect(c.spaces.map((s) => s.space).sort()).toEqual(['DETECTOR', 'PHASH']);

    const withMedia = await h.gql<C>(
      COMPARISON,
      { m: ids['a-sample4.jpg'], wm: ids['a-sample1.jpg'] },
      { token: alice },
    );
    expect(withMedia.data!.comparison.otherMedia).toEqual({ id: ids['a-sample1.jpg'] });
    expect(withMedia.data!.comparison.spaces).toEqual([
      expect.objectContaining({
        space: 'PHASH',
        distance: hammingDistance(hashes['a-sample4.jpg']!, hashes['a-sample1.jpg']!),
      }),
    ]);

    // Evidence of a case the viewer is not in, on either side, is NOT_FOUND.
    expect(
      codeOf(await h.gql(COMPARISON, { m: ids['a-sample4.jpg'], wk: knownFakeId }, { token: bob })),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await h.gql(COMPARISON, { m: ids['a-sample4.jpg'], wm: ids['b-sample4.jpg'] }, { token: alice }),
      ),
    ).toBe('NOT_FOUND');
    for (const bad of [
      { m: ids['a-sample4.jpg'] },
      { m: ids['a-sample4.jpg'], wm: ids['a-sample1.jpg'], wk: knownFakeId },
      { m: ids['a-sample4.jpg'], wm: ids['a-sample4.jpg'] },
    ])
      expect(codeOf(await h.gql(COMPARISON, bad, { token: alice })), JSON.stringify(bad)).toBe(
        'BAD_USER_INPUT',
      );
  });
});
