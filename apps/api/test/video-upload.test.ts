import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAudioOnly, makeClip, truncateTo, type ClipOptions } from '@loupe/video/testing';
import { evidenceFiles } from './analysis.ts';
import { startHarness, type Harness } from './harness.ts';

interface UploadResponse {
  media: { filename: string; id: string; mimeType: string; analysisId: string | null }[];
  errors: { filename: string; code: string; message: string }[];
}

// Video intake through the real upload route: accepted containers and codecs are probed and
// recorded; every bad input is refused with its own message and leaves no file behind.
describe('video evidence upload', { timeout: 180_000 }, () => {
  let h: Harness;
  let token: string;
  let caseId: string;
  let dir: string;
  const clips = new Map<string, Buffer>();

  const upload = async (files: { name: string; type: string; bytes: Buffer }[]) => {
    const form = new FormData();
    for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as UploadResponse };
  };

  const filesOnDisk = () => evidenceFiles(h);

  const clip = async (name: string, o: ClipOptions) => {
    const bytes = readFileSync(await makeClip(join(dir, name), o));
    clips.set(name, bytes);
    return bytes;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-video-upload-'));
    h = await startHarness({ LOUPE_VIDEO_MAX_DURATION_SECONDS: '10', LOUPE_UPLOAD_MAX_BYTES: '5000000' });
    token = await h.user('vera@example.test');
    const r = await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "Viral clip" }) { id } }',
      {},
      { token },
    );
    caseId = r.data!.createCase.id;
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['clip.mp4', 'video/mp4', { codec: 'h264', container: 'mp4', audio: true }, 'h264', 1],
    ['clip.mov', 'video/quicktime', { codec: 'hevc', container: 'mov' }, 'hevc', 0],
    ['clip.webm', 'video/webm', { codec: 'vp9', container: 'webm', audio: true }, 'vp9', 1],
    ['clip.mkv', 'video/x-matroska', { codec: 'vp8', container: 'mkv' }, 'vp8', 0],
  ] as const)('accepts %s (%s) and records its probe facts', async (name, type, o, codec, audio) => {
    const bytes = await clip(name, { ...o, photo: 2 + clips.size });
    const { status, body } = await upload([{ name, type, bytes }]);
    expect(body.errors).toEqual([]);
    expect(status).toBe(201);
    expect(body.media[0]).toMatchObject({ filename: name, mimeType: type });
    expect(body.media[0]!.analysisId).toBeTruthy();
    const media = await h.prisma.media.findUniqueOrThrow({ where: { id: body.media[0]!.id } });
    expect(media).toMatchObject({ kind: 'VIDEO', videoCodec: codec, width: 320, height: 240 });
    expect(media.durationSec).toBeCloseTo(4, 1);
    expect(media.frameRate).toBeCloseTo(10, 1);
    const facts = media.videoFacts as { audio: unknown[]; variableFrameRate: boolean; frameCount: number };
    expect(facts.audio).toHaveLength(audio);
    expect(facts.frameCount).toBe(40);
    const audit = await h.prisma.auditEvent.findFirstOrThrow({
      where: { targetId: media.id, action: 'media.upload' },
    });
    expect(audit.details).toMatchObject({ kind: 'VIDEO', videoCodec: codec });
  });

  it('records a rotated video with its displayed size', async () => {
    const bytes = await clip('portrait.mp4', { rotate: 90, seconds: 2 });
    const { body } = await upload([{ name: 'portrait.mp4', type: 'video/mp4', bytes }]);
    const media = await h.prisma.media.findUniqueOrThrow({ where: { id: body.media[0]!.id } });
    expect([media.width, media.height]).toEqual([240, 320]);
    expect((media.videoFacts as { rotation: number }).rotation).not.toBe(0);
  });

  const bad: [string, () => Promise<{ name: string; type: string; bytes: Buffer }>, RegExp][] = [
    [
      'an MP4 without its moov index (truncated)',
      async () => {
        const p = await truncateTo(await makeClip(join(dir, 'nomoov.mp4'), { photo: 3 }), 0.5);
        return { name: 'nomoov.mp4', type: 'video/mp4', bytes: readFileSync(p) };
      },
      /moov box\) is missing/,
    ],
    [
      'an MP4 cut short after its index',
      async () => {
        const p = await truncateTo(await makeClip(join(dir, 'cut.mp4'), { photo: 4, faststart: true }), 0.6);
        return { name: 'cut.mp4', type: 'video/mp4', bytes: readFileSync(p) };
      },
      /truncated: its index lists 40 frames/,
    ],
    [
      'an MP4 with no video stream',
      async () => ({
        name: 'voice.mp4',
        type: 'video/mp4',
        bytes: readFileSync(await makeAudioOnly(join(dir, 'voice.mp4'))),
      }),
      /no video stream/,
    ],
    [
      'a video stream with zero frames',
      async () => {
        const full = readFileSync(await makeClip(join(dir, 'zero.mp4'), { photo: 5, faststart: true }));
        return {
          name: 'zero.mp4',
          type: 'video/mp4',
          bytes: full.subarray(0, full.indexOf(Buffer.from('mdat')) + 4),
        };
      },
      /holds no frames/,
    ],
    [
      'an HLS playlist named .mp4',
      async () => ({
        name: 'stream.mp4',
        type: 'video/mp4',
        bytes: Buffer.from('#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1:9/a.ts\n'),
      }),
      /stream\.mp4 is an unrecognised format/,
    ],
    [
      'an ffconcat list named .mkv',
      async () => ({
        name: 'list.mkv',
        type: 'video/x-matroska',
        bytes: Buffer.from('ffconcat version 1.0\nfile /etc/passwd\n'),
      }),
      /list\.mkv is an unrecognised format/,
    ],
    [
      'a video over the duration cap',
      async () => ({
        name: 'long.mp4',
        type: 'video/mp4',
        bytes: readFileSync(await makeClip(join(dir, 'long.mp4'), { photo: 6, seconds: 12, fps: 2 })),
      }),
      /lasts 12\.0 s; at most 10 s/,
    ],
    [
      'WebM bytes named .mp4',
      async () => ({ name: 'renamed.mp4', type: 'video/mp4', bytes: clips.get('clip.webm')! }),
      /declared as video\/mp4 but its bytes are video\/webm/,
    ],
    [
      'VP9 in an MP4 (codec outside the allow-list)',
      async () => ({
        name: 'vp9.mp4',
        type: 'video/mp4',
        bytes: readFileSync(await makeClip(join(dir, 'vp9.mp4'), { codec: 'vp9', seconds: 1 })),
      }),
      /vp9 is not accepted in MP4/,
    ],
  ];

  it.each(bad)('refuses %s with a clear message and keeps nothing', async (_what, make, message) => {
    const file = await make();
    const before = filesOnDisk();
    const mediaBefore = await h.prisma.media.count();
    const { status, body } = await upload([file]);
    expect(status).toBe(400);
    expect(body.media).toEqual([]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(message);
    expect(filesOnDisk()).toEqual(before);
    expect(await h.prisma.media.count()).toBe(mediaBefore);
  });

  it('keeps the good files of a request that also carries a bad one', async () => {
    const good = await clip('second.webm', { codec: 'vp8', container: 'webm', photo: 6, seconds: 2 });
    const badPath = join(dir, 'junk.webm');
    await writeFile(badPath, Buffer.concat([good.subarray(0, 64), Buffer.alloc(200)]));
    const { status, body } = await upload([
      { name: 'second.webm', type: 'video/webm', bytes: good },
      { name: 'junk.webm', type: 'video/webm', bytes: readFileSync(badPath) },
    ]);
    expect(status).toBe(207);
    expect(body.media.map((m) => m.filename)).toEqual(['second.webm']);
    expect(body.errors.map((e) => e.filename)).toEqual(['junk.webm']);
    expect(body.errors[0]!.message).toMatch(/junk\.webm: /);
  });
});
