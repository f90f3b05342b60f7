import { denseTimestamps, uniformTimestamps } from './sample.ts';

/**
 * How one analysis samples a video: `frames` spread uniformly over it (the paper's protocol,
 * default 32), or a dense timeline of `fps` frames per second for a finer view of where it changes.
 */
export type VideoSampling = { frames: number } | { fps: number };

/** Highest dense rate accepted: past this, neighbouring samples are mostly the same frame. */
export const MAX_SAMPLING_FPS = 30;

/** How many frames a request gives for a video of this length (before any cap). */
export function requestedFrames(durationSec: number, s: VideoSampling): number {
  return 'frames' in s ? s.frames : Math.max(1, Math.floor(durationSec * s.fps));
}

/**
 * Why a sampling request cannot be run on a video of this length, or null when it can. The API
 * refuses such a request; the worker never sees one (and caps again, see samplingPlan).
 */
export function samplingProblem(s: VideoSampling, durationSec: number, maxFrames: number): string | null {
  if ('frames' in s) {
    if (!Number.isInteger(s.frames) || s.frames < 1 || s.frames > maxFrames)
      return `sampling.frames must be a whole number from 1 to ${maxFrames}.`;
    return null;
  }
  if (!Number.isFinite(s.fps) || s.fps <= 0 || s.fps > MAX_SAMPLING_FPS)
    return `sampling.fps must be above 0 and at most ${MAX_SAMPLING_FPS}.`;
  const n = requestedFrames(durationSec, s);
  if (n > maxFrames)
    return `${s.fps} fps over ${durationSec.toFixed(1)} s is ${n} frames; at most ${maxFrames} are sampled per analysis (LOUPE_VIDEO_MAX_SAMPLED_FRAMES).`;
  return null;
}

/** Reads a stored sampling request (Analysis.sampling); anything else is null (the default). */
export function parseSampling(json: unknown): VideoSampling | null {
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  if (typeof o.frames === 'number') return { frames: o.frames };
  if (typeof o.fps === 'number') return { fps: o.fps };
  return null;
}

/** The timestamps to decode and the rule that chose them, never more than `maxFrames`. */
export function samplingPlan(
  durationSec: number,
  s: VideoSampling,
  maxFrames: number,
): { timestamps: number[]; rule: string } {
  if ('frames' in s)
    return {
      timestamps: uniformTimestamps(durationSec, Math.min(maxFrames, s.frames)),
      rule: 'uniform, centre of each slice',
    };
  return {
    timestamps: denseTimestamps(durationSec, s.fps, maxFrames),
    rule: `dense, ${s.fps} fps (uniform slices of 1/${s.fps} s, centre of each)`,
  };
}
