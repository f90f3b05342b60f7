import { readFile } from 'node:fs/promises';
import type { PrismaClient } from '@loupe/db';
import { ForensicsInputError } from '@loupe/forensics';
import { SequenceZipError, type EvidenceStore, type SequenceFacts } from '@loupe/storage';
import { parseSampling, VideoError, type VideoFacts } from '@loupe/video';
import { claimAnalysis, defaultLiveness, HeartbeatSlot, updateOwnAttempt, type Liveness } from './claim.ts';
import { runPipeline, type PipelineDeps } from './pipeline.ts';
import { runSequencePipeline } from './sequence/pipeline.ts';
import { runVideoPipeline, type VideoPipelineResult } from './video/pipeline.ts';
import { writeImageAnalysis } from './write.ts';
import { writeVideoAnalysis } from './video/write.ts';

export const DETECTOR_SPACE_DIM = 1024;

export interface AnalyzeJob {
  id: string;
  data: { analysisId?: unknown };
  retryCount?: number;
  retryLimit?: number;
}

export type Outcome =
  | { outcome: 'done'; analysisId: string }
  | { outcome: 'already-done'; analysisId: string }
  | { outcome: 'skipped'; reason: string }
  /** Another attempt owns the analysis now (this one was re-queued as stale, or is a duplicate). */
  | { outcome: 'superseded'; analysisId: string; reason: string }
  | { outcome: 'failed'; analysisId: string; error: string };

export interface JobDeps extends PipelineDeps {
  prisma: PrismaClient;
  store: EvidenceStore;
  /** Why the configured detector is not used, if it is not (shown in results). */
  detectorProblems: string[];
  log: Pick<Console, 'info' | 'error'>;
  /** Heartbeat and claim settings of the worker; defaults (45 s stale) for callers outside one. */
  liveness?: Liveness;
  /**
   * Videos: frames sampled per analysis unless it asks otherwise, how many of the most suspicious
   * get maps (32 / 3), and the most frames any analysis may sample (600).
   */
  video?: { sampleFrames: number; topK: number; maxSampledFrames?: number };
}

/** Errors that no retry can fix: the evidence itself cannot be decoded. */
function isPermanent(error: unknown): boolean {
  if (error instanceof ForensicsInputError || error instanceof SequenceZipError) return true;
  if (error instanceof VideoError) return error.code !== 'TIMEOUT';
  const message = String((error as Error)?.message ?? '');
  return /unsupported image format|Input buffer|pixel limit|corrupt|truncated|VipsJpeg|pngload|Cannot decode/i.test(
    message,
  );
}

const isDone = async (prisma: PrismaClient, analysisId: string) =>
  (await prisma.analysis.findUnique({ where: { id: analysisId }, select: { status: true } }))?.status ===
  'DONE';

/** What an analysis is about: evidence in a case, or an item of the known-fakes library. */
interface Subject {
  mediaId: string | null;
  knownFakeId: string | null;
  caseId: string | null;
  storageKey: string;
  sha256: string;
  name: string;
  /** Probe facts when the subject is a video (evidence or known fake), else null. */
  videoFacts: VideoFacts | null;
}

const factsOf = (row: { kind: string; videoFacts: unknown }) =>
  row.kind === 'VIDEO' ? (row.videoFacts as VideoFacts) : null;

/**
 * Analyses one media item or known fake (same pipeline, same rows; only the subject columns
 * differ). Idempotent: the Analysis row exists from upload; every derived row is
 * replaced in the one transaction that marks it DONE, so a retry after a crash leaves exactly one
 * complete analysis. No transaction is open while computing.
 */
export async function analyzeMedia(job: AnalyzeJob, deps: JobDeps): Promise<Outcome> {
  // While an attempt runs it beats a heartbeat, so that if this worker dies another worker's
  // sweep re-queues the analysis within a minute (sweep.ts) instead of pg-boss's 30-min expiry.
  const heartbeat = new HeartbeatSlot();
  try {
    return await analyzeOnce(job, deps, deps.liveness ?? defaultLiveness(), heartbeat);
  } finally {
    heartbeat.stop();
  }
}

