import { z } from 'zod';
import { VideoError } from './errors.ts';
import { SAFE_INPUT_OPTIONS, inputUrl, runBinary } from './ffmpeg.ts';

/** Containers Loupe accepts, as told apart by their magic bytes. */
export type VideoContainer = 'MP4' | 'MOV' | 'WEBM' | 'MKV';

/** Codecs accepted per container (ffprobe codec names). */
export const ACCEPTED_CODECS: Record<VideoContainer, readonly string[]> = {
  MP4: ['h264', 'hevc'],
  MOV: ['h264', 'hevc'],
  WEBM: ['vp8', 'vp9', 'av1'],
  MKV: ['h264', 'hevc', 'vp8', 'vp9', 'av1'],
};

/**
 * The FFmpeg demuxer for each container. Forcing it means FFmpeg never guesses the format, so a
 * playlist (HLS, DASH), a concat list or any other indirection is never opened, whatever the bytes.
 */
export const DEMUXER: Record<VideoContainer, string> = {
  MP4: 'mov',
  MOV: 'mov',
  WEBM: 'matroska',
  MKV: 'matroska',
};

export interface VideoCaps {
  /** Longest accepted duration, seconds. */
  maxDurationSec: number;
  /** Largest accepted frame, width × height (after rotation makes no difference). */
  maxPixelsPerFrame: number;
  /** Most streams (video, audio, subtitles, data) one file may hold. */
  maxStreams: number;
}

export interface AudioFacts {
  codec: string;
  channels: number | null;
  sampleRate: number | null;
}

/** What probing found; `width`/`height` are as displayed (rotation applied). */
export interface VideoFacts {
  container: VideoContainer;
  codec: string;
  profile: string | null;
  durationSec: number;
  /** Average frame rate (frames / duration). */
  fps: number;
  /** True when frame intervals vary (variable frame rate). */
  variableFrameRate: boolean;
  width: number;
  height: number;
  codedWidth: number;
  codedHeight: number;
  /** The display matrix's rotation as ffprobe reports it, normalised to 0/90/180/270 (0: none). */
  rotation: number;
  /** Video packets found by demuxing the whole file. */
  frameCount: number;
  /** Presentation time of the first frame (container start time), seconds. */
  startSec: number;
  streamCount: number;
  audio: AudioFacts[];
}

/**
 * The facts the API and the PDF report read back from a media item's stored video_facts: a subset
 * of {@link VideoFacts}, the container as plain text (it is read from JSON, not checked again).
 */
export type StoredVideoFacts = Pick<
  VideoFacts,
  | 'codec'
  | 'profile'
  | 'durationSec'
  | 'fps'
  | 'variableFrameRate'
  | 'width'
  | 'height'
  | 'rotation'
  | 'frameCount'
  | 'audio'
> & { container: string };

const num = z.union([z.string(), z.number()]).optional();

const ffprobeSchema = z.object({
  streams: z
    .array(
      z.object({
        index: z.number(),
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        profile: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        coded_width: z.number().optional(),
        coded_height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        duration: num,
        nb_frames: num,
        nb_read_packets: num,
        channels: z.number().optional(),
        sample_rate: num,
        tags: z.record(z.string(), z.string()).optional(),
        side_data_list: z.array(z.record(z.string(), z.unknown())).optional(),
        disposition: z.record(z.string(), z.number()).optional(),
      }),
    )
    .default([]),
  format: z
    .object({
      format_name: z.string().optional(),
      duration: num,
      start_time: num,
      nb_streams: z.number().optional(),
    })
    .optional(),
});

function toNumber(v: string | number | undefined): number | null {
  if (v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function rate(v: string | undefined): number | null {
  if (!v) return null;
  const [a, b] = v.split('/').map(Number);
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) {
    return null;
  }
  return a / b;
}

function rotationOf(stream: z.infer<typeof ffprobeSchema>['streams'][number]): number {
  for (const sd of stream.side_data_list ?? []) {
    const r = sd.rotation;
    if (typeof r === 'number' && Number.isFinite(r)) return (((Math.round(r / 90) * 90) % 360) + 360) % 360;
  }
  const tag = Number(stream.tags?.rotate ?? 0);
  return Number.isFinite(tag) ? (((Math.round(tag / 90) * 90) % 360) + 360) % 360 : 0;
}

/** Packet timestamps of the first `limit` video packets decide constant vs variable frame rate. */
async function frameIntervalsVary(path: string, container: VideoContainer, limit = 600): Promise<boolean> {
  const { stdout } = await runBinary(
    'ffprobe',
    [
      '-v',
      'error',
      ...SAFE_INPUT_OPTIONS,
      '-f',
      DEMUXER[container],
      '-select_streams',
      'v:0',
      '-read_intervals',
      `%+#${limit}`,
      '-show_entries',
      'packet=pts_time',
      '-of',
      'csv=p=0',
      inputUrl(path),
    ],
    { timeoutMs: 30_000, maxStdoutBytes: 4 * 1024 * 1024 },
  );
  const pts = stdout
    .toString('utf8')
    .split('\n')
    .map((l) => l.split(',')[0]?.trim() ?? '')
    .filter((l) => l !== '')
    .map(Number)
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);
  if (pts.length < 3) return false;
  const deltas: number[] = [];
  for (let i = 1; i < pts.length; i++) deltas.push(pts[i]! - pts[i - 1]!);
  const sorted = [...deltas].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  // Timestamps are rounded to the container's time base: allow 1 ms or 10 % of an interval.
  const tolerance = Math.max(0.001, median * 0.1);
  return deltas.some((d) => Math.abs(d - median) > tolerance);
}

