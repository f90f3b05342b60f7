/** Small helpers shared by the video page's components: times, frames, tracks and the chart's scale. */
import type { AnalysisDetail, AnalysisFrame, FaceTrack } from './types';

/**
 * A time on the video as investigators cite it: m:ss.s (h:mm:ss.s past an hour). Tenths, because
 * sampled frames are usually less than a second apart.
 */
export function formatTime(seconds: number, decimals = 1): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  // Rounded first, so 59.96 s with one decimal is "1:00.0", not "0:60.0".
  const factor = 10 ** decimals;
  const rounded = Math.round(seconds * factor);
  const whole = Math.floor(rounded / factor);
  const fraction = decimals > 0 ? `.${String(rounded % factor).padStart(decimals, '0')}` : '';
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}${fraction}` : `${m}:${s}${fraction}`;
}

/** The sampled frame whose time is closest to `seconds`; null when there are none. */
export function nearestFrame(frames: AnalysisFrame[], seconds: number): AnalysisFrame | null {
  let best: AnalysisFrame | null = null;
  for (const frame of frames)
    if (!best || Math.abs(frame.timeSec - seconds) < Math.abs(best.timeSec - seconds)) best = frame;
  return best;
}

/**
 * The worker maps the top-k frames and the poster frame; the poster is the middle sample
 * (apps/worker/src/analyze/video/pipeline.ts). Not exposed over GraphQL, so mirrored here.
 */
export function posterFrameIndex(frames: AnalysisFrame[]): number | null {
  return frames[Math.floor(frames.length / 2)]?.index ?? null;
}

// Distinct on white and on photos, and distinguishable with common colour-vision deficiencies
// (Okabe–Ito). The primary track is always drawn thicker as well, never by colour alone.
const TRACK_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a5c00'];

/** The colour a track is drawn in everywhere on the page (chart, legend, face boxes). */
export function trackColour(track: number): string {
  return TRACK_COLOURS[((track % TRACK_COLOURS.length) + TRACK_COLOURS.length) % TRACK_COLOURS.length]!;
}

/** One line on how the video score was formed, e.g. "mean over 11 frames, primary track (track 0)". */
export function videoScoreRule(
  analysis: Pick<AnalysisDetail, 'detector' | 'tracks' | 'frames'>,
  primaryRule: (track: number) => string = (track) => `primary track (track ${track})`,
): string | null {
  const detector = analysis.detector;
  if (!detector?.installed || detector.pFake === null) return null;
  if (detector.subject === 'WHOLE_FRAME')
    return `mean over ${analysis.frames.length} whole frames (no face in any sampled frame)`;
  const primary = analysis.tracks.find((t) => t.primary);
  return primary
    ? `mean over ${primary.frames} ${primary.frames === 1 ? 'frame' : 'frames'}, ${primaryRule(primary.id)}`
    : null;
}

/** Tracks with the primary one first, then by id. */
export function orderedTracks(tracks: FaceTrack[]): FaceTrack[] {
  return [...tracks].sort((a, b) => Number(b.primary) - Number(a.primary) || a.id - b.id);
}

/** Tick positions for a time axis of `duration` seconds, about one per `minGapPx` pixels. */
export function timeTicks(duration: number, widthPx: number, minGapPx = 72): number[] {
  if (!(duration > 0) || !(widthPx > 0)) return [0];
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  const wanted = Math.max(1, Math.floor(widthPx / minGapPx));
  const step = steps.find((s) => duration / s <= wanted) ?? steps[steps.length - 1]!;
  const ticks: number[] = [];
  for (let t = 0; t <= duration + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return ticks;
}
