import { rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '@loupe/config';
import { runBinary } from '../ffmpeg.ts';

/**
 * Test media made here with the bundled FFmpeg from face-api's demo photos (nothing downloaded):
 * a slow pan over one photo, so faces move from frame to frame.
 */

export type ClipCodec = 'h264' | 'hevc' | 'vp8' | 'vp9' | 'av1';
export type ClipContainer = 'mp4' | 'mov' | 'webm' | 'mkv';

export interface ClipOptions {
  /** face-api demo photo number, 1–6; default 1. */
  photo?: number;
  seconds?: number;
  fps?: number;
  width?: number;
  height?: number;
  codec?: ClipCodec;
  container?: ClipContainer;
  /** Drop frames in an irregular pattern, keeping their timestamps (variable frame rate). */
  vfr?: boolean;
  /** Rotation tag written into the container (MP4/MOV only), clockwise degrees. */
  rotate?: 0 | 90 | 180 | 270;
  audio?: boolean;
  /**
   * Frames in [startSec, endSec) get a green tint: the marker variant of the test fixture
   * (`writeFixtureDetector(dir, { marker: true })`) scores them high. A test marker, not a fake.
   */
  alter?: { startSec: number; endSec: number };
  /** Keyframe interval in frames; default one per second. */
  gop?: number;
  /** Put the MP4/MOV index before the media data. */
  faststart?: boolean;
}

/** Path of a face-api demo photo (real photos, shipped inside the npm package). */
export function demoPhoto(n: number): string {
  return join(projectRoot(), 'node_modules', '@vladmandic', 'face-api', 'demo', `sample${n}.jpg`);
}

const ENCODER: Record<ClipCodec, string[]> = {
  h264: ['-c:v', 'libx264', '-preset', 'ultrafast'],
  hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'],
  vp8: ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M'],
  vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M'],
  av1: ['-c:v', 'libaom-av1', '-strict', 'experimental', '-cpu-used', '8', '-b:v', '1M'],
};

/** Encodes a clip to `out` and returns its path. */
export async function makeClip(out: string, o: ClipOptions = {}): Promise<string> {
  const seconds = o.seconds ?? 4;
  const fps = o.fps ?? 10;
  const width = o.width ?? 320;
  const height = o.height ?? 240;
  const codec = o.codec ?? 'h264';
  const container = o.container ?? 'mp4';
  const filters = [
    // A window of 80 % of the photo panning from left to right and downwards: faces move.
    `crop=w=iw*0.8:h=ih*0.8:x='(iw-ow)*t/${seconds}':y='(ih-oh)*t/${seconds}/2'`,
    `scale=${width}:${height}`,
    'setsar=1',
  ];
  if (o.alter) {
    // The marker the marker test fixture responds to: red and blue halved (a green tint).
    filters.push(
      `colorchannelmixer=rr=0.5:bb=0.5:enable='between(t,${o.alter.startSec},${o.alter.endSec - 0.001})'`,
    );
  }
  if (o.vfr) filters.push(`select='not(between(mod(n,10),3,5))'`);
  filters.push('format=yuv420p');
  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-framerate',
    String(fps),
    '-t',
    String(seconds),
    '-i',
    demoPhoto(o.photo ?? 1),
  ];
  if (o.audio) args.push('-f', 'lavfi', '-t', String(seconds), '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-map', '0:v');
  if (o.audio) args.push('-map', '1:a');
  args.push('-vf', filters.join(','), ...ENCODER[codec], '-g', String(o.gop ?? fps));
  if (o.vfr) args.push('-vsync', 'vfr');
  if (o.audio)
    args.push(...(container === 'mp4' || container === 'mov' ? ['-c:a', 'aac'] : ['-c:a', 'libopus']));
  if (o.faststart) args.push('-movflags', '+faststart');
  const format = { mp4: 'mp4', mov: 'mov', webm: 'webm', mkv: 'matroska' }[container];
  // FFmpeg drops a rotate tag given while encoding; a stream copy keeps it.
  const encoded = o.rotate ? `${out}.unrotated` : out;
  args.push('-f', format, encoded);
  await runBinary('ffmpeg', args, { timeoutMs: 300_000, maxStdoutBytes: 1024 });
  if (o.rotate) {
    await runBinary(
      'ffmpeg',
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-i',
        encoded,
        '-map',
        '0',
        '-c',
        'copy',
        '-metadata:s:v:0',
        `rotate=${o.rotate}`,
        '-f',
        format,
        out,
      ],
      { timeoutMs: 60_000, maxStdoutBytes: 1024 },
    );
    await rm(encoded);
  }
  return out;
}

/** An MP4 holding only an audio track. */
export async function makeAudioOnly(out: string, seconds = 2): Promise<string> {
  await runBinary(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-t',
      String(seconds),
      '-i',
      'sine=frequency=440',
      '-c:a',
      'aac',
      '-f',
      'mp4',
      out,
    ],
    { timeoutMs: 60_000, maxStdoutBytes: 1024 },
  );
  return out;
}

/** Cuts a file to `fraction` of its length (an MP4 written without faststart loses its `moov`). */
export async function truncateTo(path: string, fraction: number): Promise<string> {
  const { size } = await stat(path);
  await truncate(path, Math.floor(size * fraction));
  return path;
}
