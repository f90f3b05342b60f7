import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtFaceDetector, type FaceDetector } from '@loupe/inference';
import { EvidenceStore } from '@loupe/storage';
import { runBinary } from '@loupe/video';
import { demoPhoto, makeClip } from '@loupe/video/testing';
import { analyzeMedia, importKnownFakes, type JobDeps } from '@loupe/worker';
import { fixtureAnalysis, uploadFile } from './analysis.ts';
import { codeOf, startHarness, type Harness } from './harness.ts';

const SIMILAR = `query ($id: ID!, $space: SimilaritySpace!) {
  similar(mediaId: $id, space: $space, scope: KNOWN_FAKES, k: 5) {
    score distance kind knownFake { id kind originalName } matchedFrame { index timeSec queryIndex queryTimeSec }
  }
}`;

interface Hit {
  score: number;
  distance: number;
  knownFake: { id: string; kind: string; originalName: string } | null;
  matchedFrame: {
    index: number;
    timeSec: number;
    queryIndex: number | null;
    queryTimeSec: number | null;
  } | null;
}

const ffmpeg = (...args: string[]) =>
  runBinary('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args], {
    timeoutMs: 120_000,
    maxStdoutBytes: 1024,
  });

// Issue 9: a known-fake video imported with the real CLI code path and analysed by the real
// worker job; copies of it uploaded as evidence find it through GraphQL `similar`. The fixture
// detector's embeddings are not a trained model's, so the DETECTOR checks only show that the
// video embedding is written and searchable; PHASH (frame hashes) is what must find the copies.
describe('known-fake videos and video similarity', { timeout: 900_000 }, () => {
  let h: Harness;
  let dir: string;
  let deps: JobDeps;
  let close: () => Promise<void>;
  let vera: string;
  let caseId: string;
  let knownId: string;
  let otherVideoId: string;
  const media: Record<string, string> = {};

  const analyse = async (analysisId: string) => {
    expect((await analyzeMedia({ id: analysisId, data: { analysisId } }, deps)).outcome).toBe('done');
  };

  const upload = async (path: string, name: string, type: string) => {
    const { id, analysisId } = await uploadFile(h, vera, caseId, { path, name, type });
    await analyse(analysisId);
    return id;
  };

  const similar = async (id: string, space: 'PHASH' | 'DETECTOR') => {
    const r = await h.gql<{ similar: Hit[] }>(SIMILAR, { id, space }, { token: vera });
    expect(r.errors, space).toBeUndefined();
    return r.data!.similar;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-video-sim-'));
    h = await startHarness();
    vera = await h.user('vera@example.test');
    caseId = await h.make.case(vera, 'Clips');
    ({ deps, close } = await fixtureAnalysis(h, dir, { sampleFrames: 12, topK: 1, maxSampledFrames: 40 }));
    deps.maxMapSide = 512;

    // The library: the known-fake video, another video and a photo (distractors).
    const library = join(dir, 'library');
    mkdirSync(library);
    await makeClip(join(library, 'known.mp4'), { photo: 2, seconds: 6 });
    await makeClip(join(library, 'other.webm'), { photo: 4, seconds: 6, codec: 'vp9', container: 'webm' });
    await ffmpeg('-i', demoPhoto(3), '-vf', 'scale=320:-2', join(library, 'photo.jpg'));
    const admin = await h.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
    const summary = await importKnownFakes({
      prisma: h.prisma,
      store: deps.store,
      folder: library,
      createdById: admin.id,
      defaultFamily: 'FACE_SWAP',
      analyze: analyse,
    });
    expect(summary).toMatchObject({ total: 3, imported: 3, failed: 0, errors: [] });
    const fakes = await h.prisma.knownFake.findMany();
    const byName = Object.fromEntries(fakes.map((f) => [f.originalName, f]));
    knownId = byName['known.mp4']!.id;
    otherVideoId = byName['other.webm']!.id;
    expect(byName['known.mp4']).toMatchObject({ kind: 'VIDEO', mimeType: 'video/mp4', width: 320 });
    expect(byName['known.mp4']!.durationSec).toBeCloseTo(6, 0);
    expect(byName['photo.jpg']!.kind).toBe('IMAGE');

    // Evidence: (a) a re-encoded half-size copy, (b) the copy without its first 20 %, (c) one
    // frame as a JPEG, (d) an unrelated clip.
    const known = join(library, 'known.mp4');
    const half = join(dir, 'half.webm');
    await ffmpeg(
      '-i',
      known,
      '-vf',
      'scale=160:120',
      '-c:v',
      'libvpx-vp9',
      '-deadline',
      'realtime',
      '-b:v',
      '300k',
      half,
    );
    const trimmed = join(dir, 'trimmed.mp4');
    await ffmpeg('-ss', '1.2', '-i', known, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', trimmed);
    const still = join(dir, 'still.jpg');
    await ffmpeg('-ss', '3', '-i', known, '-frames:v', '1', '-q:v', '4', still);
    const unrelated = await makeClip(join(dir, 'unrelated.mp4'), { photo: 5, seconds: 4 });
    media.half = await upload(half, 'half.webm', 'video/webm');
    media.trimmed = await upload(trimmed, 'trimmed.mp4', 'video/mp4');
    media.still = await upload(still, 'still.jpg', 'image/jpeg');
    media.unrelated = await upload(unrelated, 'unrelated.mp4', 'video/mp4');
  }, 600_000);
  afterAll(async () => {
    await close?.();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a known-fake video like evidence: frame hashes, one video embedding, frames', async () => {
    const analysis = await h.prisma.analysis.findFirstOrThrow({ where: { knownFakeId: knownId } });
    expect(analysis.status).toBe('DONE');
    expect(await h.prisma.frameHash.count({ where: { knownFakeId: knownId } })).toBe(12);
    expect(await h.prisma.analysisFrame.count({ where: { analysisId: analysis.id } })).toBe(12);
    const embeddings = await h.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM detector_embeddings WHERE known_fake_id = ${knownId}::uuid`;
    expect(Number(embeddings[0]!.n)).toBe(1);
    const r = await h.gql<{ knownFake: { kind: string; durationSec: number; analysis: { status: string } } }>(
      'query ($id: ID!) { knownFake(id: $id) { kind durationSec analysis { status } } }',
      { id: knownId },
      { token: vera },
    );
    expect(r.data!.knownFake).toMatchObject({ kind: 'VIDEO', analysis: { status: 'DONE' } });
  });

  it('finds the known fake at rank 1 from a re-encoded half-size copy (PHASH and DETECTOR)', async () => {
    const phash = await similar(media.half!, 'PHASH');
    expect(phash[0]!.knownFake!.id).toBe(knownId);
    expect(phash[0]!.distance).toBeLessThanOrEqual(6);
    expect(phash[0]!.matchedFrame!.queryIndex).not.toBeNull();
    // The same time in both videos: re-encoding and resizing do not move frames.
    expect(Math.abs(phash[0]!.matchedFrame!.timeSec - phash[0]!.matchedFrame!.queryTimeSec!)).toBeLessThan(
      0.6,
    );
    const other = phash.find((x) => x.knownFake?.id === otherVideoId);
    if (other) expect(other.distance).toBeGreaterThan(phash[0]!.distance + 6);

    const detector = await similar(media.half!, 'DETECTOR');
    expect(detector[0]!.knownFake!.id).toBe(knownId);
    expect(detector[0]!.matchedFrame).toBeNull();
  });

  it('finds it from a copy with the first 20 % cut, matching frames 1.2 s apart', async () => {
    const phash = await similar(media.trimmed!, 'PHASH');
    expect(phash[0]!.knownFake!.id).toBe(knownId);
    expect(phash[0]!.distance).toBeLessThanOrEqual(8);
    const f = phash[0]!.matchedFrame!;
    expect(f.timeSec - f.queryTimeSec!).toBeGreaterThan(0.6);
    expect(f.timeSec - f.queryTimeSec!).toBeLessThan(1.8);
  });

  it('finds it from one frame saved as a JPEG, naming the frame', async () => {
    const phash = await similar(media.still!, 'PHASH');
    expect(phash[0]!.knownFake!.id).toBe(knownId);
    expect(phash[0]!.distance).toBeLessThanOrEqual(8);
    expect(phash[0]!.matchedFrame).toMatchObject({ queryIndex: null, queryTimeSec: null });
    expect(Math.abs(phash[0]!.matchedFrame!.timeSec - 3)).toBeLessThan(0.6);
  });

  it('finds no known fake close to an unrelated clip', async () => {
    const phash = await similar(media.unrelated!, 'PHASH');
    expect(phash.every((x) => x.distance > 10)).toBe(true);
  });

  it('flags the copies as near-duplicates of the known fake when their analyses complete', async () => {
    const flags = async (id: string) => {
      const r = await h.gql<{
        media: { analysis: { nearDuplicates: { space: string; distance: number; knownFakeId: string }[] } };
      }>(
        'query ($id: ID!) { media(id: $id) { analysis { nearDuplicates { space distance knownFakeId } } } }',
        { id },
        { token: vera },
      );
      expect(r.errors).toBeUndefined();
      return r.data!.media.analysis.nearDuplicates.filter((n) => n.space === 'PHASH');
    };
    for (const copy of ['half', 'trimmed', 'still'])
      expect(
        (await flags(media[copy]!)).map((n) => n.knownFakeId),
        copy,
      ).toEqual([knownId]);
    expect(await flags(media.unrelated!)).toEqual([]);
  });

  it('promotes a video into the library as a video', async () => {
    const r = await h.gql<{ promoteToKnownFakes: { id: string; kind: string; durationSec: number } }>(
      'mutation ($m: ID!) { promoteToKnownFakes(mediaId: $m, family: OTHER) { id kind durationSec } }',
      { m: media.unrelated },
      { token: h.adminToken },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.promoteToKnownFakes.kind).toBe('VIDEO');
    const analysis = await h.prisma.analysis.findFirstOrThrow({
      where: { knownFakeId: r.data!.promoteToKnownFakes.id },
    });
    await analyse(analysis.id);
    expect(await h.prisma.frameHash.count({ where: { analysisId: analysis.id } })).toBe(12);
    const phash = await similar(media.unrelated!, 'PHASH');
    expect(phash[0]).toMatchObject({ distance: 0, knownFake: { id: r.data!.promoteToKnownFakes.id } });
  });
});

const REANALYZE = `mutation ($m: ID!, $s: VideoSamplingInput) {
  reanalyzeMedia(mediaId: $m, sampling: $s) { id status sampling { frames fps } }
}`;
const FRAMES = `query ($id: ID!) { media(id: $id) { analysis { status sampling { frames fps } frames { index timeSec } } } }`;

// Dense mode: an analysis asks for its own sampling; the worker samples that many frames.
describe('video sampling per analysis (dense mode)', { timeout: 600_000 }, () => {
  let h: Harness;
  let dir: string;
  let faces: FaceDetector;
  let deps: JobDeps;
  let vera: string;
  let rita: string;
  let outsider: string;
  let videoId: string;
  let imageId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-video-dense-'));
    h = await startHarness({ LOUPE_VIDEO_MAX_SAMPLED_FRAMES: '20' });
    vera = await h.user('vera@example.test');
    rita = await h.user('rita@example.test', 'REVIEWER');
    outsider = await h.user('otto@example.test');
    const caseId = await h.make.case(vera);
    await h.make.member(vera, caseId, 'rita@example.test', 'REVIEWER');
    faces = await createOrtFaceDetector();
    deps = {
      prisma: h.prisma,
      store: new EvidenceStore(h.dataDir),
      faces,
      detector: null,
      detectorProblems: [],
      maxMapSide: 512,
      batchSize: 8,
      log: { info: () => undefined, error: () => undefined },
      video: { sampleFrames: 8, topK: 0, maxSampledFrames: 20 },
    };
    const clip = await makeClip(join(dir, 'clip.mp4'), { photo: 1, seconds: 6 });
    const uploaded = await uploadFile(h, vera, caseId, { path: clip, name: 'clip.mp4', type: 'video/mp4' });
    videoId = uploaded.id;
    const first = uploaded.analysisId;
    expect((await analyzeMedia({ id: first, data: { analysisId: first } }, deps)).outcome).toBe('done');
    imageId = await h.make.png(vera, caseId);
    const png = await h.prisma.analysis.findFirstOrThrow({ where: { mediaId: imageId } });
    expect((await analyzeMedia({ id: png.id, data: { analysisId: png.id } }, deps)).outcome).toBe('done');
  }, 300_000);
  afterAll(async () => {
    await faces?.close();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const frames = async () => {
    const r = await h.gql<{
      media: {
        analysis: {
          status: string;
          sampling: { frames: number | null; fps: number | null } | null;
          frames: { index: number; timeSec: number }[];
        };
      };
    }>(FRAMES, { id: videoId }, { token: vera });
    expect(r.errors).toBeUndefined();
    return r.data!.media.analysis;
  };

  const reanalyse = async (sampling: Record<string, number>) => {
    const r = await h.gql<{ reanalyzeMedia: { id: string; status: string; sampling: unknown } }>(
      REANALYZE,
      { m: videoId, s: sampling },
      { token: vera },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.reanalyzeMedia.status).toBe('QUEUED');
    const id = r.data!.reanalyzeMedia.id;
    expect((await analyzeMedia({ id, data: { analysisId: id } }, deps)).outcome).toBe('done');
    return r.data!.reanalyzeMedia;
  };

  it('uses the default when the analysis asks nothing', async () => {
    const a = await frames();
    expect(a.sampling).toBeNull();
    expect(a.frames).toHaveLength(8);
  });

  it('samples a dense 2 fps timeline when asked, and says so', async () => {
    const asked = await reanalyse({ fps: 2 });
    expect(asked.sampling).toEqual({ frames: null, fps: 2 });
    const a = await frames();
    expect(a.status).toBe('DONE');
    expect(a.sampling).toEqual({ frames: null, fps: 2 });
    expect(a.frames).toHaveLength(12);
    expect(a.frames[1]!.timeSec - a.frames[0]!.timeSec).toBeCloseTo(0.5, 1);
    const events = await h.prisma.auditEvent.count({
      where: { action: 'analysis.request', targetId: asked.id },
    });
    expect(events).toBe(1);
  });

  it('samples n uniform frames when asked', async () => {
    await reanalyse({ frames: 5 });
    const a = await frames();
    expect(a.sampling).toEqual({ frames: 5, fps: null });
    expect(a.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    [{ frames: 5, fps: 2 }, /either frames or fps/],
    [{}, /either frames or fps/],
    [{ frames: 0 }, /from 1 to 20/],
    [{ frames: 21 }, /from 1 to 20/],
    [{ fps: 0 }, /above 0/],
    [{ fps: 31 }, /at most 30/],
    [{ fps: 4 }, /4 fps over 6\.0 s is 24 frames; at most 20/],
  ])('refuses %o with a clear error', async (sampling, message) => {
    const r = await h.gql(REANALYZE, { m: videoId, s: sampling }, { token: vera });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(message);
  });

  it('refuses sampling for an image, a second request while one is queued, and non-editors', async () => {
    const image = await h.gql(REANALYZE, { m: imageId, s: { frames: 4 } }, { token: vera });
    expect(codeOf(image)).toBe('BAD_USER_INPUT');
    const queued = await h.gql(REANALYZE, { m: imageId }, { token: vera });
    expect(queued.errors).toBeUndefined();
    const again = await h.gql(REANALYZE, { m: imageId }, { token: vera });
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.errors![0]!.message).toMatch(/already queued/);
    expect(codeOf(await h.gql(REANALYZE, { m: videoId, s: { fps: 1 } }, { token: rita }))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(REANALYZE, { m: videoId, s: { fps: 1 } }, { token: outsider }))).toBe(
      'NOT_FOUND',
    );
  });
});
