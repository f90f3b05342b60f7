import { VideoError } from './errors.ts';
import { SAFE_INPUT_OPTIONS, inputUrl, runBinary } from './ffmpeg.ts';
import { DEMUXER, type VideoFacts } from './probe.ts';

/** One decoded frame: packed RGB (3 bytes per pixel) as displayed (rotation applied). */
export interface SampledFrame {
  /** Position in the sampling plan, 0-based. */
  index: number;
  /** The time asked for, seconds from the start of the video. */
  targetSec: number;
  /** Presentation time of the frame actually decoded, seconds from the start of the video. */
  timeSec: number;
  width: number;
  height: number;
  data: Uint8Array;
}

/** Uniform timestamps: the centre of each of `count` equal slices of the video. */
export function uniformTimestamps(durationSec: number, count: number): number[] {
  const n = Math.max(1, Math.floor(count));
  return Array.from({ length: n }, (_, i) => ((i + 0.5) * durationSec) / n);
}

/** Timestamps for a dense timeline: `fps` frames per second (at least one frame). */
export function denseTimestamps(durationSec: number, fps: number, maxFrames: number): number[] {
  const n = Math.min(maxFrames, Math.max(1, Math.floor(durationSec * fps)));
  return uniformTimestamps(durationSec, n);
}

const SHOWINFO = /pts_time:\s*(-?[\d.]+).*?\ss:(\d+)x(\d+)/;

/**
 * Decodes the first frame at or after `targetSec`: FFmpeg seeks (input `-ss`) to the keyframe
 * before it and decodes forward, so the cost is at most one GOP, never the whole file. Returns
 * null when no frame lies at or after the target (e.g. a target past the last frame).
 */
export async function decodeFrameAt(
  path: string,
  facts: Pick<VideoFacts, 'container' | 'startSec' | 'width' | 'height'>,
  targetSec: number,
  opts: { timeoutMs?: number } = {},
): Promise<Omit<SampledFrame, 'index'> | null> {
  const { stdout, stderr } = await runBinary(
    'ffmpeg',
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'info',
      ...SAFE_INPUT_OPTIONS,
      // One decoder thread: a seek decodes at most one GOP, and frame threads cost more to start
      // than they save there (32 seeks in a 1080p H.264 clip: 9.4-12.0 s FFmpeg CPU, 14.5 s with threads).
      '-threads',
      '1',
      '-f',
      DEMUXER[facts.container],
      '-ss',
      targetSec.toFixed(6),
      // Keep the container's timestamps so showinfo reports the frame's own presentation time.
      '-copyts',
      '-i',
      inputUrl(path),
      '-map',
      '0:v:0',
      '-an',
      '-sn',
      '-frames:v',
      '1',
      // Rotation: the ffmpeg CLI applies the display matrix (autorotate) before these filters.
      '-vf',
      'format=rgb24,showinfo',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { timeoutMs: opts.timeoutMs ?? 60_000, maxStdoutBytes: facts.width * facts.height * 3 + 1 },
  );
  if (stdout.length === 0) return null;
  const m = SHOWINFO.exec(stderr);
  if (!m) throw new VideoError('CORRUPT', 'FFmpeg decoded a frame but did not report its timestamp.');
  const width = Number(m[2]);
  const height = Number(m[3]);
  if (stdout.length !== width * height * 3) {
    throw new VideoError(
      'CORRUPT',
      `Decoded frame has ${stdout.length} bytes, expected ${width}×${height}×3.`,
    );
  }
  return {
    targetSec,
    timeSec: Math.max(0, Number(m[1]) - facts.startSec),
    width,
    height,
    data: new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength),
  };
}

/**
 * Yields one frame per timestamp, in order, decoding the next one while the caller works on the
 * current one. A timestamp past the last decodable frame falls back to the latest frame before it
 * (so the last slice of a video whose index overstates its duration still gets a frame).
 */
export async function* sampleFrames(
  path: string,
  facts: Pick<VideoFacts, 'container' | 'startSec' | 'width' | 'height' | 'fps'>,
  timestamps: readonly number[],
): AsyncGenerator<SampledFrame> {
  const fetch = async (t: number) => {
    const frame = await decodeFrameAt(path, facts, t);
    if (frame) return frame;
    // Step back a few frame intervals until a frame exists.
    const step = 1 / Math.max(1, facts.fps);
    for (let k = 0; k <= 4; k++) {
      const back = await decodeFrameAt(path, facts, Math.max(0, t - step * 2 ** k - 1e-3));
      if (back) return { ...back, targetSec: t };
    }
    return null;
  };
  let next = timestamps.length > 0 ? fetch(timestamps[0]!) : null;
  for (let i = 0; i < timestamps.length; i++) {
    const current = await next!;
    next = i + 1 < timestamps.length ? fetch(timestamps[i + 1]!) : null;
    // Avoid an unhandled rejection on the prefetched frame if the consumer stops early.
    next?.catch(() => undefined);
    if (current) yield { index: i, ...current };
  }
}

/**
 * The naive way, for benchmarks only: decode every frame of the video (to RGB, discarded).
 * Returns how many frames were decoded.
 */
export async function decodeEveryFrame(
  path: string,
  facts: Pick<VideoFacts, 'container'>,
  opts: { timeoutMs?: number } = {},
): Promise<number> {
  const { stderr } = await runBinary(
    'ffmpeg',
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'info',
      ...SAFE_INPUT_OPTIONS,
      '-f',
      DEMUXER[facts.container],
      '-i',
      inputUrl(path),
      '-map',
      '0:v:0',
      '-vf',
      'format=rgb24',
      '-f',
      'null',
      '-',
    ],
    { timeoutMs: opts.timeoutMs ?? 600_000, maxStdoutBytes: 1024 },
  );
  // Progress lines end in \r; the last `frame=` count is the total.
  const counts = [...stderr.matchAll(/frame=\s*(\d+)/g)];
  return counts.length > 0 ? Number(counts[counts.length - 1]![1]) : 0;
}
