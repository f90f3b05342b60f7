import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import {
  knnQueries,
  Prisma,
  type SimilarityFilter,
  type SimilarityScope,
  type SimilaritySpace,
} from '@loupe/db';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type FaceDetector,
} from '@loupe/inference';
import { EvidenceStore } from '@loupe/storage';
import { analyzeMedia, chooseDetector, importKnownFakes, type JobDeps } from '@loupe/worker';

import { codeOf, startHarness, type Harness } from './harness.ts';
import { seedAnalysedItem } from './seed.ts';

const SAMPLES = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
const SPACES: SimilaritySpace[] = ['DETECTOR', 'FACE', 'PHASH'];
const SCOPES: SimilarityScope[] = ['KNOWN_FAKES', 'THIS_CASE', 'MY_CASES'];

const SIMILAR = `query($m: ID!, $space: SimilaritySpace!, $scope: SimilarityScope!, $k: Int, $min: Float) {
  similar(mediaId: $m, space: $space, scope: $scope, k: $k, minScore: $min) {
    score distance kind media { id caseId } knownFake { id family generator source dataset notes } matchedFace { faceIndex box { x } }
  }
}`;

interface Item {
  score: number;
  distance: number;
  kind: string;
  media: { id: string; caseId: string } | null;
  knownFake: { id: string; family: string; generator: string | null } | null;
  matchedFace: { faceIndex: number } | null;
}

