import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import { type PrismaClient } from '@loupe/db';
import { type TestDatabase } from '@loupe/db/testing';
import { type FaceDetector } from '@loupe/inference';
import { QUEUES, startQueue, type PgBoss } from '@loupe/queue';
import { type EvidenceStore } from '@loupe/storage';
import { claimAnalysis } from '../src/analyze/claim.ts';
import { analyzeMedia, type JobDeps } from '../src/analyze/job.ts';
import { MAX_ANALYSIS_ATTEMPTS, sweepStaleAnalyses } from '../src/analyze/sweep.ts';
import { startWorker } from '../src/worker.ts';
import { type Owner, seedOwner, seedQueuedEvidence } from './factories.ts';
import { startWorkerTestEnv, type WorkerTestEnv } from './setup.ts';

const SAMPLES = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
const quiet = { info: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise the test resolves by hand: holds an analysis mid-pipeline, like a slow worker. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('dead-worker recovery', () => {
  let env: WorkerTestEnv;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let boss: PgBoss;
  let dataDir: string;
  let store: EvidenceStore;
  let faces: FaceDetector;
  let owner: Owner;

  /** Evidence as an upload leaves it (factories.ts); returns its queued analysis. */
  const seed = async (bytes: Buffer, originalName: string) =>
    (await seedQueuedEvidence(prisma, store, owner, bytes, { originalName })).analysis;

  /** The image pipeline's deps; `held` pauses face detection until opened (a slow worker). */
  const deps = (workerId: string, held?: Promise<void>, heartbeatMs = 200): JobDeps => ({
    prisma,
    store,
    faces: held
      ? {
          modelInfo: faces.modelInfo,
          close: () => Promise.resolve(),
          detect: async (image, opts) => {
            await held;
            return faces.detect(image, opts);
          },
        }
      : faces,
    detector: null,
    detectorProblems: [],
    maxMapSide: 4096,
    batchSize: 4,
    log: quiet,
    liveness: { workerId, staleMs: 1000, heartbeatMs },
  });

  const counts = async (analysisId: string) => ({
    complete: await prisma.auditEvent.count({ where: { action: 'analysis.complete', targetId: analysisId } }),
    requeue: await prisma.auditEvent.count({ where: { action: 'analysis.requeue', targetId: analysisId } }),
    heatmaps: await prisma.heatmap.count({ where: { analysisId } }),
    hashes: await prisma.perceptualHash.count({ where: { analysisId } }),
    faceVectors: await prisma.faceEmbedding.count({ where: { analysisId } }),
  });

  /**
   * Takes the next analyze-media job as a worker would (active from then on), waiting through a
   * retry's backoff; each test leaves no job behind, so it must be this analysis's.
   */
  async function nextJob(analysisId: string) {
    let job: PgBoss.JobWithMetadata<{ analysisId: string }> | undefined;
    await expect
      .poll(
        async () =>
          (job = (
            await boss.fetch<{ analysisId: string }>(QUEUES.analyzeMedia.name, { includeMetadata: true })
          )[0]),
        { timeout: 60_000, interval: 250 },
      )
      .toBeDefined();
    expect(job!.data.analysisId).toBe(analysisId);
    return job!;
  }

  async function activeJob(analysisId: string) {
    await boss.send(QUEUES.analyzeMedia.name, { analysisId });
    return nextJob(analysisId);
  }

  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-recovery-test', fixture: false });
    ({ db, prisma, dataDir, store, faces } = env);
    // A sender: no maintenance of its own, so the only thing that takes jobs back is the sweep.
    boss = await startQueue({ url: db.url, role: 'sender' }, () => undefined);
    owner = await seedOwner(prisma, 'Recovery');
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await env?.close();
  });

  it('a worker that was only slow finishes after its re-queued analysis completed elsewhere: one set of results, one audit event', async () => {
    const analysis = await seed(readFileSync(join(SAMPLES, 'sample2.jpg')), 'slow.jpg');
    const job = await activeJob(analysis.id);
    const held = gate();
    // The slow worker beats far less often than the 1 s threshold, so it looks dead.
    const slow = analyzeMedia(job, deps('slow-host:1:aaaaaa', held.opened, 60_000));
    await expect
      .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).status)
      .toBe('RUNNING');
    await sleep(1200);

    const swept = await sweepStaleAnalyses({ prisma, boss, staleMs: 1000, log: quiet });
    expect(swept).toEqual({ requeued: [analysis.id], failed: [] });
    const requeued = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    expect(requeued.status).toBe('QUEUED');
    expect(requeued.error).toMatch(
      new RegExp(
        `^The worker analysing this \\(slow-host:1\\) stopped responding at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; re-queued \\(attempt 2 of ${MAX_ANALYSIS_ATTEMPTS}\\)\\.$`,
      ),
    );
    // pg-boss got the job back for a retry; a second sweep finds nothing to do.
    expect((await boss.getJobById(QUEUES.analyzeMedia.name, job.id))?.state).toBe('retry');
    expect(await sweepStaleAnalyses({ prisma, boss, staleMs: 1000, log: quiet })).toEqual({
      requeued: [],
      failed: [],
    });

    // pg-boss hands the retry (after its backoff) to another worker, which completes it; the
    // note stays visible while it runs.
    const retry = await nextJob(analysis.id);
    expect([retry.id, retry.retryCount]).toEqual([job.id, 1]);
    const retried = analyzeMedia(retry, deps('other-host:2:bbbbbb'));
    await expect
      .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).attempts)
      .toBe(2);
    expect((await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).error).toMatch(
      /re-queued/,
    );
    expect(await retried).toEqual({ outcome: 'done', analysisId: analysis.id });
    await boss.complete(QUEUES.analyzeMedia.name, retry.id);

    // Then the slow one wakes up: it must not write a second set of results.
    held.open();
    expect(await slow).toEqual({ outcome: 'already-done', analysisId: analysis.id });
    const done = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    expect(done).toMatchObject({
      status: 'DONE',
      attempts: 2,
      error: null,
      progress: 1,
      heartbeatAt: null,
      workerId: 'other-host:2:bbbbbb',
    });
    const c = await counts(analysis.id);
    expect(c).toMatchObject({ complete: 1, requeue: 1, heatmaps: 2, hashes: 1 });
    expect(c.faceVectors).toBeGreaterThanOrEqual(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'analysis.requeue', targetId: analysis.id },
    });
    expect(audit.caseId).toBe(owner.caseId);
    expect(audit.details).toMatchObject({ workerId: 'slow-host:1:aaaaaa', attempt: 1, maxAttempts: 4 });
  }, 240_000);

  it('the slow worker finishing first wins; the re-queued attempt then writes nothing, and a third is refused while one is alive', async () => {
    const analysis = await seed(readFileSync(join(SAMPLES, 'sample3.jpg')), 'slow-first.jpg');
    const job = await activeJob(analysis.id);
    const first = gate();
    const slow = analyzeMedia(job, deps('slow-host:1:cccccc', first.opened, 60_000));
    await expect
      .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).status)
      .toBe('RUNNING');
    await sleep(1200);
    expect((await sweepStaleAnalyses({ prisma, boss, staleMs: 1000, log: quiet })).requeued).toEqual([
      analysis.id,
    ]);

    const second = gate();
    const retry = await nextJob(analysis.id);
    const retried = analyzeMedia(retry, deps('other-host:2:dddddd', second.opened));
    await expect
      .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).attempts)
      .toBe(2);
    // A duplicate job meanwhile: the attempt running (fresh heartbeat) keeps it.
    expect(
      await claimAnalysis(prisma, analysis.id, { workerId: 'third:3:eeeeee', jobId: job.id, staleMs: 1000 }),
    ).toEqual({ claimed: false, reason: 'running-elsewhere', workerId: 'other-host:2:dddddd' });

    first.open();
    expect(await slow).toEqual({ outcome: 'done', analysisId: analysis.id });
    second.open();
    expect(await retried).toEqual({ outcome: 'already-done', analysisId: analysis.id });
    await boss.complete(QUEUES.analyzeMedia.name, retry.id);
    expect(await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).toMatchObject({
      status: 'DONE',
      progress: 1,
      error: null,
    });
    expect(await counts(analysis.id)).toMatchObject({ complete: 1, requeue: 1, heatmaps: 2, hashes: 1 });
  }, 240_000);

  it('a write that fails after the computing (a transaction the database ended) re-queues the analysis at once: the retry completes it', async () => {
    const analysis = await seed(readFileSync(join(SAMPLES, 'sample1.jpg')), 'write-fails.jpg');
    const job = await activeJob(analysis.id);
    // The first attempt's results transaction fails, as one that outlived Prisma's timeout
    // while waiting for the audit chain's lock behind other workers' writes does.
    let failures = 0;
    const refusing = new Proxy(prisma, {
      get(target, key) {
        if (key === '$transaction' && failures === 0)
          return () => {
            failures++;
            return Promise.reject(
              new Error('Transaction already closed: the timeout for this transaction was 15000 ms'),
            );
          };
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(analyzeMedia(job, { ...deps('write-host:1:abcdef'), prisma: refusing })).rejects.toThrow(
      /Transaction already closed/,
    );
    expect(failures).toBe(1);
    // Not left RUNNING with a fresh heartbeat (which would refuse every retry until the sweep
    // found it stale): back in the queue, saying why.
    expect(await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).toMatchObject({
      status: 'QUEUED',
      attempts: 1,
      heartbeatAt: null,
      error: expect.stringMatching(/^Attempt 1 failed: Transaction already closed.*; retrying\.$/),
    });
    await boss.fail(QUEUES.analyzeMedia.name, job.id, { message: 'write failed' });
    const retry = await nextJob(analysis.id);
    expect([retry.id, retry.retryCount]).toEqual([job.id, 1]);
    expect(await analyzeMedia(retry, deps('other-host:2:fedcba'))).toEqual({
      outcome: 'done',
      analysisId: analysis.id,
    });
    await boss.complete(QUEUES.analyzeMedia.name, retry.id);
    expect(await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).toMatchObject({
      status: 'DONE',
      attempts: 2,
      error: null,
      workerId: 'other-host:2:fedcba',
    });
    expect(await counts(analysis.id)).toMatchObject({ complete: 1, requeue: 0, heatmaps: 2, hashes: 1 });
  }, 240_000);

  it('after the last attempt the analysis is FAILED with a message saying why, and audited', async () => {
    const analysis = await seed(readFileSync(join(SAMPLES, 'sample4.jpg')), 'last.jpg');
    const job = await activeJob(analysis.id);
    await prisma.$executeRaw`
      UPDATE analyses SET status = 'RUNNING', attempts = ${MAX_ANALYSIS_ATTEMPTS}, worker_id = 'gone:9:ffffff',
             job_id = ${job.id}, started_at = now() - interval '1 minute', heartbeat_at = now() - interval '30 seconds'
       WHERE id = ${analysis.id}::uuid`;
    // Fresh enough for a 60 s threshold: left alone.
    expect(await sweepStaleAnalyses({ prisma, boss, staleMs: 60_000, log: quiet })).toEqual({
      requeued: [],
      failed: [],
    });
    expect(await sweepStaleAnalyses({ prisma, boss, staleMs: 1000, log: quiet })).toEqual({
      requeued: [],
      failed: [analysis.id],
    });
    const failed = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    expect(failed.status).toBe('FAILED');
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.error).toMatch(
      /^The worker analysing this \(gone:9\) stopped responding at .+ UTC, on attempt 4 of 4; the analysis was given up\./,
    );
    expect(await prisma.auditEvent.count({ where: { action: 'analysis.fail', targetId: analysis.id } })).toBe(
      1,
    );
    // Nor is its queue job retried.
    expect((await boss.getJobById(QUEUES.analyzeMedia.name, job.id))?.state).not.toMatch(
      /active|retry|created/,
    );
  });

  it('a worker process killed mid-analysis (SIGKILL): another worker re-queues it and it completes exactly once', async () => {
    // Large enough that the analysis runs for a while, so the kill lands mid-job.
    const big = await sharp(readFileSync(join(SAMPLES, 'sample2.jpg')))
      .resize({ width: 3000 })
      .jpeg({ quality: 92 })
      .toBuffer();
    const analysis = await seed(big, 'killed.jpg');
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      LOUPE_DATA_DIR: dataDir,
      LOUPE_MODELS_DIR: join(dataDir, 'models'),
      LOUPE_WORKER_STALE_SECONDS: '3',
      LOUPE_ORT_THREADS: '1',
    };
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'apps/worker/src/main.ts')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d));
    child.stderr?.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    try {
      await expect.poll(() => out, { timeout: 150_000, interval: 100 }).toMatch(/worker ready/);
      await boss.send(QUEUES.analyzeMedia.name, { analysisId: analysis.id });
      await expect
        .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).status, {
          timeout: 60_000,
          interval: 20,
        })
        .toBe('RUNNING');
      const running = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
      expect(running.workerId).toMatch(new RegExp(`:${child.pid}:`));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      child.kill('SIGKILL');
    }
    const killedAt = Date.now();
    expect((await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).status).toBe('RUNNING');

    // A surviving worker (stale after 3 s, sweeping every second) takes it back and runs it.
    const config = loadWorkerConfig({ ...env, LOUPE_WORKER_CONCURRENCY: '1' });
    const worker = await startWorker(config, { prisma, faces, log: quiet });
    try {
      await expect
        .poll(
          () => prisma.auditEvent.count({ where: { action: 'analysis.requeue', targetId: analysis.id } }),
          {
            timeout: 60_000,
            interval: 100,
          },
        )
        .toBe(1);
      const requeueAudit = await prisma.auditEvent.findFirstOrThrow({
        where: { action: 'analysis.requeue', targetId: analysis.id },
      });
      // Re-queued within seconds (3 s threshold, 1 s sweeps; slack for a loaded machine), not after
      // pg-boss's 30-minute expiry.
      expect(requeueAudit.occurredAt.getTime() - killedAt).toBeLessThan(60_000);
      expect(requeueAudit.details).toMatchObject({ workerId: expect.stringContaining(`:${child.pid}:`) });
      await expect
        .poll(async () => (await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } })).status, {
          timeout: 240_000,
          interval: 250,
        })
        .toBe('DONE');
    } finally {
      await worker.stop();
    }
    const done = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    expect(done).toMatchObject({ status: 'DONE', error: null, workerId: worker.workerId });
    // Two attempts, unless this loaded machine stalled the surviving worker's event loop past the
    // 3 s threshold too (then it was re-queued once more): either way one set of results.
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const c = await counts(analysis.id);
    expect(c).toMatchObject({ complete: 1, heatmaps: 2, hashes: 1 });
    expect(c.requeue).toBe(done.attempts - 1);
    const jobs = await prisma.$queryRaw<{ state: string }[]>`
      SELECT state::text FROM pgboss.job WHERE name = ${QUEUES.analyzeMedia.name} AND data->>'analysisId' = ${analysis.id}`;
    expect(jobs.map((j) => j.state)).toEqual(['completed']);
  }, 600_000);
});
