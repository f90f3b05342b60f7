import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import { type PrismaClient } from '@loupe/db';
import { type TestDatabase } from '@loupe/db/testing';
import { buildVitL14, ModelRegistry, writeFixtureDetector, type FaceDetector } from '@loupe/inference';
import { analysedRegion, overlayKey } from '@loupe/inference/heatmap';
import { QUEUES } from '@loupe/queue';
import { type EvidenceStore } from '@loupe/storage';
import { analyzeMedia, type JobDeps } from '../src/analyze/job.ts';
import { reindexDetector } from '../src/reindex/job.ts';
import { chooseDetector, startWorker } from '../src/worker.ts';
import { type Owner, seedOwner, seedQueuedEvidence } from './factories.ts';
import { startWorkerTestEnv, type FixtureTestEnv } from './setup.ts';

const SAMPLES = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
const quiet = { info: () => undefined, error: () => undefined };

describe('analyze-media', () => {
  let env: FixtureTestEnv;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let dataDir: string;
  let modelsDir: string;
  let store: EvidenceStore;
  let faces: FaceDetector;
  let registry: ModelRegistry;
  let owner: Owner;

  /** Evidence as an upload leaves it (factories.ts). */
  const seed = (bytes: Buffer, originalName: string) =>
    seedQueuedEvidence(prisma, store, owner, bytes, { originalName });

  const deps = (withDetector: boolean): JobDeps => {
    const chosen = chooseDetector(registry, undefined);
    return {
      prisma,
      store,
      faces,
      detector: withDetector ? chosen.detector : null,
      detectorProblems: chosen.problems,
      maxMapSide: 4096,
      batchSize: 4,
      log: quiet,
    };
  };

  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-worker-test' });
    ({ db, prisma, dataDir, modelsDir, store, faces, registry } = env);
    owner = await seedOwner(prisma, 'Worker');
  });
  afterAll(() => env?.close());

  it('analyses a real photo: face, fixture score, full-resolution heatmaps, forensic signals, vectors, audit', async () => {
    const bytes = readFileSync(join(SAMPLES, 'sample2.jpg'));
    const { media, analysis } = await seed(bytes, 'sample2.jpg');
    const outcome = await analyzeMedia(
      { id: 'j1', data: { analysisId: analysis.id }, retryCount: 0, retryLimit: 3 },
      deps(true),
    );
    expect(outcome).toEqual({ outcome: 'done', analysisId: analysis.id });

    const done = await prisma.analysis.findUniqueOrThrow({
      where: { id: analysis.id },
      include: { heatmaps: true },
    });
    expect(done).toMatchObject({
      status: 'DONE',
      progress: 1,
      modelId: 'loupe-test-fixture',
      modelIsTestFixture: true,
      attempts: 1,
    });
    expect(done.pFake).toBeGreaterThanOrEqual(0);
    expect(done.pFake).toBeLessThanOrEqual(1);
    expect(done.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    const storedFaces = done.faces as { primary: boolean; box: { width: number } }[];
    expect(storedFaces.length).toBeGreaterThanOrEqual(1);
    expect(storedFaces[0]!.primary).toBe(true);

    // The image's maps: the primary face's detector map and the forensic maps (other faces' maps
    // are tested below).
    const imageMaps = done.heatmaps.filter((h) => h.faceIndex === null || h.faceIndex === 0);
    expect(imageMaps.map((h) => h.kind).sort()).toEqual(['DETECTOR', 'ELA', 'NOISE']);
    expect(imageMaps.find((h) => h.kind === 'DETECTOR')!.storageKey).toMatch(/\/detector\.png$/);
    for (const h of done.heatmaps) {
      const png = await sharp(store.path(h.storageKey)).metadata();
      expect([png.width, png.height]).toEqual([media.width, media.height]);
      expect([h.width, h.height]).toEqual([media.width, media.height]);
      // An image's overlays are rendered on first view: none stored, but each can be.
      expect(h.overlayStorageKey).toBeNull();
      const region = analysedRegion(h.analysedRegion);
      if (h.kind === 'DETECTOR') {
        expect(region!.width).toBeGreaterThan(0);
        expect(region!.left + region!.width).toBeLessThanOrEqual(h.width + 1e-6);
      } else {
        expect(region).toBeNull();
      }
      const overlay = await overlayKey(store, h, media.storageKey);
      expect(await sharp(store.path(overlay!)).metadata()).toMatchObject({
        width: h.width,
        height: h.height,
        channels: 3,
      });
    }

    const dims = await prisma.$queryRaw<{ dims: number; n: bigint }[]>`
      SELECT vector_dims(embedding) AS dims, count(*) OVER () AS n FROM detector_embeddings WHERE analysis_id = ${analysis.id}::uuid`;
    expect(dims[0]?.dims).toBe(1024);
    expect(Number(dims[0]?.n)).toBe(Math.min(storedFaces.length, 8));
    const faceVectors = await prisma.$queryRaw<{ dims: number }[]>`
      SELECT vector_dims(embedding) AS dims FROM face_embeddings WHERE analysis_id = ${analysis.id}::uuid`;
    expect(faceVectors.length).toBe(storedFaces.length);
    expect(faceVectors[0]?.dims).toBe(128);
    const hashes = await prisma.$queryRaw<
      { phash: string }[]
    >`SELECT phash::text AS phash FROM perceptual_hashes WHERE analysis_id = ${analysis.id}::uuid`;
    expect(hashes[0]?.phash).toMatch(/^[01]{64}$/);
    const signals = done.signals as { jpeg: { isJpeg: boolean; estimatedQuality: number }; metadata: object };
    expect(signals.jpeg.isJpeg).toBe(true);
    expect(signals.jpeg.estimatedQuality).toBeGreaterThan(0);
    expect(
      await prisma.auditEvent.count({ where: { action: 'analysis.complete', targetId: analysis.id } }),
    ).toBe(1);
  });

  it('is idempotent: a retry after a crash leaves exactly one set of results', async () => {
    const { analysis } = await seed(readFileSync(join(SAMPLES, 'sample3.jpg')), 'sample3.jpg');
    const job = { id: 'j2', data: { analysisId: analysis.id }, retryCount: 0, retryLimit: 3 };
    await analyzeMedia(job, deps(true));
    expect(await analyzeMedia(job, deps(true))).toEqual({ outcome: 'already-done', analysisId: analysis.id });
    // As if the worker died after writing results but before the queue heard of it.
    await prisma.analysis.update({ where: { id: analysis.id }, data: { status: 'RUNNING' } });
    expect(await analyzeMedia({ ...job, retryCount: 1 }, deps(true))).toMatchObject({ outcome: 'done' });
    expect(await prisma.analysis.count({ where: { mediaId: analysis.mediaId } })).toBe(1);
    // ELA, NOISE and one detector map per scored face, each once.
    const { faces } = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    const maps = await prisma.heatmap.findMany({ where: { analysisId: analysis.id } });
    expect(maps).toHaveLength(2 + Math.min((faces as unknown[]).length, 8));
    expect(new Set(maps.map((h) => `${h.kind}/${h.faceIndex}`)).size).toBe(maps.length);
    expect(await prisma.perceptualHash.count({ where: { analysisId: analysis.id } })).toBe(1);
  });

  it('draws a detector map for every scored face, each with its face index, and none for faces past the limit', async () => {
    const bytes = readFileSync(join(SAMPLES, 'sample5.jpg'));
    const { media, analysis } = await seed(bytes, 'sample5.jpg');
    const outcome = await analyzeMedia(
      { id: 'j-faces', data: { analysisId: analysis.id } },
      { ...deps(true), maxScoredFaces: 3 },
    );
    expect(outcome).toEqual({ outcome: 'done', analysisId: analysis.id });
    const done = await prisma.analysis.findUniqueOrThrow({
      where: { id: analysis.id },
      include: { heatmaps: { orderBy: { faceIndex: 'asc' } } },
    });
    const storedFaces = done.faces as { primary: boolean; pFake: number | null }[];
    expect(storedFaces.length).toBeGreaterThanOrEqual(4);
    // Faces past maxScoredFaces are neither scored nor mapped.
    expect(storedFaces.map((f) => f.pFake !== null)).toEqual(storedFaces.map((_, i) => i < 3));

    const detectorMaps = done.heatmaps.filter((h) => h.kind === 'DETECTOR');
    expect(detectorMaps.map((h) => h.faceIndex)).toEqual([0, 1, 2]);
    expect(new Set(detectorMaps.map((h) => h.storageKey)).size).toBe(3);
    // Each face's overlay shows its own region.
    const regions = detectorMaps.map((h) => JSON.stringify(h.analysedRegion));
    expect(new Set(regions).size).toBe(3);
    const pixels = await Promise.all(
      detectorMaps.map(async (h) => {
        const { data, info } = await sharp(store.path(h.storageKey))
          .raw()
          .toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([media.width, media.height]);
        return data;
      }),
    );
    // Each face's map is drawn from its own crop's patch scores: no two are the same picture.
    expect(pixels[0]!.equals(pixels[1]!)).toBe(false);
    expect(pixels[1]!.equals(pixels[2]!)).toBe(false);
    expect(pixels[0]!.equals(pixels[2]!)).toBe(false);
    // Forensic maps are about the whole image.
    expect(done.heatmaps.filter((h) => h.kind !== 'DETECTOR').map((h) => h.faceIndex)).toEqual([null, null]);
  });

  it('without a detector still runs everything else and says the detector is not installed', async () => {
    const { analysis } = await seed(readFileSync(join(SAMPLES, 'sample4.jpg')), 'sample4.jpg');
    await analyzeMedia({ id: 'j3', data: { analysisId: analysis.id } }, deps(false));
    const done = await prisma.analysis.findUniqueOrThrow({
      where: { id: analysis.id },
      include: { heatmaps: true },
    });
    expect(done).toMatchObject({ status: 'DONE', pFake: null, label: null, modelId: null });
    expect((done.signals as { detector: { installed: boolean } }).detector.installed).toBe(false);
    expect(done.heatmaps.map((h) => h.kind).sort()).toEqual(['ELA', 'NOISE']);
  });

  it('marks undecodable evidence FAILED with the reason, without retrying', async () => {
    const bytes = readFileSync(join(SAMPLES, 'sample1.jpg'));
    const { analysis } = await seed(Buffer.concat([bytes.subarray(0, 600), Buffer.alloc(400)]), 'broken.jpg');
    const outcome = await analyzeMedia(
      { id: 'j4', data: { analysisId: analysis.id }, retryCount: 0, retryLimit: 3 },
      deps(true),
    );
    expect(outcome.outcome).toBe('failed');
    const failed = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBeTruthy();
  });

  it('refuses a detector whose embedding size does not fit the DETECTOR space', async () => {
    const dir = join(dataDir, 'models-64');
    await writeFixtureDetector(dir, { dim: 64 });
    const small = await ModelRegistry.load(dir);
    try {
      const chosen = chooseDetector(small, undefined);
      expect(chosen.detector).toBeNull();
      expect(chosen.problems.join()).toMatch(/64-d embeddings; the DETECTOR space stores 1024-d/);
    } finally {
      await small.close();
    }
  });

  it('takes jobs from the real queue through to DONE', async () => {
    // Re-encoded: the per-face test already holds sample5's exact bytes in this case.
    const bytes = await sharp(readFileSync(join(SAMPLES, 'sample5.jpg')))
      .jpeg({ quality: 90 })
      .toBuffer();
    const { analysis } = await seed(bytes, 'sample5-requeued.jpg');
    const config = loadWorkerConfig({
      DATABASE_URL: db.url,
      LOUPE_DATA_DIR: dataDir,
      LOUPE_MODELS_DIR: modelsDir,
      // As compose does: the public key published on a volume of its own, for the API.
      LOUPE_AUDIT_PUBLIC_KEY_FILE: join(dataDir, 'audit-pub', 'audit-ed25519.pub.pem'),
    });
    const worker = await startWorker(config, { prisma, faces, log: quiet });
    try {
      const published = readFileSync(join(dataDir, 'audit-pub', 'audit-ed25519.pub.pem'), 'utf8');
      expect(published).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(published).toBe(readFileSync(join(dataDir, 'keys', 'audit-ed25519.pub.pem'), 'utf8'));
      await worker.boss.send(QUEUES.analyzeMedia.name, { analysisId: analysis.id });
      await expect
        .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).status, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe('DONE');
    } finally {
      await worker.stop();
    }
  });

  it('installs and runs a detector exported elsewhere, described only by its manifest (docs/models.md)', async () => {
    // A ViT built outside the fixture code (1 block of ViT-L/14 width, random weights), with a
    // hand-written manifest as an administrator would drop it into the models directory.
    const dir = join(dataDir, 'models-external', 'my-exported-vit');
    mkdirSync(dir, { recursive: true });
    const built = await buildVitL14(join(dir, 'vit.onnx'), { layers: 1, seed: 7 });
    const manifest = {
      id: 'external-vit',
      version: '2026.11',
      name: 'Externally exported ViT (random weights, for this test)',
      isTestFixture: true,
      file: 'vit.onnx',
      sha256: createHash('sha256').update(readFileSync(built.modelPath)).digest('hex'),
      license: 'CC0-1.0',
      source: 'apps/worker/test/analyze.test.ts',
      input: {
        name: 'pixel_values',
        size: 224,
        mean: [0.48145466, 0.4578275, 0.40821073],
        std: [0.26862954, 0.26130258, 0.27577711],
        rescale: 1 / 255,
        resize: { shortestEdge: 224, resample: 'bicubic' },
        crop: { type: 'center', size: 224 },
        faceCrop: { enabled: true, scale: 1.3 },
      },
      outputs: {
        embedding: { name: 'embedding', dim: 1024, normalized: true },
        logits: { name: 'logits', classes: ['real', 'fake'] },
        patchLogits: { name: 'patch_logits', grid: [16, 16] },
      },
      calibration: { temperature: 1.5, threshold: 0.6 },
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const external = await ModelRegistry.load(join(dataDir, 'models-external'));
    try {
      const chosen = chooseDetector(external, 'external-vit');
      expect(chosen.problems).toEqual([]);
      const { analysis } = await seed(readFileSync(join(SAMPLES, 'sample6.jpg')), 'sample6.jpg');
      await analyzeMedia(
        { id: 'j6', data: { analysisId: analysis.id } },
        { ...deps(true), detector: chosen.detector, batchSize: 2 },
      );
      const done = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
      expect(done).toMatchObject({
        status: 'DONE',
        modelId: 'external-vit',
        modelVersion: '2026.11',
        modelSha256: manifest.sha256,
      });
      expect(done.pFake).toBeGreaterThanOrEqual(0);
      expect((done.preprocessing as { input: { name: string } }).input.name).toBe('pixel_values');
    } finally {
      await external.close();
    }
  });

  it('re-indexes after a detector change: items last analysed by another (or no) detector get a new analysis, with progress', async () => {
    const { analysis: before } = await seed(readFileSync(join(SAMPLES, 'sample1.jpg')), 'reindex.jpg');
    await analyzeMedia({ id: 'r0', data: { analysisId: before.id } }, deps(false));
    const run = await prisma.reindexRun.create({ data: { requestedById: owner.userId } });
    const outcome = await reindexDetector({ data: { runId: run.id } }, deps(true));
    expect(outcome).toMatchObject({ failed: 0 });
    expect(outcome!.total).toBeGreaterThanOrEqual(1);
    const finished = await prisma.reindexRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: 'DONE', modelId: 'loupe-test-fixture', done: outcome!.total });
    const analyses = await prisma.analysis.findMany({
      where: { mediaId: before.mediaId },
      orderBy: { queuedAt: 'asc' },
    });
    expect(analyses.map((a) => a.modelId)).toEqual([null, 'loupe-test-fixture']);
    const vectors = await prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM detector_embeddings WHERE media_id = ${before.mediaId}::uuid`;
    expect(Number(vectors[0]!.n)).toBeGreaterThanOrEqual(1);
    expect(await prisma.auditEvent.count({ where: { action: 'reindex.complete', targetId: run.id } })).toBe(
      1,
    );
    // Nothing is stale any more.
    const again = await prisma.reindexRun.create({ data: { requestedById: owner.userId } });
    expect(await reindexDetector({ data: { runId: again.id } }, deps(true))).toMatchObject({ total: 0 });
    // Without a detector a run fails with the reason.
    const none = await prisma.reindexRun.create({ data: { requestedById: owner.userId } });
    await reindexDetector({ data: { runId: none.id } }, deps(false));
    expect(await prisma.reindexRun.findUniqueOrThrow({ where: { id: none.id } })).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/No detector/),
    });
    // 27 s on the real server beside the browser tests (CI run of 6388400), against vitest's 60 s.
  }, 240_000);
});
