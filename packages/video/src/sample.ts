import { spawn } from 'node:child_process';
import { VideoError } from './errors.ts';
import { SAFE_INPUT_OPTIONS, ffmpegBinaries, inputUrl, runBinary } from './ffmpeg.ts';
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

export type SamplingStrategy = 'auto' | 'seek' | 'sequential';

/**
 * One FFmpeg process decodes the stream from the start and keeps, for each timestamp, the first
 * frame at or after it (a `select` filter); only those frames are converted and sent. Cheaper than
 * seeking when samples are closer together than about a GOP. Timestamps must be ascending. Yields
 * the frame for each timestamp it reached, in order (two timestamps within one frame share it).
 */
export async function* decodeSequential(
  path: string,
  facts: Pick<VideoFacts, 'container' | 'startSec' | 'width' | 'height'>,
  timestamps: readonly number[],
  opts: { timeoutMs?: number } = {},
): AsyncGenerator<SampledFrame> {
  if (timestamps.length === 0) return;
  const abs = timestamps.map((t) => t + facts.startSec);
  const select = abs.map((t) => `gte(t,${t.toFixed(6)})*lt(prev_t,${t.toFixed(6)})`).join('+');
  const child = spawn(
    ffmpegBinaries().ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'info',
      '-nostats',
      ...SAFE_INPUT_OPTIONS,
      '-f',
      DEMUXER[facts.container],
      '-i',
      inputUrl(path),
      '-map',
      '0:v:0',
      '-an',
      '-sn',
      '-vf',
      `select='${select}',format=rgb24,showinfo`,
      '-vsync',
      '0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], shell: false },
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const shown: { time: number; width: number; height: number }[] = [];
  let stderrTail = '';
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = SHOWINFO.exec(line);
      if (m) shown.push({ time: Number(m[1]), width: Number(m[2]), height: Number(m[3]) });
      else stderrTail = `${stderrTail}\n${line}`.slice(-4096);
    }
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const frameBytes = facts.width * facts.height * 3;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let next = 0;
  let emitted = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const all = Buffer.concat(pending);
        const data = all.subarray(0, frameBytes);
        pending = pendingBytes > frameBytes ? [all.subarray(frameBytes)] : [];
        pendingBytes -= frameBytes;
        // showinfo logs each frame before it is written; wait for its line if it is still in flight.
        for (let i = 0; shown.length <= emitted && i < 100; i++) await new Promise((r) => setTimeout(r, 10));
        const info = shown[emitted++];
        if (!info || info.width !== facts.width || info.height !== facts.height) {
          throw new VideoError('CORRUPT', 'FFmpeg sent a frame without its timestamp or with another size.');
        }
        const copy = new Uint8Array(data);
        // Every timestamp this frame is the first frame at or after.
        while (next < abs.length && abs[next]! <= info.time + 1e-6) {
          yield {
            index: next,
            targetSec: timestamps[next]!,
            timeSec: Math.max(0, info.time - facts.startSec),
            width: info.width,
            height: info.height,
            data: copy,
          };
          next++;
        }
      }
    }
    const code = await closed;
    if (code !== 0) {
      throw new VideoError(
        'CORRUPT',
        `ffmpeg failed (exit ${code}): ${stderrTail.trim().split('\n').slice(-2).join(' | ')}`,
      );
    }
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * Picks how to sample: one seek per timestamp when samples are far apart (each decodes at most a
 * GOP), one sequential decode when they are dense enough that seeking would decode about as much
 * (fewer than 60 frames of video per sample).
 */
export function chooseStrategy(frameCount: number, samples: number): 'seek' | 'sequential' {
  return frameCount <= samples * 60 ? 'sequential' : 'seek';
}

/**
 * Yields one frame per timestamp, in order. With `seek`, the next frame decodes while the caller
 * works on the current one, and a timestamp past the last decodable frame falls back to the latest
 * frame before it (so the last slice of a video whose index overstates its duration still gets a
 * frame). With `sequential` (or `auto` choosing it), timestamps the decode did not reach are then
 * fetched by seeking.
 */
export async function* sampleFrames(
  path: string,
  facts: Pick<VideoFacts, 'container' | 'startSec' | 'width' | 'height' | 'fps'> & { frameCount?: number },
  timestamps: readonly number[],
  opts: { strategy?: SamplingStrategy } = {},
): AsyncGenerator<SampledFrame> {
  const strategy =
    opts.strategy === 'seek' || opts.strategy === 'sequential'
      ? opts.strategy
      : facts.frameCount !== undefined
        ? chooseStrategy(facts.frameCount, timestamps.length)
        : 'seek';
  const ascending = timestamps.every((t, i) => i === 0 || t >= timestamps[i - 1]!);
  if (strategy === 'sequential' && ascending) {
    let reached = 0;
    for await (const frame of decodeSequential(path, facts, timestamps)) {
      reached = frame.index + 1;
      yield frame;
    }
    if (reached >= timestamps.length) return;
    for await (const frame of sampleFrames(path, facts, timestamps.slice(reached), { strategy: 'seek' })) {
      yield { ...frame, index: frame.index + reached };
    }
    return;
  }
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
