import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { type PrismaClient } from '@loupe/db';
import { type TestDatabase } from '@loupe/db/testing';
import { type ModelRegistry, type FaceDetector } from '@loupe/inference';
import { renderCasePdf, reportOptions } from '@loupe/reports';
import { type EvidenceStore } from '@loupe/storage';
import { analyzeMedia, type JobDeps } from '../src/analyze/job.ts';
import { importKnownFakes, parseLabels } from '../src/known-fakes/import.ts';
import { collectBundle, collectImages } from '../src/report/collect.ts';
import { chooseDetector } from '../src/worker.ts';
import { type Owner, seedOwner, seedQueuedEvidence } from './factories.ts';
import { startWorkerTestEnv, type FixtureTestEnv } from './setup.ts';

const SAMPLES = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
const quiet = { info: () => undefined, error: () => undefined };

describe('known-fakes import and near-duplicate flag', () => {
  let env: FixtureTestEnv;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let dataDir: string;
  let store: EvidenceStore;
  let faces: FaceDetector;
  let registry: ModelRegistry;
  let deps: JobDeps;
  let owner: Owner;
  let folder: string;

  const analyze = async (analysisId: string) => {
    const outcome = await analyzeMedia({ id: analysisId, data: { analysisId } }, deps);
    expect(outcome.outcome).toBe('done');
  };

  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-kf-test' });
    ({ db, prisma, dataDir, store, faces, registry } = env);
    const chosen = chooseDetector(registry, undefined);
    deps = {
      prisma,
      store,
      faces,
      detector: chosen.detector,
      detectorProblems: chosen.problems,
      maxMapSide: 1024,
      batchSize: 4,
      log: quiet,
    };
    owner = await seedOwner(prisma, 'KF', 'ADMIN');

    folder = join(dataDir, 'library');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    copyFileSync(join(SAMPLES, 'sample1.jpg'), join(folder, 'sample1.jpg'));
    copyFileSync(join(SAMPLES, 'sample2.jpg'), join(folder, 'sample2.jpg'));
    copyFileSync(join(SAMPLES, 'sample3.jpg'), join(folder, 'sub', 'sample3.jpg'));
    // The same bytes under a second name: one library item, reported as a duplicate.
    copyFileSync(join(SAMPLES, 'sample3.jpg'), join(folder, 'sub', 'copy-of-3.jpg'));
    writeFileSync(join(folder, 'notes.jpg'), 'not an image at all');
    writeFileSync(
      join(dataDir, 'labels.csv'),
      [
        'file,family,generator,source,dataset,notes',
        'sample1.jpg,FACE_SWAP,SimSwap,"https://example.test/a, b",ds1,"said ""hello"""',
        'sample2.jpg,WARPING,,,,',
        'sub/sample3.jpg,full_synthesis_gan,StyleGAN2,,ds1,',
        'sub/copy-of-3.jpg,FULL_SYNTHESIS_GAN,StyleGAN2,,ds1,',
        'notes.jpg,OTHER,,,,',
        'ghost.jpg,OTHER,,,,',
      ].join('\n'),
    );
  });
  afterAll(() => env?.close());

  it('parses labels.csv with quoting and refuses unknown families row by row', () => {
    const { labels, errors } = parseLabels('file,family,notes\na.jpg,SPLICE,"x, y"\nb.jpg,nope,\n,OTHER,\n');
    expect(labels.get('a.jpg')).toMatchObject({ family: 'SPLICE', notes: 'x, y', generator: null });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('unknown family "nope"'),
      'no file named',
    ]);
  });

  it('imports a folder: labels, per-file errors, duplicates, missing files; re-running resumes', async () => {
    const progress: string[] = [];
    const summary = await importKnownFakes({
      prisma,
      store,
      folder,
      createdById: owner.userId,
      labelsCsv: join(dataDir, 'labels.csv'),
      analyze,
      progress: (line) => progress.push(line),
    });
    expect(summary).toMatchObject({ total: 5, imported: 2, skipped: 1, failed: 2 });
    expect(summary.duplicates).toEqual([
      { file: join('sub', 'sample3.jpg'), message: 'same bytes as sub/copy-of-3.jpg' },
    ]);
    const messages = summary.errors.map((e) => `${e.file}: ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sample2\.jpg: labels\.csv line 3: unknown family "WARPING"/),
        'sample2.jpg: its labels.csv row is invalid',
        'ghost.jpg: labels.csv names a file that is not in the folder',
        expect.stringMatching(/^notes\.jpg: not an accepted image/),
      ]),
    );
    expect(progress.at(-1)).toMatch(/^5\/5 \([\d.]+ files\/s\) imported 2, skipped 1, failed 2$/);

    const sample1 = await prisma.knownFake.findFirstOrThrow({ where: { originalName: 'sample1.jpg' } });
    expect(sample1).toMatchObject({
      family: 'FACE_SWAP',
      generator: 'SimSwap',
      source: 'https://example.test/a, b',
      dataset: 'ds1',
      notes: 'said "hello"',
      createdById: owner.userId,
    });
    const bytes = readFileSync(join(SAMPLES, 'sample1.jpg'));
    expect(sample1.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(readFileSync(store.path(sample1.storageKey)).equals(bytes)).toBe(true);

    // The library items were analysed by the same pipeline: rows carry known_fake_id, no case.
    const rows = await prisma.$queryRaw<{ t: string; n: number }[]>`
      SELECT 'phash' AS t, count(*)::int AS n FROM perceptual_hashes WHERE known_fake_id IS NOT NULL AND case_id IS NULL AND media_id IS NULL
      UNION ALL SELECT 'detector', count(*)::int FROM detector_embeddings WHERE known_fake_id IS NOT NULL AND case_id IS NULL
      UNION ALL SELECT 'face', count(*)::int FROM face_embeddings WHERE known_fake_id = ${sample1.id}::uuid`;
    expect(Object.fromEntries(rows.map((r) => [r.t, r.n]))).toMatchObject({ phash: 2 });
    expect(rows.find((r) => r.t === 'detector')?.n).toBeGreaterThanOrEqual(2);
    expect(rows.find((r) => r.t === 'face')?.n).toBeGreaterThanOrEqual(1);
    const audit = await prisma.auditEvent.count({ where: { action: 'knownFake.import' } });
    expect(audit).toBe(2);

    // Resumable: a second run imports nothing new and analyses nothing.
    let analysed = 0;
    const again = await importKnownFakes({
      prisma,
      store,
      folder,
      createdById: owner.userId,
      labelsCsv: join(dataDir, 'labels.csv'),
      analyze: async () => void analysed++,
    });
    expect(again).toMatchObject({ total: 5, imported: 0, skipped: 3, failed: 2 });
    expect(analysed).toBe(0);
    expect(await prisma.knownFake.count()).toBe(2);
    // 22 s on the real server beside the browser tests (CI run of 6388400), against vitest's 60 s.
  }, 240_000);

  it('flags a re-encoded, resized copy of a known fake as a near-duplicate when its analysis completes', async () => {
    const known = await prisma.knownFake.findFirstOrThrow({ where: { originalName: 'sample1.jpg' } });
    const original = readFileSync(join(SAMPLES, 'sample1.jpg'));
    const meta = await sharp(original).metadata();
    const copy = await sharp(original)
      .resize(Math.round((meta.width ?? 0) / 2))
      .jpeg({ quality: 60 })
      .toBuffer();
    const { media, analysis } = await seedQueuedEvidence(prisma, store, owner, copy, {
      originalName: 'copy.jpg',
    });
    await analyze(analysis.id);
    const done = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    const near = (
      done.signals as { nearDuplicates: { knownFakeId: string; space: string; distance: number }[] }
    ).nearDuplicates;
    const phash = near.find((n) => n.space === 'PHASH');
    expect(phash).toMatchObject({ knownFakeId: known.id });
    expect(phash?.distance).toBeLessThanOrEqual(6);
    // No other library item is close in pHash space.
    expect(near.filter((n) => n.space === 'PHASH').map((n) => n.knownFakeId)).toEqual([known.id]);

    // The case report carries the flag, with what the library says of the known fake.
    const bundle = await collectBundle(
      prisma,
      { id: randomUUID(), caseId: owner.caseId, requestedById: owner.userId },
      reportOptions({ includeAuditTrail: false, includeMaps: false }),
      new Date(),
    );
    const reported = bundle.evidence.find((e) => e.id === media.id)!.analyses[0]!.nearDuplicates!;
    expect(reported.find((n) => n.space === 'PHASH')).toEqual({
      knownFakeId: known.id,
      space: 'PHASH',
      distance: phash!.distance,
      score: 1 - phash!.distance / 64,
      knownFake: {
        originalName: 'sample1.jpg',
        sha256: known.sha256,
        family: 'FACE_SWAP',
        generator: 'SimSwap',
        source: 'https://example.test/a, b',
        dataset: 'ds1',
      },
    });
    const pdfFile = join(dataDir, 'near-duplicate-report.pdf');
    writeFileSync(pdfFile, await renderCasePdf(bundle, await collectImages(store, bundle)));
    const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('sample1.jpg (FACE_SWAP): pHash:');
    expect(text).toContain('source https://example.test/a, b');
    expect(text.split('\n').some((l) => l.includes(known.sha256))).toBe(true);
  });
  it('runs as a command: npm run known-fakes:import queues analyze-media for each imported file', async () => {
    const dir = join(dataDir, 'cli');
    mkdirSync(dir);
    copyFileSync(join(SAMPLES, 'sample6.jpg'), join(dir, 'six.jpg'));
    const run = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'apps/worker/src/cli/known-fakes-import.ts',
            'import',
            dir,
            '--family',
            'splice',
          ],
          {
            cwd: projectRoot(),
            env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, LOUPE_DATA_DIR: dataDir },
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
    const first = await run();
    expect(first.stdout, first.stderr).toContain(
      '1 files: 1 imported, 0 already in the library, 0 failed; analyses queued (analyze-media)',
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/1\/1 \([\d.]+ files\/s\)/);
    const known = await prisma.knownFake.findFirstOrThrow({ where: { originalName: 'six.jpg' } });
    expect(known.family).toBe('SPLICE');
    const analysis = await prisma.analysis.findFirstOrThrow({ where: { knownFakeId: known.id } });
    const jobs = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze-media' AND data->>'analysisId' = ${analysis.id}`;
    expect(jobs[0]?.n).toBe(1);
    const again = await run();
    expect(again.stdout).toContain('1 files: 0 imported, 1 already in the library, 0 failed');
  });
});
