import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrismaClient } from '@loupe/db';
import { type ModelRegistry, type FaceDetector } from '@loupe/inference';
import { type EvidenceStore } from '@loupe/storage';
import { probeVideo, runBinary } from '@loupe/video';
import { makeClip, type ClipOptions } from '@loupe/video/testing';
import { analyzeMedia, type JobDeps } from '../src/analyze/job.ts';
import { chooseDetector } from '../src/worker.ts';
import { type Owner, seedOwner, seedQueuedEvidence } from './factories.ts';
import { startWorkerTestEnv, type FixtureTestEnv } from './setup.ts';

const CAPS = { maxDurationSec: 600, maxPixelsPerFrame: 1e8, maxStreams: 8 };
const quiet = { info: () => undefined, error: () => undefined };

// Video analyses through the real job, face detector and the marker variant of the test fixture
// (a test fixture: it scores green-tinted pixels high by construction, it is not a detector).
describe('analyze-media on video', { timeout: 600_000 }, () => {
  let env: FixtureTestEnv;
  let prisma: PrismaClient;
  let dataDir: string;
  let store: EvidenceStore;
  let faces: FaceDetector;
  let registry: ModelRegistry;
  let owner: Owner;

  /** A clip made from a demo photo, as an upload leaves it (factories.ts). */
  async function seedVideo(name: string, o: ClipOptions) {
    const path = await makeClip(join(dataDir, name), o);
    const facts = await probeVideo(path, 'MP4', CAPS);
    const { media, analysis } = await seedQueuedEvidence(prisma, store, owner, readFileSync(path), {
      originalName: name,
      mimeType: 'video/mp4',
      video: facts,
    });
    return { media, analysis, facts };
  }

  const deps = (sampleFrames = 16): JobDeps => {
    const chosen = chooseDetector(registry, undefined);
    return {
      prisma,
      store,
      faces,
      detector: chosen.detector,
      detectorProblems: chosen.problems,
      maxMapSide: 1024,
      batchSize: 8,
      log: quiet,
      video: { sampleFrames, topK: 2 },
    };
  };

  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-worker-video', fixture: { marker: true } });
    ({ prisma, dataDir, store, faces, registry } = env);
    owner = await seedOwner(prisma, 'Video');
  });
  afterAll(() => env?.close());

  it('finds the altered time range, scores the primary track, stores frames, tracks, maps and vectors', async () => {
    // 8 s, frames in [3 s, 5 s) tinted: the marker fixture scores them high, the rest low.
    const { analysis } = await seedVideo('altered.mp4', {
      photo: 2,
      seconds: 8,
      alter: { startSec: 3, endSec: 5 },
    });
    const progress: number[] = [];
    const job = { id: 'v1', data: { analysisId: analysis.id }, retryCount: 0, retryLimit: 3 };
    const watcher = setInterval(() => {
      void prisma.analysis
        .findUnique({ where: { id: analysis.id }, select: { progress: true } })
        .then((a) => a && progress.push(a.progress));
    }, 200);
    const outcome = await analyzeMedia(job, deps()).finally(() => clearInterval(watcher));
    expect(outcome).toEqual({ outcome: 'done', analysisId: analysis.id });
    // Progress moved frame by frame, not in one jump.
    expect(new Set(progress.filter((p) => p > 0.05 && p < 0.85)).size).toBeGreaterThanOrEqual(3);

    const done = await prisma.analysis.findUniqueOrThrow({
      where: { id: analysis.id },
      include: { frames: { orderBy: { frameIndex: 'asc' } }, tracks: true, segments: true, heatmaps: true },
    });
    expect(done).toMatchObject({
      status: 'DONE',
      progress: 1,
      modelIsTestFixture: true,
      modelVersion: '1.0.0+marker',
    });

    // 16 frames, uniformly sampled, each with its presentation time and thumbnail.
    expect(done.frames.map((f) => f.frameIndex)).toEqual([...Array(16).keys()]);
    done.frames.forEach((f, i) => {
      expect(f.timeSec).toBeGreaterThanOrEqual((i + 0.5) * 0.5 - 0.11);
      expect(f.timeSec).toBeLessThanOrEqual((i + 0.5) * 0.5 + 0.11);
      expect(existsSync(store.path(f.thumbnailStorageKey!))).toBe(true);
    });
    expect(done.frames.filter((f) => f.subject === 'FACE').length).toBeGreaterThanOrEqual(10);

    // One suspicious segment, at the altered time.
    expect(done.segments).toHaveLength(1);
    const seg = done.segments[0]!;
    expect(seg.startSec).toBeGreaterThanOrEqual(2.75);
    expect(seg.startSec).toBeLessThanOrEqual(3.25);
    expect(seg.endSec).toBeGreaterThanOrEqual(4.75);
    expect(seg.endSec).toBeLessThanOrEqual(5.25);
    expect(seg.peakPFake).toBeGreaterThan(0.5);
    for (const f of done.frames) {
      const inside = f.timeSec >= 3 && f.timeSec < 5;
      expect(f.pFake! >= 0.5, `frame at ${f.timeSec}s`).toBe(inside);
    }

    // Tracks: exactly one primary, the largest total face area; the video score is its mean.
    const primary = done.tracks.filter((t) => t.primary);
    expect(primary).toHaveLength(1);
    expect(Math.max(...done.tracks.map((t) => t.totalArea))).toBe(primary[0]!.totalArea);
    expect(done.pFake).toBeCloseTo(primary[0]!.meanPFake!, 6);
    const signals = done.signals as {
      detector: { rule: string };
      video: { mappedFrames: { top: number[]; poster: number } };
    };
    expect(signals.detector.rule).toMatch(/primary face track/);

    // Heatmaps for the top-2 frames (inside the segment) and the poster frame, at frame resolution.
    const { top, poster } = signals.video.mappedFrames;
    expect(top).toHaveLength(2);
    for (const i of top) expect(i >= seg.firstFrame && i <= seg.lastFrame).toBe(true);
    const mapped = [...new Set([...top, poster])].sort();
    const detectorMaps = done.heatmaps.filter((h) => h.kind === 'DETECTOR');
    expect(detectorMaps.map((h) => h.frameIndex).sort()).toEqual(mapped);
    expect(
      done.heatmaps
        .filter((h) => h.kind === 'ELA')
        .map((h) => h.frameIndex)
        .sort(),
    ).toEqual(mapped);
    for (const h of detectorMaps) {
      const meta = await sharp(store.path(h.storageKey)).metadata();
      expect([meta.width, meta.height]).toEqual([320, 240]);
    }

    // Similarity: one per-video DETECTOR embedding (unit length), a pHash per frame, the poster's hashes.
    const emb = await prisma.$queryRaw<{ norm: number }[]>`
      SELECT sqrt(inner_product(embedding, embedding))::float8 AS norm FROM detector_embeddings WHERE analysis_id = ${analysis.id}::uuid`;
    expect(emb).toHaveLength(1);
    expect(emb[0]!.norm).toBeCloseTo(1, 4);
    expect(await prisma.frameHash.count({ where: { analysisId: analysis.id } })).toBe(16);
    expect(await prisma.perceptualHash.count({ where: { analysisId: analysis.id } })).toBe(1);

    // Idempotent: the same job again replaces every derived row instead of adding.
    const counts = async () => [
      await prisma.analysisFrame.count({ where: { analysisId: analysis.id } }),
      await prisma.faceTrack.count({ where: { analysisId: analysis.id } }),
      await prisma.suspiciousSegment.count({ where: { analysisId: analysis.id } }),
      await prisma.heatmap.count({ where: { analysisId: analysis.id } }),
      await prisma.frameHash.count({ where: { analysisId: analysis.id } }),
      await prisma.detectorEmbedding.count({ where: { analysisId: analysis.id } }),
    ];
    const first = await counts();
    await prisma.analysis.update({ where: { id: analysis.id }, data: { status: 'QUEUED' } });
    expect(await analyzeMedia(job, deps())).toEqual({ outcome: 'done', analysisId: analysis.id });
    expect(await counts()).toEqual(first);
  });

  it('scores whole frames, marked as such, when no face is found', async () => {
    const path = join(dataDir, 'noface.webm');
    await runBinary('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=10:duration=3',
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-f',
      'webm',
      path,
    ]);
    const facts = await probeVideo(path, 'WEBM', CAPS);
    const { analysis } = await seedQueuedEvidence(prisma, store, owner, readFileSync(path), {
      originalName: 'noface.webm',
      mimeType: 'video/webm',
      video: facts,
    });
    const outcome = await analyzeMedia({ id: 'v2', data: { analysisId: analysis.id } }, deps(6));
    expect(outcome.outcome).toBe('done');
    const done = await prisma.analysis.findUniqueOrThrow({
      where: { id: analysis.id },
      include: { frames: true, tracks: true },
    });
    expect(done.frames).toHaveLength(6);
    expect(done.frames.every((f) => f.subject === 'WHOLE_FRAME' && f.pFake !== null)).toBe(true);
    expect(done.tracks).toEqual([]);
    expect((done.signals as { detector: { subject: string } }).detector.subject).toBe('WHOLE_FRAME');
  });

  it('fails a video whose stored bytes no longer decode, permanently and with the reason', async () => {
    const { media, analysis } = await seedVideo('spoiled.mp4', { photo: 3, seconds: 2 });
    // Evidence is write-once; this simulates disk corruption behind the store's back.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(store.path(media.storageKey), Buffer.alloc(1000));
    const outcome = await analyzeMedia(
      { id: 'v3', data: { analysisId: analysis.id }, retryCount: 0, retryLimit: 3 },
      deps(4),
    );
    expect(outcome.outcome).toBe('failed');
    const failed = await prisma.analysis.findUniqueOrThrow({ where: { id: analysis.id } });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/ffmpeg failed|could not be read|decode/i);
  });
});