/** Decodes the first frame to a 16×16 grey thumbnail: proves at least one frame is decodable. */
async function decodesOneFrame(path: string, container: VideoContainer): Promise<boolean> {
  const { stdout } = await runBinary(
    'ffmpeg',
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'error',
      ...SAFE_INPUT_OPTIONS,
      '-f',
      DEMUXER[container],
      '-i',
      inputUrl(path),
      '-map',
      '0:v:0',
      '-frames:v',
      '1',
      '-vf',
      'scale=16:16',
      '-pix_fmt',
      'gray',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { timeoutMs: 30_000, maxStdoutBytes: 1024 },
  );
  return stdout.length === 256;
}

/**
 * Probes a local video file whose container was already told from its magic bytes. Throws a
 * {@link VideoError} with a message fit for the investigator when the file cannot be evidence:
 * corrupt or truncated container, no video stream, no decodable frame, a codec outside the
 * allow-list, or over a cap.
 */
export async function probeVideo(
  path: string,
  container: VideoContainer,
  caps: VideoCaps,
): Promise<VideoFacts> {
  let raw: unknown;
  try {
    const { stdout } = await runBinary(
      'ffprobe',
      [
        '-v',
        'error',
        ...SAFE_INPUT_OPTIONS,
        '-f',
        DEMUXER[container],
        '-count_packets',
        '-show_format',
        '-show_streams',
        '-of',
        'json',
        inputUrl(path),
      ],
      { timeoutMs: 60_000, maxStdoutBytes: 4 * 1024 * 1024 },
    );
    raw = JSON.parse(stdout.toString('utf8'));
  } catch (err) {
    if (err instanceof VideoError && err.code === 'CORRUPT') {
      const missingMoov = /moov atom not found/i.test(err.message);
      throw new VideoError(
        'CORRUPT',
        missingMoov
          ? 'The video container is incomplete: its index (moov box) is missing, so no frame can be located. The file is probably truncated.'
          : `The video container could not be read: ${err.message}`,
      );
    }
    throw err;
  }
  const parsed = ffprobeSchema.safeParse(raw);
  if (!parsed.success)
    throw new VideoError('CORRUPT', 'The video container could not be read (unexpected probe output).');
  const { streams, format } = parsed.data;

  if (streams.length > caps.maxStreams) {
    throw new VideoError(
      'OVER_CAP',
      `The file holds ${streams.length} streams; at most ${caps.maxStreams} are accepted.`,
    );
  }
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) throw new VideoError('NO_VIDEO_STREAM', 'The file holds no video stream.');
  const codec = video.codec_name ?? 'unknown';
  if (!ACCEPTED_CODECS[container].includes(codec)) {
    throw new VideoError(
      'UNSUPPORTED',
      `Video codec ${codec} is not accepted in ${container} (accepted: ${ACCEPTED_CODECS[container].join(', ')}).`,
    );
  }
  const codedWidth = video.width ?? 0;
  const codedHeight = video.height ?? 0;
  if (codedWidth <= 0 || codedHeight <= 0)
    throw new VideoError('CORRUPT', 'The video stream has no frame size.');
  if (codedWidth * codedHeight > caps.maxPixelsPerFrame) {
    throw new VideoError(
      'OVER_CAP',
      `Frames are ${codedWidth}×${codedHeight} (${codedWidth * codedHeight} px); at most ${caps.maxPixelsPerFrame} px per frame are accepted.`,
    );
  }
  const packets = toNumber(video.nb_read_packets) ?? 0;
  if (packets === 0) throw new VideoError('ZERO_FRAMES', 'The video stream holds no frames.');
  const declared = toNumber(video.nb_frames);
  if (declared !== null && declared > packets) {
    throw new VideoError(
      'CORRUPT',
      `The video is truncated: its index lists ${declared} frames but only ${packets} are present.`,
    );
  }
  const durationSec = toNumber(format?.duration) ?? toNumber(video.duration) ?? 0;
  if (!(durationSec > 0)) throw new VideoError('ZERO_FRAMES', 'The video has no duration.');
  if (durationSec > caps.maxDurationSec) {
    throw new VideoError(
      'OVER_CAP',
      `The video lasts ${durationSec.toFixed(1)} s; at most ${caps.maxDurationSec} s are accepted.`,
    );
  }
  if (!(await decodesOneFrame(path, container))) {
    throw new VideoError('ZERO_FRAMES', 'No frame of the video stream could be decoded.');
  }
  const rotation = rotationOf(video);
  const quarter = rotation === 90 || rotation === 270;
  const fps = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate) ?? packets / durationSec;
  return {
    container,
    codec,
    profile: video.profile ?? null,
    durationSec,
    fps,
    variableFrameRate: await frameIntervalsVary(path, container),
    width: quarter ? codedHeight : codedWidth,
    height: quarter ? codedWidth : codedHeight,
    codedWidth,
    codedHeight,
    rotation,
    frameCount: packets,
    startSec: toNumber(format?.start_time) ?? 0,
    streamCount: streams.length,
    audio: streams
      .filter((s) => s.codec_type === 'audio')
      .map((s) => ({
        codec: s.codec_name ?? 'unknown',
        channels: s.channels ?? null,
        sampleRate: toNumber(s.sample_rate),
      })),
  };
}
