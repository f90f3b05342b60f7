import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '@loupe/inference';
import { buildZip, zerosBomb, type ZipMember } from '@loupe/storage/testing';
import { demoPhoto } from '@loupe/video/testing';
import { analyzeMedia, type JobDeps } from '@loupe/worker';
import { evidenceFiles, fixtureAnalysis } from './analysis.ts';
import { startHarness, type Harness } from './harness.ts';

const QUERY = `query ($id: ID!) {
  media(id: $id) {
    kind width height mimeType
    video { container }
    sequence { frameCount ignored sequences { name frames } }
    analysis {
      status
      detector { pFake subject rule model { isTestFixture } }
      frames { index timeSec memberName pFake subject faces { track pFake } thumbnailUrl }
      tracks { id primary frames meanPFake maxPFake fractionAbove }
      segments { firstFrame lastFrame track }
      heatmaps { kind frameIndex }
    }
  }
}`;

interface SequenceMedia {
  kind: string;
  width: number | null;
  mimeType: string;
  video: unknown;
  sequence: { frameCount: number; ignored: string[]; sequences: { name: string; frames: string[] }[] };
  analysis: {
    status: string;
    detector: { pFake: number; subject: string; rule: string; model: { isTestFixture: boolean } };
    frames: {
      index: number;
      timeSec: number;
      memberName: string;
      pFake: number | null;
      subject: string;
      faces: { track: number; pFake: number | null }[];
      thumbnailUrl: string;
    }[];
    tracks: { id: number; primary: boolean; frames: number; meanPFake: number; maxPFake: number }[];
    segments: { firstFrame: number; lastFrame: number; track: number }[];
    heatmaps: { kind: string; frameIndex: number | null }[];
  };
}

