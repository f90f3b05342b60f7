/**
 * How the frame views (timeline, current frame, strip, segments, maps, tracks) name a frame's place.
 * A video's frames sit on its clock; a face sequence has no clock, so its frames are cited by their
 * position in their sequence and their file in the zip, never by seconds that nobody measured.
 */
import type { AnalysisFrame, SequenceFacts, SuspiciousSegment } from './types';
import { formatTime, timeTicks } from './video';

/**
 * The worker's nominal rate for face sequences (apps/worker/src/analyze/sequence/pipeline.ts):
 * a frame's timeSec is its position in the sequence ÷ 25. Mirrored here to read the position back.
 */
export const NOMINAL_FPS = 25;

export interface FrameAxis {
  kind: 'video' | 'sequence';
  /** Tick positions (seconds on the chart, nominal for sequences) for an axis `span` seconds long. */
  ticks(span: number, widthPx: number): number[];
  /** A tick's label. */
  tick(seconds: number, span: number): string;
  /** Where a frame is, after "Frame N": "at 0:01.2", or "(a/0003.jpg, position 3 in a)". */
  place(frame: AnalysisFrame): string;
  /** A frame strip tile's short line after "#N · ". */
  short(frame: AnalysisFrame): string;
  /** A suspicious segment's extent as a button label. */
  range(segment: SuspiciousSegment): string;
  /** A track's name: "Track 0", or the sequence's folder. */
  trackName(track: number): string;
  /** How the score's rule names the primary track: "primary track (track 0)". */
  primaryRule(track: number): string;
  /** The tracks table's first column heading. */
  trackHeading: string;
  /** What the chart's x axis is, for its help line. */
  xHelp: string;
}

export const videoAxis: FrameAxis = {
  kind: 'video',
  ticks: timeTicks,
  tick: (seconds, span) => formatTime(seconds, span < 10 ? 1 : 0),
  place: (frame) => `at ${formatTime(frame.timeSec)}`,
  short: (frame) => formatTime(frame.timeSec),
  range: (s) => `${formatTime(s.startSec)} – ${formatTime(s.endSec)}`,
  trackName: (track) => `Track ${track}`,
  primaryRule: (track) => `primary track (track ${track})`,
  trackHeading: 'Track',
  xHelp: 'time over the whole video',
};

/** A frame's 0-based position within its sequence. */
export function framePosition(frame: Pick<AnalysisFrame, 'timeSec'>): number {
  return Math.round(frame.timeSec * NOMINAL_FPS);
}

/** The last path segment of a zip member name. */
export function baseName(member: string): string {
  return member.slice(member.lastIndexOf('/') + 1);
}

/** Ticks on whole frame positions, about one per `minGapPx` pixels. */
function positionTicks(span: number, widthPx: number, minGapPx = 56): number[] {
  const last = Math.round(span * NOMINAL_FPS);
  if (!(last > 0) || !(widthPx > 0)) return [0];
  const wanted = Math.max(1, Math.floor(widthPx / minGapPx));
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
  const step = steps.find((s) => last / s <= wanted) ?? steps[steps.length - 1]!;
  const ticks: number[] = [];
  for (let p = 0; p <= last; p += step) ticks.push(p / NOMINAL_FPS);
  return ticks;
}

/** The axis of a face-sequence item: track i is sequence i (folder i in natural order). */
export function sequenceAxis(facts: SequenceFacts | null, frames: AnalysisFrame[]): FrameAxis {
  const folder = (track: number) => {
    const name = facts?.sequences[track]?.name;
    return name === undefined ? `sequence ${track + 1}` : name === '.' ? '(top level)' : name;
  };
  const trackOf = (frame: AnalysisFrame) => frame.faces[0]?.track ?? null;
  const byIndex = new Map(frames.map((f) => [f.index, f]));
  const positionOf = (index: number) => {
    const frame = byIndex.get(index);
    return frame ? framePosition(frame) : null;
  };
  return {
    kind: 'sequence',
    ticks: positionTicks,
    tick: (seconds) => `frame ${Math.round(seconds * NOMINAL_FPS)}`,
    place: (frame) => {
      const track = trackOf(frame);
      const where = `position ${framePosition(frame)}${track === null ? '' : ` in ${folder(track)}`}`;
      return `(${frame.memberName ?? 'unknown member'}, ${where})`;
    },
    short: (frame) => `${frame.memberName ? baseName(frame.memberName) : '—'}`,
    range: (s) => {
      const first = positionOf(s.firstFrame);
      const last = positionOf(s.lastFrame);
      const where = s.track === null ? '' : ` of ${folder(s.track)}`;
      return first === null || last === null
        ? `frames ${s.firstFrame}–${s.lastFrame}`
        : `positions ${first}–${last}${where}`;
    },
    trackName: (track) => `Sequence ${folder(track)}`,
    primaryRule: (track) => `primary sequence (${folder(track)})`,
    trackHeading: 'Sequence (folder)',
    xHelp: 'frame position within each sequence (files in natural name order; no clock, so no seconds)',
  };
}

/** The longest sequence's last position, as nominal seconds: the chart's x extent. */
export function sequenceSpan(facts: SequenceFacts | null, frames: AnalysisFrame[]): number {
  const longest = Math.max(1, ...(facts?.sequences.map((s) => s.frames.length) ?? []));
  const lastSampled = Math.max(0, ...frames.map((f) => f.timeSec));
  return Math.max((longest - 1) / NOMINAL_FPS, lastSampled, 1 / NOMINAL_FPS);
}
