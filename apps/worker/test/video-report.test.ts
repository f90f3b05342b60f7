import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrismaClient } from '@loupe/db';
import { type ModelRegistry, type FaceDetector } from '@loupe/inference';
import { renderCasePdf, reportOptions, TEST_FIXTURE_WARNING } from '@loupe/reports';
import { type EvidenceStore } from '@loupe/storage';
import { probeVideo } from '@loupe/video';
import { makeClip } from '@loupe/video/testing';
import { analyzeMedia } from '../src/analyze/job.ts';
import { collectBundle, collectImages } from '../src/report/collect.ts';
import { chooseDetector } from '../src/worker.ts';
import { seedOwner, seedQueuedEvidence } from './factories.ts';
import { startWorkerTestEnv, type FixtureTestEnv } from './setup.ts';

const quiet = { info: () => undefined, error: () => undefined };

// A real video analysis (generated clip, real face detector, the marker test fixture) reported:
// the PDF carries the probe facts, the segment times and the track scores stored for it.
describe('case report with a video item', { timeout: 600_000 }, () => {
  let env: FixtureTestEnv;
  let prisma: PrismaClient;
  let dataDir: string;
  let store: EvidenceStore;
  let faces: FaceDetector;
  let registry: ModelRegistry;

  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-video-report', fixture: { marker: true } });
    ({ prisma, dataDir, store, faces, registry } = env);
  });
  afterAll(() => env?.close());

  it('shows probe facts, the video score, timeline, sampled frames, tracks and segments', async () => {
    const owner = await seedOwner(prisma, 'Video report');
    // 8 s with audio; frames in [3 s, 5 s) tinted, which the marker fixture scores high.
    const path = await makeClip(join(dataDir, 'altered.mp4'), {
      photo: 2,
      seconds: 8,
      audio: true,
      alter: { startSec: 3, endSec: 5 },
    });
    const facts = await probeVideo(path, 'MP4', {
      maxDurationSec: 600,
      maxPixelsPerFrame: 1e8,
      maxStreams: 8,
    });
    const { analysis } = await seedQueuedEvidence(prisma, store, owner, readFileSync(path), {
      originalName: 'altered.mp4',
      mimeType: 'video/mp4',
      video: facts,
    });
    const chosen = chooseDetector(registry, undefined);
    const job = { id: 'v', data: { analysisId: analysis.id }, retryCount: 0, retryLimit: 3 };
    const deps = {
      prisma,
      store,
      faces,
      detector: chosen.detector,
      detectorProblems: chosen.problems,
      maxMapSide: 1024,
      batchSize: 8,
      log: quiet,
      video: { sampleFrames: 16, topK: 2 },
    };
    expect(await analyzeMedia(job, deps)).toEqual({ outcome: 'done', analysisId: analysis.id });
    const stored = await prisma.analysis.findUniqueOrThrow({
      where: { id: analysis.id },
      include: { tracks: { orderBy: { trackIndex: 'asc' } }, segments: true },
    });
    expect(stored.segments).toHaveLength(1);

    const report = { id: randomUUID(), caseId: owner.caseId, requestedById: owner.userId };
    const bundle = await collectBundle(
      prisma,
      report,
      reportOptions({ includeAuditTrail: false }),
      new Date(),
    );
    const item = bundle.evidence[0]!;
    expect(item.kind).toBe('VIDEO');
    expect(item.video).toMatchObject({ container: 'MP4', codec: 'h264', frameCount: facts.frameCount });
    const reported = item.analyses[0]!;
    expect(reported.video!.frames).toHaveLength(16);
    expect(reported.video!.tracks).toHaveLength(stored.tracks.length);
    // The JPEG/camera signals of images are not made up for a video; its maps are one frame's.
    expect(reported.signals).toBeNull();
    expect(new Set(reported.heatmaps.map((h) => h.kind)).size).toBe(reported.heatmaps.length);
    const images = await collectImages(store, bundle);
    expect(images.thumbnails.has(item.id)).toBe(true);
    expect(images.frames!.get(analysis.id)!.size).toBe(16);

    const pdf = await renderCasePdf(bundle, images);
    const file = join(dataDir, 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Container / codec: MP4, h264');
    expect(text).toContain(`Duration: ${facts.durationSec.toFixed(2)} s, ${facts.frameCount} frames`);
    expect(text).toContain(`Resolution: ${facts.width} × ${facts.height} px`);
    expect(text).toMatch(/Audio: aac/);
    expect(text).toContain(
      `Video score: p(fake) ${stored.pFake!.toFixed(4)} (${stored.label}) [${TEST_FIXTURE_WARNING}]`,
    );
    expect(text).toMatch(
      /Rule: Mean p\(fake\) over the \d+ of 16 uniformly sampled frames .*primary face track/,
    );
    expect(text).toContain(`Timeline: p(fake) of each sampled frame [${TEST_FIXTURE_WARNING}]`);
    const seg = stored.segments[0]!;
    expect(text).toContain(
      `${seg.startSec.toFixed(2)} s – ${seg.endSec.toFixed(2)} s ${seg.firstFrame}–${seg.lastFrame} ${seg.peakPFake.toFixed(3)}`,
    );
    for (const t of stored.tracks)
      expect(text).toContain(
        `${t.trackIndex}${t.primary ? ' (primary)' : ''} ${t.frameCount} ${t.meanPFake!.toFixed(3)} ${t.maxPFake!.toFixed(3)}`,
      );
    // Cover, contents, summary, the item (chart, 16 frames, tables, maps) and the audit page: a
    // few pages, not dozens.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(8);
    // The poster thumbnail, the 16 sampled frames and the maps are embedded pictures.
    const pictures =
      execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length - 2;
    expect(pictures).toBeGreaterThanOrEqual(1 + 16 + reported.heatmaps.length);
  });
});
