import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoError } from './errors.ts';
import { ffmpegBinaries, runBinary } from './ffmpeg.ts';
import { probeVideo, type VideoCaps, type VideoContainer } from './probe.ts';
import { chooseStrategy, sampleFrames, uniformTimestamps, type SampledFrame } from './sample.ts';
import { makeAudioOnly, makeClip, truncateTo, type ClipOptions } from './testing/clips.ts';

const CAPS: VideoCaps = { maxDurationSec: 600, maxPixelsPerFrame: 3840 * 2160, maxStreams: 8 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-video-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function clip(name: string, o: ClipOptions): Promise<string> {
  return makeClip(join(dir, name), o);
}

async function refusal(p: Promise<unknown>): Promise<VideoError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VideoError);
  return err as VideoError;
}

describe('bundled FFmpeg', { timeout: 120_000 }, () => {
  it('comes from the npm packages in node_modules', async () => {
    const { ffmpeg, ffprobe } = ffmpegBinaries();
    expect(ffmpeg).toMatch(/node_modules\/@ffmpeg-installer\/linux-x64\/ffmpeg$/);
    expect(ffprobe).toMatch(/node_modules\/@ffprobe-installer\/linux-x64\/ffprobe$/);
    const { stdout } = await runBinary('ffmpeg', ['-hide_banner', '-decoders']);
    for (const codec of ['h264', 'hevc', 'vp8', 'vp9', 'libaom-av1'])
      expect(stdout.toString()).toContain(` ${codec} `);
  });
});

describe('probe and sample: accepted codecs and containers', { timeout: 120_000 }, () => {
  const table: [string, ClipOptions, VideoContainer, string][] = [
    ['h264.mp4', { codec: 'h264', container: 'mp4', audio: true }, 'MP4', 'h264'],
    ['hevc.mov', { codec: 'hevc', container: 'mov' }, 'MOV', 'hevc'],
    ['vp8.webm', { codec: 'vp8', container: 'webm', audio: true }, 'WEBM', 'vp8'],
    ['vp9.webm', { codec: 'vp9', container: 'webm' }, 'WEBM', 'vp9'],
    ['av1.mkv', { codec: 'av1', container: 'mkv', seconds: 1, fps: 8 }, 'MKV', 'av1'],
    ['h264.mkv', { codec: 'h264', container: 'mkv' }, 'MKV', 'h264'],
  ];
  it.each(table)('%s', async (name, o, container, codec) => {
    const path = await clip(name, o);
    const facts = await probeVideo(path, container, CAPS);
    const seconds = o.seconds ?? 4;
    const fps = o.fps ?? 10;
    expect(facts).toMatchObject({
      container,
      codec,
      width: 320,
      height: 240,
      rotation: 0,
      variableFrameRate: false,
    });
    expect(facts.durationSec).toBeCloseTo(seconds, 1);
    expect(facts.fps).toBeCloseTo(fps, 1);
    expect(facts.frameCount).toBe(seconds * fps);
    expect(facts.audio.length).toBe(o.audio ? 1 : 0);

    const targets = uniformTimestamps(facts.durationSec, 8);
    const frames = [];
    for await (const f of sampleFrames(path, facts, targets)) frames.push(f);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const f of frames) {
      expect(f.width * f.height * 3).toBe(f.data.length);
      // The first frame at or after the target (the last slice may fall back to the frame before it).
      expect(f.timeSec).toBeGreaterThanOrEqual(f.targetSec - 1 / fps - 0.02);
      expect(f.timeSec).toBeLessThanOrEqual(f.targetSec + 1 / fps + 0.02);
    }
    // Faces move: successive frames differ.
    expect(Buffer.compare(Buffer.from(frames[0]!.data), Buffer.from(frames[7]!.data))).not.toBe(0);
  });
});

describe('probe facts', { timeout: 120_000 }, () => {
  it('flags variable frame rate and keeps the real timestamps', async () => {
    const path = await clip('vfr.mp4', { vfr: true });
    const facts = await probeVideo(path, 'MP4', CAPS);
    expect(facts.variableFrameRate).toBe(true);
    expect(facts.frameCount).toBe(28);
    const frames = [];
    for await (const f of sampleFrames(path, facts, [0.45])) frames.push(f);
    // Frames 3–5 of every 10 were dropped: the first frame at or after 0.45 s is the one at 0.6 s.
    expect(frames[0]!.timeSec).toBeCloseTo(0.6, 2);
  });

  it('reads rotation and returns upright frames', async () => {
    const path = await clip('rotated.mp4', { rotate: 90, width: 320, height: 240 });
    const facts = await probeVideo(path, 'MP4', CAPS);
    expect(facts.rotation).not.toBe(0);
    expect([facts.width, facts.height, facts.codedWidth, facts.codedHeight]).toEqual([240, 320, 320, 240]);
    for await (const f of sampleFrames(path, facts, [1])) expect([f.width, f.height]).toEqual([240, 320]);
  });
});