// A face-sequence zip (WildDeepfake's form) through the public API: upload, the real analysis
// job (marker test fixture, labelled as such), GraphQL; hostile zips refused with nothing kept.
describe('face-sequence zips', { timeout: 600_000 }, () => {
  let h: Harness;
  let dir: string;
  let analysis: Awaited<ReturnType<typeof fixtureAnalysis>>;
  let vera: string;
  let caseId: string;
  let deps: JobDeps;

  const upload = async (zip: Buffer, name: string, type = 'application/zip') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)], { type }), name);
    const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vera}` },
      body: form,
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        media: { id: string; analysisId: string; mimeType: string }[];
        errors: { filename: string; code: string; message: string }[];
      },
    };
  };

  /** Face crops of a demo photo: the face box grown 1.5×, shifted a few pixels per frame. */
  const faceCrops = async (photo: number, count: number, format: 'png' | 'jpeg') => {
    const bytes = readFileSync(demoPhoto(photo));
    const image = await decodeImage(bytes);
    const [face] = await deps.faces.detect(image);
    if (!face) throw new Error(`no face in demo photo ${photo}`);
    const side = Math.round(Math.max(face.box.width, face.box.height) * 1.5);
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const left = Math.max(0, Math.round(face.box.x + face.box.width / 2 - side / 2) + i * 3);
        const top = Math.max(0, Math.round(face.box.y + face.box.height / 2 - side / 2) + i * 2);
        const w = Math.min(side, image.width - left);
        const hgt = Math.min(side, image.height - top);
        const crop = sharp(bytes).rotate().extract({ left, top, width: w, height: hgt }).resize(160, 160);
        return format === 'png' ? crop.png().toBuffer() : crop.jpeg({ quality: 90 }).toBuffer();
      }),
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-sequence-'));
    h = await startHarness({ LOUPE_SEQUENCE_MAX_UNCOMPRESSED_BYTES: String(64 * 1024 * 1024) });
    vera = await h.user('vera@example.test');
    caseId = await h.make.case(vera, 'Sequences');
    analysis = await fixtureAnalysis(h, dir, { sampleFrames: 32, topK: 2 });
    deps = analysis.deps;
  });
  afterAll(async () => {
    await analysis?.close();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a zip of two sequences as one item and analyses each sequence as a track', async () => {
    const [a, b] = [await faceCrops(1, 3, 'png'), await faceCrops(2, 2, 'jpeg')];
    // Written out of order on purpose: frames are read in natural name order, not zip order.
    const zip = buildZip([
      { name: 'person_b/', data: Buffer.alloc(0) },
      { name: 'person_b/1.jpg', data: b[1]! },
      { name: 'person_b/0.jpg', data: b[0]!, method: 0 },
      { name: 'person_a/frame10.png', data: a[2]! },
      { name: 'person_a/frame2.png', data: a[1]! },
      { name: 'person_a/frame1.png', data: a[0]! },
      { name: '__MACOSX/person_a/._frame1.png', data: Buffer.from('resource fork') },
    ]);
    const up = await upload(zip, 'faces.zip');
    expect(up.body.errors).toEqual([]);
    expect(up.status).toBe(201);
    expect(up.body.media[0]!.mimeType).toBe('application/zip');
    const { id, analysisId } = up.body.media[0]!;
    expect((await analyzeMedia({ id: analysisId, data: { analysisId } }, deps)).outcome).toBe('done');

    const r = await h.gql<{ media: SequenceMedia }>(QUERY, { id }, { token: vera });
    expect(r.errors).toBeUndefined();
    const m = r.data!.media;
    expect(m.kind).toBe('SEQUENCE');
    expect(m.video).toBeNull();
    expect(m.width).toBeNull();
    expect(m.sequence).toEqual({
      frameCount: 5,
      ignored: ['__MACOSX/person_a/._frame1.png'],
      sequences: [
        { name: 'person_a', frames: ['person_a/frame1.png', 'person_a/frame2.png', 'person_a/frame10.png'] },
        { name: 'person_b', frames: ['person_b/0.jpg', 'person_b/1.jpg'] },
      ],
    });

    const an = m.analysis;
    expect(an.status).toBe('DONE');
    expect(an.detector.model.isTestFixture).toBe(true);
    expect(an.frames.map((f) => [f.index, f.memberName, f.faces[0]!.track])).toEqual([
      [0, 'person_a/frame1.png', 0],
      [1, 'person_a/frame2.png', 0],
      [2, 'person_a/frame10.png', 0],
      [3, 'person_b/0.jpg', 1],
      [4, 'person_b/1.jpg', 1],
    ]);
    // Nominal times: position in the sequence over 25 fps.
    expect(an.frames.map((f) => f.timeSec)).toEqual([0, 0.04, 0.08, 0, 0.04]);
    expect(an.frames.every((f) => typeof f.pFake === 'number' && f.pFake >= 0 && f.pFake <= 1)).toBe(true);
    expect(an.frames.every((f) => f.thumbnailUrl.startsWith('/api/frames/'))).toBe(true);
    // The face detector finds the demo faces in their crops: scored as faces.
    expect(an.frames.filter((f) => f.subject === 'FACE').length).toBeGreaterThanOrEqual(4);

    expect(an.tracks.map((t) => [t.id, t.frames])).toEqual([
      [0, 3],
      [1, 2],
    ]);
    expect(an.tracks.filter((t) => t.primary)).toHaveLength(1);
    for (const t of an.tracks) {
      const scores = an.frames.filter((f) => f.faces[0]!.track === t.id).map((f) => f.pFake!);
      expect(t.meanPFake).toBeCloseTo(scores.reduce((s, x) => s + x, 0) / scores.length, 6);
      expect(t.maxPFake).toBeCloseTo(Math.max(...scores), 6);
    }
    const primary = an.tracks.find((t) => t.primary)!;
    expect(an.detector.pFake).toBeCloseTo(primary.meanPFake, 6);
    expect(an.detector.rule).toMatch(/primary sequence/);
    for (const s of an.segments) {
      const inTrack = an.frames.filter((f) => f.faces[0]!.track === s.track).map((f) => f.index);
      expect(inTrack).toContain(s.firstFrame);
      expect(inTrack).toContain(s.lastFrame);
    }
    expect(an.heatmaps.some((x) => x.kind === 'ELA' && x.frameIndex !== null)).toBe(true);

    const thumb = await fetch(`${h.url}${an.frames[4]!.thumbnailUrl}`, {
      headers: { authorization: `Bearer ${vera}` },
    });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');

    const audit = await h.prisma.auditEvent.findFirst({ where: { action: 'media.upload', targetId: id } });
    expect(audit?.details).toMatchObject({ kind: 'SEQUENCE', sequences: 2, frames: 5 });
  });

  const png = async () =>
    sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
  const bad: [string, () => Promise<ZipMember[]>, RegExp][] = [
    [
      'a traversal name',
      async () => [{ name: 'seq/../../evil.png', data: await png() }],
      /climbs out of the zip/,
    ],
    [
      'a symbolic link',
      async () => [{ name: 'seq/0.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }],
      /"seq\/0\.png" is a symbolic link/,
    ],
    [
      'a non-image member',
      async () => [
        { name: 'seq/0.png', data: await png() },
        { name: 'seq/notes.txt', data: Buffer.from('notes') },
      ],
      /seq\/notes\.txt is an unrecognised format, not an image/,
    ],
    [
      'a nested zip',
      async () => [{ name: 'seq/more.zip', data: buildZip([{ name: 'a.png', data: await png() }]) }],
      /seq\/more\.zip is a zip inside the zip/,
    ],
    [
      'a 1 GiB bomb',
      async () => [{ name: 'seq/0.png', raw: zerosBomb(1024 * 1024 * 1024) }],
      /possible zip bomb/,
    ],
    [
      'a corrupt image',
      async () => [{ name: 'seq/0.png', data: (await png()).subarray(0, 40) }],
      /seq\/0\.png: The/,
    ],
    ['no members', async () => [], /The zip is empty/],
  ];

  it.each(bad)('refuses a zip with %s, saying why, and keeps nothing', async (_what, members, message) => {
    const before = evidenceFiles(h);
    const media = await h.prisma.media.count();
    const up = await upload(buildZip(await members()), 'evil.zip');
    expect(up.status).toBe(400);
    expect(up.body.media).toEqual([]);
    expect(up.body.errors).toHaveLength(1);
    expect(up.body.errors[0]!.filename).toBe('evil.zip');
    expect(up.body.errors[0]!.message).toMatch(/^evil\.zip: /);
    expect(up.body.errors[0]!.message).toMatch(message);
    expect(evidenceFiles(h)).toEqual(before);
    expect(await h.prisma.media.count()).toBe(media);
  });

  it('refuses a zip named as something else', async () => {
    const up = await upload(buildZip([{ name: 'a/0.png', data: await png() }]), 'faces.jpg', 'image/jpeg');
    expect(up.status).toBe(400);
    expect(up.body.errors[0]!.message).toMatch(/declared as image\/jpeg but its bytes are application\/zip/);
  });
});