/** Deterministic pseudo-random numbers, so vectors are the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const vec = (dim: number, seed: number, noise = 0.05) => {
  const base = rng(1);
  const jitter = rng(seed);
  const v = Array.from({ length: dim }, () => base() + noise * jitter());
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const bits = (seed: number) => {
  const r = rng(seed);
  // Mostly the same hash, a few bits flipped per item.
  return Array.from({ length: 64 }, (_, i) => ((i % 3 === 0) !== r() > 0.4 ? '1' : '0')).join('');
};

describe('similarity search', () => {
  let h: Harness;
  let alice: string;
  let bob: string;
  const users: Record<string, { token: string; id: string }> = {};
  const cases: string[] = [];
  const mediaByCase: Record<string, string[]> = {};
  const knownFakes: string[] = [];
  let otherModelMedia: string;
  let noVectorsMedia: string;
  let seed = 10;

  /** A media item or known fake with a DONE analysis and vectors in all three spaces. */
  async function item(opts: { caseId?: string; modelVersion?: string; vectors?: boolean }) {
    const n = ++seed;
    const sha256 = n.toString(16).padStart(64, '0');
    const admin = await h.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
    const model = { id: 'm', version: opts.modelVersion ?? '1' };
    const id = await seedAnalysedItem(h.prisma, {
      ...(opts.caseId ? { caseId: opts.caseId } : {}),
      addedById: admin.id,
      file: {
        sha256,
        sizeBytes: 1n,
        originalName: `item-${n}.jpg`,
        storageKey: `originals/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      },
      knownFake: { generator: `gen-${n}` },
      ...((opts.vectors ?? true)
        ? {
            model,
            detector: { faceIndex: 0, vector: vec(1024, n) },
            face: {
              modelId: 'f',
              faceIndex: 0,
              box: { x: 1, y: 2, width: 3, height: 4 },
              vector: vec(128, n),
            },
          }
        : {}),
      hashes: { phash: bits(n), dhash: bits(n) },
    });
    return id;
  }

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.user('alice@example.test');
    bob = await h.user('bob@example.test');
    for (const [name, token] of [
      ['admin', h.adminToken],
      ['alice', alice],
      ['bob', bob],
    ] as const) {
      const r = await h.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
      users[name] = { token, id: r.data!.me.id };
    }
    const admin = users.admin!.id;
    for (const title of ['c1', 'c2', 'c3']) {
      const c = await h.prisma.case.create({ data: { title, createdById: admin } });
      cases.push(c.id);
      mediaByCase[c.id] = [];
    }
    // alice: c1 and c2; bob: c3 only; the admin is a member of none (and sees all).
    await h.prisma.caseMember.createMany({
      data: [
        { caseId: cases[0]!, userId: users.alice!.id, role: 'LEAD' },
        { caseId: cases[1]!, userId: users.alice!.id, role: 'REVIEWER' },
        { caseId: cases[2]!, userId: users.bob!.id, role: 'INVESTIGATOR' },
      ],
    });
    for (const caseId of cases) {
      for (let i = 0; i < 3; i++) mediaByCase[caseId]!.push(await item({ caseId }));
    }
    for (let i = 0; i < 2; i++) knownFakes.push(await item({}));
    otherModelMedia = await item({ caseId: cases[0]!, modelVersion: '2' });
    noVectorsMedia = await item({ caseId: cases[0]!, vectors: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('never returns evidence from cases the user is not a member of (3 users × 3 cases × 3 spaces × 3 scopes)', async () => {
    const memberOf: Record<string, string[]> = {
      admin: cases,
      alice: [cases[0]!, cases[1]!],
      bob: [cases[2]!],
    };
    let checked = 0;
    for (const [name, u] of Object.entries(users)) {
      for (const caseId of cases) {
        const query = mediaByCase[caseId]![0]!;
        for (const space of SPACES) {
          for (const scope of SCOPES) {
            const r = await h.gql<{ similar: Item[] }>(
              SIMILAR,
              { m: query, space, scope, k: 50 },
              { token: u.token },
            );
            checked++;
            if (!memberOf[name]!.includes(caseId)) {
              // The query item itself is invisible: NOT_FOUND, never results.
              expect(codeOf(r), `${name} ${space} ${scope}`).toBe('NOT_FOUND');
              continue;
            }
            expect(r.errors, `${name} ${space} ${scope}`).toBeUndefined();
            const got = r.data!.similar;
            const mediaIds = got.flatMap((i) => (i.media ? [i.media.id] : [])).sort();
            const fakeIds = got.flatMap((i) => (i.knownFake ? [i.knownFake.id] : [])).sort();
            const inCases = (ids: string[]) => ids.flatMap((c) => mediaByCase[c]!);
            const extra = (c: string[]) =>
              c.includes(cases[0]!) && space !== 'DETECTOR' ? [otherModelMedia] : [];
            // Media without vectors still has a pHash.
            const noVec = (c: string[]) =>
              c.includes(cases[0]!) && space === 'PHASH' ? [noVectorsMedia] : [];
            const expected =
              scope === 'KNOWN_FAKES'
                ? []
                : scope === 'THIS_CASE'
                  ? [...inCases([caseId]), ...extra([caseId]), ...noVec([caseId])]
                  : [...inCases(memberOf[name]!), ...extra(memberOf[name]!), ...noVec(memberOf[name]!)];
            expect(mediaIds, `${name} ${caseId} ${space} ${scope}`).toEqual(
              expected.filter((id) => id !== query).sort(),
            );
            expect(fakeIds, `${name} ${space} ${scope}`).toEqual(
              scope === 'KNOWN_FAKES' ? [...knownFakes].sort() : [],
            );
            for (const i of got) {
              expect(i.kind).toBe(i.knownFake ? 'KNOWN_FAKE' : 'MEDIA');
              expect(i.score).toBeGreaterThan(0);
              expect(i.score).toBeLessThanOrEqual(1 + 1e-6);
              if (space === 'FACE') expect(i.matchedFace).toMatchObject({ faceIndex: 0 });
              else expect(i.matchedFace).toBeNull();
            }
            const scores = got.map((i) => i.score);
            expect(scores).toEqual([...scores].sort((a, b) => b - a));
          }
        }
      }
    }
    expect(checked).toBe(81);
  });

  it('computes scores per space and applies minScore', async () => {
    const query = mediaByCase[cases[0]!]![0]!;
    const r = await h.gql<{ similar: Item[] }>(
      SIMILAR,
      { m: query, space: 'PHASH', scope: 'MY_CASES', k: 200 },
      {
        token: alice,
      },
    );
    for (const i of r.data!.similar) expect(i.score).toBeCloseTo(1 - i.distance / 64, 10);
    const f = await h.gql<{ similar: Item[] }>(
      SIMILAR,
      { m: query, space: 'FACE', scope: 'MY_CASES' },
      { token: alice },
    );
    for (const i of f.data!.similar) expect(i.score).toBeCloseTo(1 - i.distance / 2, 10);
    const d = await h.gql<{ similar: Item[] }>(
      SIMILAR,
      { m: query, space: 'DETECTOR', scope: 'MY_CASES' },
      {
        token: alice,
      },
    );
    for (const i of d.data!.similar) expect(i.score).toBeCloseTo(1 - i.distance, 10);
    const threshold = r.data!.similar[2]!.score;
    const min = await h.gql<{ similar: Item[] }>(
      SIMILAR,
      { m: query, space: 'PHASH', scope: 'MY_CASES', k: 200, min: threshold },
      { token: alice },
    );
    expect(min.data!.similar.length).toBeGreaterThanOrEqual(3);
    expect(min.data!.similar.every((i) => i.score >= threshold)).toBe(true);
    const k2 = await h.gql<{ similar: Item[] }>(
      SIMILAR,
      { m: query, space: 'PHASH', scope: 'MY_CASES', k: 2 },
      {
        token: alice,
      },
    );
    expect(k2.data!.similar).toHaveLength(2);
  });

  it.each([0, -1, 201, 1000])('refuses k = %i', async (k) => {
    const r = await h.gql(
      SIMILAR,
      { m: mediaByCase[cases[0]!]![0], space: 'PHASH', scope: 'KNOWN_FAKES', k },
      {
        token: alice,
      },
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toBe('k must be between 1 and 200.');
  });

  it('names the missing space when the query item has no vectors in it', async () => {
    const det = await h.gql(
      SIMILAR,
      { m: noVectorsMedia, space: 'DETECTOR', scope: 'KNOWN_FAKES' },
      { token: alice },
    );
    expect(codeOf(det)).toBe('BAD_USER_INPUT');
    expect(det.errors?.[0]?.message).toBe(
      'No DETECTOR embedding for this media: no detector was installed when it was analysed.',
    );
    const face = await h.gql(
      SIMILAR,
      { m: noVectorsMedia, space: 'FACE', scope: 'KNOWN_FAKES' },
      { token: alice },
    );
    expect(face.errors?.[0]?.message).toBe(
      'No FACE embedding for this media: no face was found when it was analysed.',
    );
  });

  it('only compares DETECTOR vectors of the same model version', async () => {
    const r = await h.gql<{ similar: Item[] }>(
      SIMILAR,
      { m: otherModelMedia, space: 'DETECTOR', scope: 'MY_CASES', k: 50 },
      { token: h.adminToken },
    );
    expect(r.data!.similar).toEqual([]);
  });

  describe('EXPLAIN: kNN queries use the HNSW indexes', () => {
    // One index per statement: PHASH searches image hashes, then video frame hashes.
    const index = {
      DETECTOR: ['detector_embeddings_embedding_hnsw_idx'],
      FACE: ['face_embeddings_embedding_hnsw_idx'],
      PHASH: ['perceptual_hashes_phash_hnsw_idx', 'frame_hashes_phash_hnsw_idx'],
    };

    it('runs on pgvector ≥ 0.8 (iterative index scans)', async () => {
      const [v] = await h.prisma.$queryRaw<
        { extversion: string }[]
      >`SELECT extversion FROM pg_extension WHERE extname = 'vector'`;
      const [major, minor] = (v?.extversion ?? '0.0').split('.').map(Number);
      expect(major! > 0 || minor! >= 8).toBe(true);
    });

    const filters: [string, (u: typeof users) => SimilarityFilter][] = [
      ['known fakes', (u) => ({ scope: 'KNOWN_FAKES', viewerId: u.alice!.id, isAdmin: false })],
      [
        'admin, all cases (no membership filter)',
        (u) => ({ scope: 'MY_CASES', viewerId: u.admin!.id, isAdmin: true }),
      ],
      [
        'member of some cases',
        (u) => ({
          scope: 'MY_CASES',
          viewerId: u.alice!.id,
          isAdmin: false,
          excludeMediaId: mediaByCase[cases[0]!]![0]!,
        }),
      ],
      [
        'this case',
        (u) => ({
          scope: 'THIS_CASE',
          viewerId: u.alice!.id,
          isAdmin: false,
          caseId: cases[0]!,
          excludeMediaId: mediaByCase[cases[0]!]![0]!,
        }),
      ],
    ];
    for (const space of SPACES) {
      for (const [label, filter] of filters) {
        it(`${space}, ${label}`, async () => {
          const probe = {
            space,
            value: space === 'PHASH' ? bits(12) : `[${vec(space === 'DETECTOR' ? 1024 : 128, 12).join(',')}]`,
            modelId: 'm',
            modelVersion: '1',
          };
          // The test tables hold a dozen rows, so the planner rightly prefers a sequential scan
          // plus sort; turning seqscan and explicit sorts off (SET LOCAL, this transaction only)
          // proves the HNSW index can serve the query with the scope filter applied.
          const statements = knnQueries(probe, filter(users), 10);
          expect(statements).toHaveLength(index[space].length);
          for (const [i, statement] of statements.entries()) {
            const plan = await h.prisma.$transaction(async (tx) => {
              await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
              await tx.$executeRaw`SET LOCAL enable_sort = off`;
              await tx.$executeRaw`SET LOCAL hnsw.iterative_scan = relaxed_order`;
              return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${statement}`);
            });
            const text = plan.map((r) => r['QUERY PLAN']).join('\n');
            expect(text, text).toContain(`Index Scan using ${index[space][i]}`);
          }
        });
      }
    }
  });

  it('promotes media into the library (admins only), lists, updates and deletes known fakes, audited', async () => {
    const mediaId = mediaByCase[cases[1]!]![1]!;
    const PROMOTE = `mutation($m: ID!) { promoteToKnownFakes(mediaId: $m, family: SPLICE, generator: "ps", source: "tip", dataset: "d", notes: "n") {
      id family generator source dataset notes promotedFromMediaId sha256 analysis { status } } }`;
    const denied = await h.gql(PROMOTE, { m: mediaId }, { token: alice });
    expect(codeOf(denied)).toBe('FORBIDDEN');
    const r = await h.gql<{ promoteToKnownFakes: Record<string, unknown> & { id: string } }>(
      PROMOTE,
      { m: mediaId },
      { token: h.adminToken },
    );
    expect(r.errors).toBeUndefined();
    const media = await h.prisma.media.findUniqueOrThrow({ where: { id: mediaId } });
    expect(r.data!.promoteToKnownFakes).toMatchObject({
      family: 'SPLICE',
      generator: 'ps',
      source: 'tip',
      dataset: 'd',
      notes: 'n',
      promotedFromMediaId: mediaId,
      sha256: media.sha256,
      analysis: { status: 'QUEUED' },
    });
    const id = r.data!.promoteToKnownFakes.id;
    const kf = await h.prisma.knownFake.findUniqueOrThrow({ where: { id } });
    expect(kf.storageKey).toBe(media.storageKey);
    const analysis = await h.prisma.analysis.findFirstOrThrow({ where: { knownFakeId: id } });
    const jobs = await h.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze-media' AND data->>'analysisId' = ${analysis.id}`;
    expect(jobs[0]?.n).toBe(1);
    expect(await h.prisma.auditEvent.count({ where: { action: 'knownFake.promote', targetId: id } })).toBe(1);
    expect(codeOf(await h.gql(PROMOTE, { m: mediaId }, { token: h.adminToken }))).toBe('BAD_USER_INPUT');

    const list = await h.gql<{ knownFakes: { totalCount: number; edges: { node: { id: string } }[] } }>(
      '{ knownFakes(first: 10, family: SPLICE) { totalCount edges { node { id } } } }',
      {},
      { token: bob },
    );
    expect(list.data!.knownFakes).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
    const UPDATE =
      'mutation($id: ID!) { updateKnownFake(id: $id, input: { family: OTHER, notes: null }) { family notes generator } }';
    expect(codeOf(await h.gql(UPDATE, { id }, { token: alice }))).toBe('FORBIDDEN');
    const updated = await h.gql(UPDATE, { id }, { token: h.adminToken });
    expect(updated.data).toEqual({ updateKnownFake: { family: 'OTHER', notes: null, generator: 'ps' } });
    const DELETE = 'mutation($id: ID!) { deleteKnownFake(id: $id) }';
    expect(codeOf(await h.gql(DELETE, { id }, { token: bob }))).toBe('FORBIDDEN');
    expect((await h.gql(DELETE, { id }, { token: h.adminToken })).data).toEqual({ deleteKnownFake: true });
    expect(
      codeOf(await h.gql('query($id: ID!) { knownFake(id: $id) { id } }', { id }, { token: alice })),
    ).toBe('NOT_FOUND');
    expect(await h.prisma.analysis.count({ where: { knownFakeId: id } })).toBe(0);
  });

  describe('done when: an imported known fake is the top similar item of a re-encoded, resized upload', () => {
    let dir: string;
    let faces: FaceDetector;
    let registry: ModelRegistry;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'loupe-similar-'));
      await writeFixtureDetector(join(dir, 'models'), { dim: 1024 });
      registry = await ModelRegistry.load(join(dir, 'models'));
      faces = await createOrtFaceDetector();
    });
    afterAll(async () => {
      await registry?.close();
      await faces?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports a folder, uploads a copy into a case, and GraphQL shows the known fake with its labels', async () => {
      const store = new EvidenceStore(h.dataDir);
      const chosen = chooseDetector(registry, undefined);
      const deps: JobDeps = {
        prisma: h.prisma,
        store,
        faces,
        detector: chosen.detector,
        detectorProblems: chosen.problems,
        maxMapSide: 1024,
        batchSize: 4,
        log: { info: () => undefined, error: () => undefined },
      };
      const run = async (analysisId: string) => {
        expect((await analyzeMedia({ id: analysisId, data: { analysisId } }, deps)).outcome).toBe('done');
      };
      const folder = join(dir, 'photos');
      mkdirSync(folder);
      const rows = ['file,family,generator,source,dataset,notes'];
      for (const n of [1, 2, 3, 4, 5, 6]) {
        copyFileSync(join(SAMPLES, `sample${n}.jpg`), join(folder, `sample${n}.jpg`));
        rows.push(`sample${n}.jpg,FULL_SYNTHESIS_DIFFUSION,gen-${n},src-${n},demo,note ${n}`);
      }
      writeFileSync(join(dir, 'labels.csv'), rows.join('\n'));
      const admin = await h.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
      const summary = await importKnownFakes({
        prisma: h.prisma,
        store,
        folder,
        createdById: admin.id,
        labelsCsv: join(dir, 'labels.csv'),
        analyze: run,
      });
      expect(summary).toMatchObject({ imported: 6, failed: 0 });

      const original = readFileSync(join(SAMPLES, 'sample4.jpg'));
      const width = (await sharp(original).metadata()).width!;
      const copy = await sharp(original)
        .resize(Math.round(width * 0.5))
        .jpeg({ quality: 60 })
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(copy)], { type: 'image/jpeg' }), 'forwarded.jpg');
      const res = await fetch(`${h.url}/api/cases/${cases[2]}/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bob}` },
        body: form,
      });
      expect(res.status).toBe(201);
      const uploaded = ((await res.json()) as { media: { id: string; analysisId: string }[] }).media[0]!;
      await run(uploaded.analysisId);

      const r = await h.gql<{
        similar: Item[];
        media: { analysis: { nearDuplicates: { space: string; knownFake: { generator: string } }[] } };
      }>(
        `query($m: ID!) {
          similar(mediaId: $m, space: PHASH, scope: KNOWN_FAKES, k: 3) { score distance kind knownFake { id family generator source dataset notes } }
          media(id: $m) { analysis { nearDuplicates { space distance score knownFake { generator } } } }
        }`,
        { m: uploaded.id },
        { token: bob },
      );
      expect(r.errors).toBeUndefined();
      const top = r.data!.similar[0]!;
      expect(top).toMatchObject({
        kind: 'KNOWN_FAKE',
        knownFake: {
          family: 'FULL_SYNTHESIS_DIFFUSION',
          generator: 'gen-4',
          source: 'src-4',
          dataset: 'demo',
          notes: 'note 4',
        },
      });
      expect(top.distance).toBeLessThanOrEqual(6);
      expect(r.data!.media.analysis.nearDuplicates).toContainEqual(
        expect.objectContaining({ space: 'PHASH', knownFake: { generator: 'gen-4' } }),
      );
      // Seven full analyses: beside the browser tests on 2 cores they can take over a minute.
    }, 240_000);

    it('POST /api/similar searches with an uploaded image without storing it (PHASH only), audited', async () => {
      const original = readFileSync(join(SAMPLES, 'sample5.jpg'));
      const meta = await sharp(original).metadata();
      const cut = { w: Math.round(meta.width! * 0.95), h: Math.round(meta.height! * 0.95) };
      const query = await sharp(original)
        .extract({ left: 0, top: 0, width: cut.w, height: cut.h })
        .jpeg({ quality: 70 })
        .toBuffer();
      const mediaBefore = await h.prisma.media.count();
      const post = async (qs: string, bytes: Buffer, name = 'query.jpg') => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
        const res = await fetch(`${h.url}/api/similar${qs}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${alice}` },
          body: form,
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const ok = await post('?space=PHASH&scope=KNOWN_FAKES&k=3', query);
      expect(ok.status).toBe(200);
      const results = ok.body.results as {
        kind: string;
        distance: number;
        knownFake: { generator: string };
      }[];
      expect(results[0]).toMatchObject({ kind: 'KNOWN_FAKE', knownFake: { generator: 'gen-5' } });
      expect(results).toHaveLength(3);
      expect(await h.prisma.media.count()).toBe(mediaBefore);
      const audit = await h.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'similar.query' },
        orderBy: { occurredAt: 'desc' },
      });
      expect(audit.details).toMatchObject({ scope: 'KNOWN_FAKES', k: 3, space: 'PHASH' });
      expect((await post('?space=FACE', query)).status).toBe(400);
      expect((await post('?scope=THIS_CASE', query)).status).toBe(400);
      expect((await post('?k=0', query)).status).toBe(400);
      expect((await post('', Buffer.from('%PDF-1.4 nope'), 'x.jpg')).status).toBe(400);
    });
  });
});
