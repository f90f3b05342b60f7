import { loadOrCreateAuditKey, publishPublicKey } from '@loupe/audit';
import type { WorkerConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import {
  createOrtFaceDetector,
  DetectorBatcher,
  ModelRegistry,
  openSessionLike,
  type FaceDetector,
  type LoadedDetector,
} from '@loupe/inference';
import {
  QUEUES,
  startQueue,
  type AnalyzeMediaJob,
  type GenerateReportJob,
  type ReindexJob,
  type PgBoss,
} from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import { reindexDetector } from './reindex/job.ts';
import { analyzeMedia, DETECTOR_SPACE_DIM, type JobDeps } from './analyze/job.ts';
import { newWorkerId } from './analyze/claim.ts';
import { startSweeper } from './analyze/sweep.ts';
import { PixelPool } from './analyze/pixels/pool.ts';
import { generateReport } from './report/job.ts';
import { startCheckpointer } from './audit/checkpoints.ts';
import { publishInstalledModels, unpublishInstalledModels } from './models/publish.ts';

export interface Worker {
  boss: PgBoss;
  /** host:pid:random, recorded on the analyses it runs. */
  workerId: string;
  detector: LoadedDetector | null;
  /** The shared queue to the detector (its stats say how batches formed), or null without one. */
  batcher: DetectorBatcher | null;
  /** Lets running jobs finish (up to the configured grace period), then disconnects. */
  stop(): Promise<void>;
}

type Log = Pick<Console, 'info' | 'error'>;

/**
 * Picks the detector to use and refuses one whose embeddings would not fit the DETECTOR space
 * (mixing embedding spaces would make similarity meaningless).
 */
export function chooseDetector(
  registry: ModelRegistry,
  wanted: string | undefined,
): { detector: LoadedDetector | null; problems: string[] } {
  const problems = registry.problems.map((p) => `${p.dir}: ${p.error}`);
  const detector = wanted ? registry.get(wanted) : registry.primary();
  if (wanted && !detector) problems.push(`LOUPE_DETECTOR=${wanted} is not among the installed detectors.`);
  if (detector && detector.manifest.outputs.embedding.dim !== DETECTOR_SPACE_DIM) {
    problems.push(
      `${detector.manifest.id} produces ${detector.manifest.outputs.embedding.dim}-d embeddings; the DETECTOR space stores ${DETECTOR_SPACE_DIM}-d vectors, so it is not used.`,
    );
    return { detector: null, problems };
  }
  return { detector: detector ?? null, problems };
}

/**
 * Starts the analysis worker: loads installed detectors and the face detector once, then takes
 * analyze-media jobs from pg-boss on Loupe's database.
 */
export async function startWorker(
  config: WorkerConfig,
  deps: { prisma: PrismaClient; log?: Log; faces?: FaceDetector },
): Promise<Worker> {
  const log = deps.log ?? console;
  // First, so a bad key file stops the worker at once with a message saying what to fix.
  const auditKey = loadOrCreateAuditKey(config.audit.keyFile);
  publishPublicKey(auditKey.publicKeyPem, config.audit.publicKeyFile);
  log.info(
    `audit signing key ${config.audit.keyFile}${auditKey.created ? ' (created)' : ''}: fingerprint ${auditKey.fingerprint}`,
  );
  const registryOptions = {
    // In its own thread: onnxruntime-node runs inference synchronously on the calling thread, and
    // the event loop must stay free to find the next analysis's faces, write results and heartbeat.
    sessionThread: true,
    executionProviders: config.models.executionProviders,
    ...(config.models.threads > 0 ? { intraOpNumThreads: config.models.threads } : {}),
    spin: config.models.spin,
    log: (m: string) => log.info(m),
  };
  const registry = await ModelRegistry.load(config.models.dir, registryOptions);
  const { detector, problems } = chooseDetector(registry, config.models.detector);
  for (const p of problems) log.error(`detector problem: ${p}`);
  if (!detector)
    log.info(
      `no detector in use (models dir: ${config.models.dir}); analyses report "detector not installed"`,
    );
  else {
    const m = detector.manifest;
    log.info(
      `detector: ${m.id} ${m.version} sha256 ${m.sha256.slice(0, 12)}…${m.isTestFixture ? ' — TEST FIXTURE, not evidence' : ''}`,
    );
  }
  // face-api's networks on ONNX Runtime, on the detector's providers and thread setting (same
  // results as the tfjs path to float rounding, several times faster; see packages/inference).
  const faces =
    deps.faces ??
    (await createOrtFaceDetector({
      executionProviders: config.models.executionProviders,
      ...(config.models.threads > 0 ? { threads: config.models.threads } : {}),
      spin: config.models.spin,
      log: (m: string) => log.info(m),
    }));
  log.info(`faces: ${faces.modelInfo.id} ${faces.modelInfo.version}`);

  const boss = await startQueue(
    { url: config.database.url, poolSize: config.database.poolSize, role: 'worker' },
    (e) => log.error('queue error:', e),
  );
  const workerId = newWorkerId();
  // What this worker runs, for the administrators' page (the API cannot see the models folder).
  await publishInstalledModels(deps.prisma, {
    workerId,
    detectors: registry.detectors(),
    inUse: detector,
    faces,
    providersRequested: config.models.executionProviders,
  });
  // Forensics and map rendering run in this pool, beside face detection and the detector.
  const pixels =
    config.forensicsThreads > 0 ? new PixelPool(config.forensicsThreads, config.forensicsNice) : undefined;
  log.info(
    pixels
      ? `forensics and map rendering: ${pixels.size} thread${pixels.size === 1 ? '' : 's'}, nice ${pixels.nice}`
      : 'forensics and map rendering: on the main thread (LOUPE_FORENSICS_THREADS=0)',
  );
  // One queue to the detector for every analysis in flight: while one analysis decodes, finds
  // faces or draws maps, another's images are scored, and (batch-invariant models only) images of
  // several analyses share a session.run.
  // LOUPE_DETECTOR_SESSIONS > 1: copies of the detector's session, so that many runs go side by side.
  const moreSessions = detector
    ? await Promise.all(
        Array.from({ length: config.models.sessions - 1 }, () => openSessionLike(detector, registryOptions)),
      )
    : [];
  const batcher = detector ? new DetectorBatcher(detector, config.models.batchSize, moreSessions) : undefined;
  if (batcher)
    log.info(
      `detector runs: ${config.concurrency} analyses at once share one queue, up to ${batcher.maxBatch} image${batcher.maxBatch === 1 ? '' : 's'} per run` +
        (batcher.maxBatch === 1 && config.models.batchSize > 1
          ? ' (this model gives an image different outputs beside others, so each runs alone)'
          : '') +
        (batcher.sessions.length > 1 ? `, ${batcher.sessions.length} runs side by side` : ''),
    );
  const jobDeps: JobDeps = {
    prisma: deps.prisma,
    store: new EvidenceStore(config.dataDir),
    faces,
    detector,
    detectorProblems: problems,
    maxMapSide: config.maxMapSide,
    batchSize: config.models.batchSize,
    ...(batcher ? { batcher } : {}),
    ...(pixels ? { pixels } : {}),
    log,
    video: config.video,
    liveness: { workerId, staleMs: config.liveness.staleMs, heartbeatMs: config.liveness.heartbeatMs },
  };
  for (let i = 0; i < config.concurrency; i++) {
    // pg-boss sleeps out the rest of the polling interval after every job, however long the queue:
    // with 1 s that capped a slot at one analysis per second (npm run bench:throughput). Waking the
    // slot after each job makes it fetch the next at once; an empty queue is still polled each second.
    const slot: { id?: string } = {};
    slot.id = await boss.work<AnalyzeMediaJob>(
      QUEUES.analyzeMedia.name,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
      async ([job]) => {
        if (!job) return;
        try {
          const outcome = await analyzeMedia(job, jobDeps);
          if (outcome.outcome === 'failed')
            log.error(`analysis ${outcome.analysisId} failed: ${outcome.error}`);
          if (outcome.outcome === 'superseded')
            log.info(`analysis ${outcome.analysisId}: left to another attempt (${outcome.reason})`);
          return outcome;
        } finally {
          if (slot.id) boss.notifyWorker(slot.id);
        }
      },
    );
  }
  await boss.work<GenerateReportJob>(
    QUEUES.generateReport.name,
    { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (!job) return;
      return generateReport(job, { prisma: deps.prisma, store: jobDeps.store, log, auditKey });
    },
  );
  await boss.work<ReindexJob>(
    QUEUES.reindex.name,
    { batchSize: 1, pollingIntervalSeconds: 2 },
    async ([job]) => {
      if (!job) return;
      return reindexDetector(job, jobDeps);
    },
  );
  // Every worker sweeps for analyses whose worker died (one sweep acts on each; sweep.ts).
  const sweeper = startSweeper(
    { prisma: deps.prisma, boss, staleMs: config.liveness.staleMs, log },
    config.liveness.sweepMs,
  );
  log.info(
    `worker ${workerId}: heartbeat every ${config.liveness.heartbeatMs / 1000} s; analyses silent for ${config.liveness.staleMs / 1000} s are re-queued`,
  );
  const checkpointer = startCheckpointer(
    { prisma: deps.prisma, key: auditKey, log },
    { every: config.audit.checkpointEvery, minutes: config.audit.checkpointMinutes },
  );
  return {
    boss,
    workerId,
    detector,
    batcher: batcher ?? null,
    async stop() {
      await sweeper.stop();
      await unpublishInstalledModels(deps.prisma, workerId).catch((e: unknown) =>
        log.error("could not remove the record of this worker's models:", e),
      );
      await boss.stop({ graceful: true, timeout: config.shutdownGraceMs, wait: true });
      await checkpointer.stop();
      await pixels?.close();
      if (!deps.faces) await faces.close();
      await Promise.all(moreSessions.map((session) => session.release()));
      await registry.close();
    },
  };
}
