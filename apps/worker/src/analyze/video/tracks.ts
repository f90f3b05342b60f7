/**
 * Pure bookkeeping for video analyses: linking faces across sampled frames into tracks (one per
 * person), per-track statistics, the video score, and suspicious segments. No I/O.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameFace {
  box: Box;
  /** 128-d face descriptor (Euclidean distance < ~0.6 is the same person for face-api). */
  descriptor?: Float32Array | undefined;
  pFake: number | null;
}

export interface TrackFrame {
  index: number;
  timeSec: number;
  width: number;
  height: number;
  faces: FrameFace[];
}

export interface LinkOptions {
  /** Largest descriptor distance that still links two faces; default 0.6 (face-api's rule). */
  maxDescriptorDistance?: number;
  /** Without descriptors: smallest IoU, or largest centre distance in face widths; 0.3 / 0.5. */
  minIou?: number;
  maxCentreDistance?: number;
}

export const iou = (a: Box, b: Box): number => {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
};

const centreDistance = (a: Box, b: Box): number => {
  const dx = a.x + a.width / 2 - (b.x + b.width / 2);
  const dy = a.y + a.height / 2 - (b.y + b.height / 2);
  return Math.hypot(dx, dy) / Math.max(1, (a.width + b.width) / 2);
};

const euclidean = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - (b[i] ?? 0)) ** 2;
  return Math.sqrt(s);
};

/**
 * Assigns every face a track number (returned per frame, per face, in the faces' order). Faces in
 * successive frames are linked greedily by lowest cost: descriptor distance when both faces have
 * one (the sampled frames may be seconds apart, so appearance is what identifies a person), else
 * box overlap / centre distance against the track's last box. A face joins at most one track, a
 * track takes at most one face per frame; an unmatched face starts a new track.
 */
export function linkTracks(frames: readonly TrackFrame[], opts: LinkOptions = {}): number[][] {
  const maxDesc = opts.maxDescriptorDistance ?? 0.6;
  const minIou = opts.minIou ?? 0.3;
  const maxCentre = opts.maxCentreDistance ?? 0.5;
  const tracks: { box: Box; descriptor?: Float32Array | undefined }[] = [];
  return frames.map((frame) => {
    const pairs: { face: number; track: number; cost: number }[] = [];
    frame.faces.forEach((face, fi) => {
      tracks.forEach((t, ti) => {
        let cost: number | null = null;
        if (face.descriptor && t.descriptor) {
          const d = euclidean(face.descriptor, t.descriptor);
          if (d <= maxDesc) cost = d;
        } else {
          const o = iou(face.box, t.box);
          const c = centreDistance(face.box, t.box);
          if (o >= minIou || c <= maxCentre) cost = 1 - o + c;
        }
        if (cost !== null) pairs.push({ face: fi, track: ti, cost });
      });
    });
    pairs.sort((a, b) => a.cost - b.cost);
    const assigned = new Array<number>(frame.faces.length).fill(-1);
    const taken = new Set<number>();
    for (const p of pairs) {
      if (assigned[p.face] !== -1 || taken.has(p.track)) continue;
      assigned[p.face] = p.track;
      taken.add(p.track);
    }
    return assigned.map((track, fi) => {
      const face = frame.faces[fi]!;
      if (track === -1) {
        tracks.push({ box: face.box, descriptor: face.descriptor });
        return tracks.length - 1;
      }
      tracks[track] = { box: face.box, descriptor: face.descriptor ?? tracks[track]!.descriptor };
      return track;
    });
  });
}

export interface TrackSummary {
  trackIndex: number;
  primary: boolean;
  /** Sampled frames the person appears in. */
  frames: number[];
  totalArea: number;
  meanPFake: number | null;
  maxPFake: number | null;
  fractionAbove: number | null;
}

/** Per-track statistics; the primary track is the one with the largest total face area. */
export function summariseTracks(
  frames: readonly TrackFrame[],
  assignment: readonly number[][],
  threshold: number,
): TrackSummary[] {
  const byTrack = new Map<number, { frames: number[]; area: number; scores: number[] }>();
  frames.forEach((frame, i) => {
    frame.faces.forEach((face, fi) => {
      const t = assignment[i]![fi]!;
      const entry = byTrack.get(t) ?? { frames: [], area: 0, scores: [] };
      entry.frames.push(frame.index);
      entry.area += face.box.width * face.box.height;
      if (face.pFake !== null) entry.scores.push(face.pFake);
      byTrack.set(t, entry);
    });
  });
  const summaries = [...byTrack.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([trackIndex, e]) => ({
      trackIndex,
      primary: false,
      frames: e.frames,
      totalArea: e.area,
      meanPFake: e.scores.length ? e.scores.reduce((s, x) => s + x, 0) / e.scores.length : null,
      maxPFake: e.scores.length ? Math.max(...e.scores) : null,
      fractionAbove: e.scores.length ? e.scores.filter((x) => x >= threshold).length / e.scores.length : null,
    }));
  const primary = summaries.reduce<TrackSummary | null>(
    (best, t) => (best === null || t.totalArea > best.totalArea ? t : best),
    null,
  );
  if (primary) primary.primary = true;
  return summaries;
}

export interface SegmentPoint {
  index: number;
  timeSec: number;
  pFake: number | null;
}

export interface Segment {
  startSec: number;
  endSec: number;
  firstFrame: number;
  lastFrame: number;
  peakPFake: number;
}

/**
 * Contiguous runs of sampled frames scored at or above the threshold, as time ranges. Each run
 * extends half a sampling interval past its first and last frame (the span those samples stand
 * for), clamped to the video.
 */
export function suspiciousSegments(
  points: readonly SegmentPoint[],
  threshold: number,
  durationSec: number,
): Segment[] {
  const sorted = [...points].sort((a, b) => a.index - b.index);
  const half = sorted.length > 0 ? durationSec / sorted.length / 2 : 0;
  const out: Segment[] = [];
  let run: SegmentPoint[] = [];
  const close = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    out.push({
      startSec: Math.max(0, first.timeSec - half),
      endSec: Math.min(durationSec, last.timeSec + half),
      firstFrame: first.index,
      lastFrame: last.index,
      peakPFake: Math.max(...run.map((p) => p.pFake ?? 0)),
    });
    run = [];
  };
  for (const p of sorted) {
    if (p.pFake !== null && p.pFake >= threshold) run.push(p);
    else close();
  }
  close();
  return out;
}

/** L2-normalised mean of unit vectors (the per-video DETECTOR embedding), or null for none. */
export function normalisedMean(vectors: readonly Float32Array[]): Float32Array | null {
  if (vectors.length === 0) return null;
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (v[i] ?? 0);
  const norm = Math.hypot(...out);
  if (!(norm > 0)) return null;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / norm;
  return out;
}
