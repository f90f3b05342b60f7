import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { onRealPostgres, REAL_POSTGRES_ONLY, type TestDatabase } from '@loupe/db/testing';
import { type FaceDetector } from '@loupe/inference';
import { QUEUES, startQueue, type PgBoss } from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import { startWorker, type Worker } from '../src/worker.ts';
import { seedOwner, seedQueuedEvidence } from './factories.ts';
import { startWorkerTestEnv, type WorkerTestEnv } from './setup.ts';

// Several workers, each with its own pg-boss and its own connection pool (as separate worker
// processes have), taking the same queue at once — and every job sent twice, as a client retrying
// an upload or a re-sent job would. Only a real server runs their claims truly in parallel.

const SAMPLES = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
// The workers' errors always reach the test's output (a failed attempt says why there, and CI
// keeps it); their info lines only with LOUPE_TEST_LOG=1. Both stamped with seconds since start.
const t0 = Date.now();
const stamp = (...a: unknown[]) => console.error(`+${((Date.now() - t0) / 1000).toFixed(1)}s`, ...a);
const log = { info: process.env.LOUPE_TEST_LOG ? stamp : () => undefined, error: stamp };
const WORKERS = 3;
const ANALYSES = 12;

describe.runIf(onRealPostgres)(`${REAL_POSTGRES_ONLY} several workers claiming analyses`, () => {
  let env: WorkerTestEnv;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let sender: PgBoss;
  let faces: FaceDetector;
  let dataDir: string;

  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-claims-test', fixture: false });
    ({ db, prisma, dataDir, faces } = env);
    sender = await startQueue({ url: db.url, role: 'sender' }, () => undefined);
  });
  afterAll(async () => {
    await sender?.stop({ graceful: false });
    await env?.close();
  });

  it(`${WORKERS} workers, ${ANALYSES} analyses each queued twice: every analysis runs exactly once`, async () => {
    const store = new EvidenceStore(dataDir);
    const owner = await seedOwner(prisma, 'Claims');
    const photo = readFileSync(join(SAMPLES, 'sample2.jpg'));
    const analysisIds: string[] = [];
    for (let i = 0; i < ANALYSES; i++) {
      // Distinct small images (a different crop each), so each is its own evidence.
      const bytes = await sharp(photo)
        .extract({ left: i * 4, top: 0, width: 320, height: 320 })
        .jpeg()
        .toBuffer();
      const { analysis } = await seedQueuedEvidence(prisma, store, owner, bytes, {
        originalName: `claim-${i}.jpg`,
      });
      analysisIds.push(analysis.id);
    }

    const config = loadWorkerConfig({
      DATABASE_URL: db.url,
      LOUPE_DATA_DIR: dataDir,
      LOUPE_MODELS_DIR: join(dataDir, 'models'),
      LOUPE_WORKER_CONCURRENCY: '2',
      // Duplicate jobs are what this test is about. With the default 45 s, an analysis starved of
      // CPU beside the browser tests (one CI run: 100 s for what takes 14 s alone) was taken over
      // as stale, a second claim that recovery.test.ts covers and that is correct behaviour.
      LOUPE_WORKER_STALE_SECONDS: '600',
    });
    const clients = Array.from({ length: WORKERS }, () => createPrismaClient({ url: db.url, poolSize: 4 }));
    const workers: Worker[] = [];
    try {
      for (const client of clients) workers.push(await startWorker(config, { prisma: client, faces, log }));
      await Promise.all(
        [...analysisIds, ...analysisIds].map((analysisId) =>
          sender.send(QUEUES.analyzeMedia.name, { analysisId }),
        ),
      );
      // Polled as the unfinished rows themselves, so a failure shows where each one stopped
      // (status, attempts, progress: 0.15 faces, 0.35 detector, 0.6 forensics, 0.9 writing).
      await expect
        .poll(
          () =>
            prisma.analysis.findMany({
              where: { id: { in: analysisIds }, status: { not: 'DONE' } },
              select: { id: true, status: true, attempts: true, progress: true, workerId: true, error: true },
            }),
          { timeout: 300_000, interval: 500 },
        )
        .toEqual([]);
      // Let the duplicate jobs drain too (they find the analysis done or running elsewhere).
      await expect
        .poll(
          async () =>
            (
              await prisma.$queryRaw<{ n: bigint }[]>`
                SELECT count(*) AS n FROM pgboss.job WHERE name = ${QUEUES.analyzeMedia.name} AND state <> 'completed'`
            )[0]!.n,
          { timeout: 60_000, interval: 250 },
        )
        .toBe(0n);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(clients.map((c) => c.$disconnect()));
    }

    const analyses = await prisma.analysis.findMany({ where: { id: { in: analysisIds } } });
    // Claimed once each (attempts counts claims), by more than one worker overall.
    expect(analyses.map((a) => a.attempts)).toEqual(Array(ANALYSES).fill(1));
    expect(new Set(analyses.map((a) => a.workerId)).size).toBeGreaterThan(1);
    const completes = await prisma.auditEvent.groupBy({
      by: ['targetId'],
      where: { action: 'analysis.complete', targetId: { in: analysisIds } },
      _count: true,
    });
    expect(completes.map((c) => c._count).sort()).toEqual(Array(ANALYSES).fill(1));
    expect(completes).toHaveLength(ANALYSES);
    expect(await prisma.auditEvent.count({ where: { action: 'analysis.requeue' } })).toBe(0);
    for (const id of analysisIds) {
      expect(await prisma.heatmap.count({ where: { analysisId: id } })).toBe(2);
      expect(await prisma.perceptualHash.count({ where: { analysisId: id } })).toBe(1);
    }
  }, 600_000);
});