async function analyzeOnce(
  job: AnalyzeJob,
  deps: JobDeps,
  liveness: Liveness,
  heartbeat: HeartbeatSlot,
): Promise<Outcome> {
  const { prisma, store } = deps;
  const analysisId = typeof job.data.analysisId === 'string' ? job.data.analysisId : '';
  const analysis = analysisId
    ? await prisma.analysis.findUnique({
        where: { id: analysisId },
        include: { media: true, knownFake: true },
      })
    : null;
  const subject: Subject | null = analysis?.media
    ? {
        mediaId: analysis.media.id,
        knownFakeId: null,
        caseId: analysis.media.caseId,
        storageKey: analysis.media.storageKey,
        sha256: analysis.media.sha256,
        name: analysis.media.originalName,
        videoFacts: factsOf(analysis.media),
      }
    : analysis?.knownFake
      ? {
          mediaId: null,
          knownFakeId: analysis.knownFake.id,
          caseId: null,
          storageKey: analysis.knownFake.storageKey,
          sha256: analysis.knownFake.sha256,
          name: analysis.knownFake.originalName,
          videoFacts: factsOf(analysis.knownFake),
        }
      : null;
  if (!analysis || !subject)
    return { outcome: 'skipped', reason: `no analysis ${analysisId || '(missing id)'}` };
  if (analysis.status === 'DONE') return { outcome: 'already-done', analysisId };

  const claim = await claimAnalysis(prisma, analysisId, {
    workerId: liveness.workerId,
    jobId: job.id,
    staleMs: liveness.staleMs,
  });
  if (!claim.claimed) {
    if (claim.reason === 'done') return { outcome: 'already-done', analysisId };
    if (claim.reason === 'missing') return { outcome: 'skipped', reason: `no analysis ${analysisId}` };
    return {
      outcome: 'superseded',
      analysisId,
      reason: `running on ${claim.workerId ?? 'another worker'}, whose heartbeat is fresh`,
    };
  }
  const attempt = claim.attempt;
  heartbeat.start(prisma, attempt, liveness.heartbeatMs, deps.log);
  const progress = async (fraction: number) => {
    await updateOwnAttempt(prisma, attempt, { progress: fraction });
  };

  // Computing and writing alike: an attempt that fails gives the analysis back to the queue (or
  // fails it for good) at once. Left RUNNING with a fresh heartbeat, every retry of its job would
  // find it "running elsewhere" and stop, and it would wait for the stale sweep.
  const run = async (): Promise<Outcome> => {
    let video: VideoPipelineResult | null = null;
    if (subject.videoFacts) {
      video = await runVideoPipeline(
        store.path(subject.storageKey),
        subject.videoFacts,
        {
          ...deps,
          sampleFrames: deps.video?.sampleFrames ?? 32,
          sampling: parseSampling(analysis.sampling),
          maxSampledFrames: deps.video?.maxSampledFrames ?? 600,
          topK: deps.video?.topK ?? 3,
        },
        progress,
        deps.detectorProblems,
      );
    } else if (analysis.media?.kind === 'SEQUENCE') {
      // Each sequence of face crops is a track; the result has the video's shape and storage.
      video = await runSequencePipeline(
        store.path(subject.storageKey),
        analysis.media.sequenceFacts as unknown as SequenceFacts,
        { ...deps, sampleFrames: deps.video?.sampleFrames ?? 32, topK: deps.video?.topK ?? 3 },
        progress,
        deps.detectorProblems,
      );
    }
    if (video) {
      await progress(0.9);
      await writeVideoAnalysis(deps, analysisId, subject, video);
      deps.log.info(`analysis ${analysisId} done (${subject.name}, video, ${video.frames.length} frames)`);
      return { outcome: 'done', analysisId };
    }

    const bytes = await readFile(store.path(subject.storageKey));
    const result = await runPipeline(bytes, deps, progress, deps.detectorProblems);
    await progress(0.9);
    // Another attempt may have finished while this one computed (this worker was only slow).
    if (await isDone(prisma, analysisId)) return { outcome: 'already-done', analysisId };
    const written = await writeImageAnalysis(deps, analysisId, subject, result);
    if (!written) return { outcome: 'already-done', analysisId };
    deps.log.info(`analysis ${analysisId} done (${subject.name})`);
    return { outcome: 'done', analysisId };
  };
  try {
    return await run();
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
    const permanent = isPermanent(error);
    const last = permanent || (job.retryCount ?? 0) >= (job.retryLimit ?? 0);
    const owned = await updateOwnAttempt(prisma, attempt, {
      status: last ? 'FAILED' : 'QUEUED',
      error: last ? message : `Attempt ${attempt.attempt} failed: ${message}; retrying.`,
      finishedAt: last ? new Date() : null,
      heartbeatAt: null,
    });
    // A re-queued attempt's failure is no longer this analysis's: throwing would fail the queue
    // job that another worker is now running.
    if (!owned)
      return {
        outcome: 'superseded',
        analysisId,
        reason: `attempt ${attempt.attempt} failed late: ${message}`,
      };
    if (permanent) return { outcome: 'failed', analysisId, error: message };
    // Thrown: pg-boss retries the job, or records its failure after the last try. Logged here,
    // where it is known which, or only pg-boss's tables would say.
    deps.log.error(
      `analysis ${analysisId}: attempt ${attempt.attempt} failed (${last ? 'no retry left' : 'to be retried'}): ${message}`,
    );
    throw error;
  }
}