describe('sampling strategies', { timeout: 120_000 }, () => {
  const cases: [string, string, ClipOptions, VideoContainer][] = [
    ['CFR H.264 MP4', 'strat.mp4', { seconds: 4 }, 'MP4'],
    ['VFR H.264 MP4', 'strat-vfr.mp4', { vfr: true }, 'MP4'],
    ['VP9 WebM', 'strat.webm', { codec: 'vp9', container: 'webm' }, 'WEBM'],
  ];
  it.each(cases)(
    'one sequential decode gives the same frames as seeking (%s)',
    async (_name, file, o, container) => {
      const path = await clip(file, o);
      const facts = await probeVideo(path, container, CAPS);
      const targets = uniformTimestamps(facts.durationSec, 12);
      const take = async (strategy: 'seek' | 'sequential') => {
        const out: SampledFrame[] = [];
        for await (const f of sampleFrames(path, facts, targets, { strategy })) out.push(f);
        return out;
      };
      const seek = await take('seek');
      const sequential = await take('sequential');
      expect(sequential.map((f) => f.index)).toEqual(seek.map((f) => f.index));
      sequential.forEach((f, i) => {
        expect(f.timeSec).toBeCloseTo(seek[i]!.timeSec, 3);
        expect(Buffer.from(f.data).equals(Buffer.from(seek[i]!.data)), `frame ${i}`).toBe(true);
      });
    },
  );

  it('chooses sequential decoding when samples are dense, seeking when they are sparse', () => {
    expect(chooseStrategy(1800, 32)).toBe('sequential');
    expect(chooseStrategy(18_000, 32)).toBe('seek');
  });
});

describe('refusals', { timeout: 120_000 }, () => {
  it('refuses an MP4 whose index (moov) is missing', async () => {
    const path = await truncateTo(await clip('nomoov.mp4', {}), 0.5);
    const err = await refusal(probeVideo(path, 'MP4', CAPS));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/moov/);
  });

  it('refuses a truncated MP4 whose index survives', async () => {
    const path = await truncateTo(await clip('cut.mp4', { faststart: true }), 0.5);
    const err = await refusal(probeVideo(path, 'MP4', CAPS));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/truncated: its index lists 40 frames but only \d+ are present/);
  });

  it('refuses a video stream with no frames', async () => {
    const full = await clip('empty.mp4', { faststart: true });
    const bytes = await readFile(full);
    // Cut right after the mdat box header: the index is whole, the media data is gone.
    const mdat = bytes.indexOf(Buffer.from('mdat'));
    await writeFile(full, bytes.subarray(0, mdat + 4));
    const err = await refusal(probeVideo(full, 'MP4', CAPS));
    expect(err.code).toBe('ZERO_FRAMES');
  });

  it('refuses a file with no video stream', async () => {
    const path = await makeAudioOnly(join(dir, 'audio.mp4'));
    expect((await refusal(probeVideo(path, 'MP4', CAPS))).code).toBe('NO_VIDEO_STREAM');
  });

  it.each([
    ['HLS playlist', '#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n'],
    ['concat list', 'ffconcat version 1.0\nfile /etc/passwd\n'],
    ['URL', 'http://127.0.0.1:9/clip.mp4\n'],
  ])('never follows a %s, whatever container it claims to be', async (_name, text) => {
    for (const container of ['MP4', 'MKV'] as const) {
      const path = join(dir, `list-${container}.mp4`);
      await writeFile(path, text);
      expect((await refusal(probeVideo(path, container, CAPS))).code).toBe('CORRUPT');
    }
  });

  it('reads a file whose name looks like a protocol as a plain local file', async () => {
    const src = await clip('plain.mp4', { seconds: 1 });
    const odd = join(dir, 'concat:a|http:b.mp4');
    await copyFile(src, odd);
    expect((await probeVideo(odd, 'MP4', CAPS)).codec).toBe('h264');
  });

  it('refuses a codec outside the allow-list for its container', async () => {
    const path = await clip('vp9.mp4', { codec: 'vp9', container: 'mp4', seconds: 1 });
    const err = await refusal(probeVideo(path, 'MP4', CAPS));
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toMatch(/vp9 is not accepted in MP4/);
  });

  it.each([
    ['duration', { ...CAPS, maxDurationSec: 1 }, /lasts 2\.0 s; at most 1 s/],
    ['pixels per frame', { ...CAPS, maxPixelsPerFrame: 320 * 240 - 1 }, /320×240/],
    ['stream count', { ...CAPS, maxStreams: 1 }, /2 streams; at most 1/],
  ])('refuses a video over the %s cap', async (_name, caps, message) => {
    const path = await clip(`cap.mp4`, { seconds: 2, audio: true });
    const err = await refusal(probeVideo(path, 'MP4', caps));
    expect(err.code).toBe('OVER_CAP');
    expect(err.message).toMatch(message);
  });
});
