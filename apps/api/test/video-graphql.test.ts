import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from '@loupe/video';
import { makeClip } from '@loupe/video/testing';
import { analyzeMedia, type JobDeps } from '@loupe/worker';
import { fixtureAnalysis } from './analysis.ts';
import { startHarness, type Harness } from './harness.ts';

const QUERY = `query ($id: ID!) {
  media(id: $id) {
    kind
    video { container durationSec fps width height codec variableFrameRate rotation frameCount audio { codec channels } }
    analysis {
      status
      detector { pFake subject rule threshold model { isTestFixture version } }
      frames { index timeSec pFake subject faces { track box { x y width height } pFake } thumbnailUrl }
      tracks { id primary frames meanPFake maxPFake fractionAbove }
      segments { startSec endSec peak firstFrame lastFrame track }
      heatmaps { kind frameIndex url overlayUrl }
    }
  }
}`;

interface VideoMedia {
  kind: string;
  video: { container: string; durationSec: number; codec: string; audio: { codec: string }[] } | null;
  analysis: {
    status: string;
    detector: {
      pFake: number;
      subject: string;
      rule: string;
      threshold: number;
      model: { isTestFixture: boolean };
    };
    frames: {
      index: number;
      timeSec: number;
      pFake: number;
      subject: string;
      faces: { track: number }[];
      thumbnailUrl: string;
    }[];
    tracks: { id: number; primary: boolean; frames: number; meanPFake: number }[];
    segments: { startSec: number; endSec: number; peak: number }[];
    heatmaps: { kind: string; frameIndex: number | null; url: string }[];
  };
}

// Video results through the public API: an upload, the real analysis job (marker test fixture,
// labelled as such), then GraphQL and the audited thumbnail route; outsiders see nothing.
describe('video results over GraphQL', { timeout: 600_000 }, () => {
  let h: Harness;
  let dir: string;
  let analysis: Awaited<ReturnType<typeof fixtureAnalysis>>;
  let vera: string;
  let outsider: string;
  let mediaId: string;
  let caseId: string;
  let deps: JobDeps;

  /** Uploads a file as Vera and runs its analysis with the real job; returns the media id. */
  const uploadAndAnalyse = async (path: string, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(readFileSync(path))], { type }), name);
    const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vera}` },
      body: form,
    });
    const body = (await res.json()) as { media: { id: string; analysisId: string }[] };
    expect(res.status).toBe(201);
    const { id, analysisId } = body.media[0]!;
    expect((await analyzeMedia({ id: analysisId, data: { analysisId } }, deps)).outcome).toBe('done');
    return id;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-video-gql-'));
    h = await startHarness();
    vera = await h.user('vera@example.test');
    outsider = await h.user('otto@example.test');
    const c = await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "Call" }) { id } }',
      {},
      { token: vera },
    );
    caseId = c.data!.createCase.id;
    analysis = await fixtureAnalysis(h, dir, { sampleFrames: 12, topK: 2 });
    deps = analysis.deps;
    const path = await makeClip(join(dir, 'call.webm'), {
      codec: 'vp9',
      container: 'webm',
      photo: 2,
      seconds: 6,
      audio: true,
      alter: { startSec: 2, endSec: 4 },
    });
    mediaId = await uploadAndAnalyse(path, 'call.webm', 'video/webm');
  });
  afterAll(async () => {
    await analysis?.close();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers kind, probe facts, frames, tracks, segments and frame heatmaps', async () => {
    const r = await h.gql<{ media: VideoMedia }>(QUERY, { id: mediaId }, { token: vera });
    expect(r.errors).toBeUndefined();
    const m = r.data!.media;
    expect(m.kind).toBe('VIDEO');
    expect(m.video).toMatchObject({ container: 'WEBM', codec: 'vp9', audio: [{ codec: 'opus' }] });
    expect(m.video!.durationSec).toBeCloseTo(6, 1);

    const a = m.analysis;
    expect(a.status).toBe('DONE');
    expect(a.detector.model.isTestFixture).toBe(true);
    expect(a.frames.map((f) => f.index)).toEqual([...Array(12).keys()]);
    expect(a.frames.every((f) => f.thumbnailUrl.startsWith('/api/frames/'))).toBe(true);
    const primary = a.tracks.find((t) => t.primary)!;
    expect(a.detector.subject).toBe('FACE');
    expect(a.detector.threshold).toBe(0.5); // the fixture manifest's default calibration
    expect(a.detector.pFake).toBeCloseTo(primary.meanPFake, 6);
    expect(a.detector.rule).toMatch(new RegExp(`over the ${primary.frames} of 12 uniformly sampled frames`));
    expect(a.segments).toHaveLength(1);
    expect(a.segments[0]!.startSec).toBeCloseTo(2, 0);
    expect(a.segments[0]!.endSec).toBeCloseTo(4, 0);
    const maps = a.heatmaps.filter((x) => x.kind === 'DETECTOR');
    expect(maps.length).toBeGreaterThanOrEqual(2);
    expect(maps.every((x) => x.frameIndex !== null)).toBe(true);
  });

  it('serves a frame thumbnail to a case member, audited, and to nobody else', async () => {
    const r = await h.gql<{ media: VideoMedia }>(QUERY, { id: mediaId }, { token: vera });
    const url = r.data!.media.analysis.frames[0]!.thumbnailUrl;
    const ok = await fetch(`${h.url}${url}`, { headers: { authorization: `Bearer ${vera}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect((await ok.arrayBuffer()).byteLength).toBeGreaterThan(500);
    const frameId = url.split('/')[3]!;
    expect(await h.prisma.auditEvent.count({ where: { action: 'frame.read', targetId: frameId } })).toBe(1);

    const denied = await fetch(`${h.url}${url}`, { headers: { authorization: `Bearer ${outsider}` } });
    expect(denied.status).toBe(404);
    const hidden = await h.gql<{ media: VideoMedia | null }>(QUERY, { id: mediaId }, { token: outsider });
    expect(hidden.data?.media ?? null).toBeNull();
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('finds the video from a re-encoded half-size copy at rank 1', async () => {
    // The copy: H.264 in MP4 at half the size; a distractor: another clip from another photo.
    const copy = join(dir, 'copy.mp4');
    await runBinary('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-i',
      join(dir, 'call.webm'),
      '-vf',
      'scale=160:120',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac',
      '-f',
      'mp4',
      copy,
    ]);
    const copyId = await uploadAndAnalyse(copy, 'copy.mp4', 'video/mp4');
    const other = await makeClip(join(dir, 'other.mp4'), { photo: 4, seconds: 6 });
    const otherId = await uploadAndAnalyse(other, 'other.mp4', 'video/mp4');
    for (const space of ['DETECTOR', 'PHASH'] as const) {
      const r = await h.gql<{ similar: { score: number; media: { id: string } | null }[] }>(
        `query ($id: ID!, $space: SimilaritySpace!) { similar(mediaId: $id, space: $space, scope: THIS_CASE, k: 5) { score media { id } } }`,
        { id: copyId, space },
        { token: vera },
      );
      expect(r.errors, space).toBeUndefined();
      const ids = r.data!.similar.map((x) => x.media?.id);
      expect(ids[0], space).toBe(mediaId);
      expect(ids.indexOf(otherId), space).not.toBe(0);
    }
  });
});
