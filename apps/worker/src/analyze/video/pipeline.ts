import { faceCropBox, type DetectorBatcher, type FaceDetector, type LoadedDetector } from '@loupe/inference';
import {
  decodeFrameAt,
  sampleFrames,
  samplingPlan,
  type SampledFrame,
  type VideoFacts,
  type VideoSampling,
} from '@loupe/video';
import type { MapImage } from '../pipeline.ts';
import type { PixelWork } from '../pixels/tasks.ts';
import {
  frameMaps,
  mostSuspicious,
  noDetector,
  scoreCrops,
  stepTimer,
  thumbnailOf,
  trackDescriptors,
  type Scored,
} from './frame-steps.ts';
import {
  linkTracks,
  normalisedMean,
  summariseTracks,
  suspiciousSegments,
  type Box,
  type Segment,
  type TrackSummary,
} from './tracks.ts';

/** Compute-only video analysis: a file and its probe facts in, results out. No database, no storage. */

export interface VideoPipelineDeps {
  faces: FaceDetector;
  detector: LoadedDetector | null;
  maxMapSide: number;
  batchSize: number;
  /** The worker's shared queue to the detector (see PipelineDeps.batcher). */
  batcher?: DetectorBatcher;
  maxScoredFaces?: number;
  /** Frames sampled uniformly over the video; default 32 (the paper's protocol). */
  sampleFrames?: number;
  /** This analysis's own request (n frames, or a dense fps timeline); overrides sampleFrames. */
  sampling?: VideoSampling | null;
  /** No plan samples more frames than this (LOUPE_VIDEO_MAX_SAMPLED_FRAMES); default 600. */
  maxSampledFrames?: number;
  /** How many of the most suspicious frames get heatmaps and forensic maps; default 3. */
  topK?: number;
  /** Where the frames' maps are drawn (see PipelineDeps.pixels); inline when absent. */
  pixels?: PixelWork;
}

export interface VideoFaceResult {
  track: number;
  box: Box;
  score: number;
  pFake: number | null;
}

export interface VideoFrameResult {
  index: number;
  targetSec: number;
  timeSec: number;
  width: number;
  height: number;
  /** The primary track's face if in this frame, else the largest face, else the whole frame. */
  pFake: number | null;
  subject: 'FACE' | 'WHOLE_FRAME';
  faces: VideoFaceResult[];
  thumbnailJpeg: Buffer;
  phash: string;
  /** Face sequences: the zip member the frame was read from. */
  memberName?: string;
}

/**
 * A frame's map. No face index: a frame's detector map is of the crop that gave the frame its score
 * (per track, not per face of an image), so its heatmap row keeps face_index null.
 */
export interface FrameMap extends Omit<MapImage, 'faceIndex'> {
  frameIndex: number;
}

export interface VideoPipelineResult {
  frames: VideoFrameResult[];
  tracks: TrackSummary[];
  segments: (Segment & { trackIndex: number | null })[];
  /** Frame indices that got maps: the top k by p(fake), then the poster frame. */
  mappedFrames: { top: number[]; poster: number };
  maps: FrameMap[];
  /** Poster frame's hashes (stored like an image's, so image similarity finds the video). */
  posterHashes: { phash: string; dhash: string };
  faceDescriptors: { track: number; box: Box; vector: Float32Array }[];
  faceModel: { id: string; version: string };
  detector:
    | { installed: false; note: string; problems: string[] }
    | {
        installed: true;
        /** FACE: mean over the primary track's frames; WHOLE_FRAME: mean over all frames (no face found). */
        subject: 'FACE' | 'WHOLE_FRAME';
        rule: string;
        pFake: number;
        label: 'fake' | 'real';
        threshold: number;
        model: { id: string; version: string; sha256: string; isTestFixture: boolean };
        /** Normalised mean of the primary track's (or all whole-frame) embeddings. */
        videoEmbedding: Float32Array | null;
        preprocessing: Record<string, unknown>;
      };
  timingsMs: Record<string, number>;
  /** Face sequences only: how frame times were made up and how each crop was read as a face. */
  sequence?: {
    nominalFps: number;
    faceRule: string;
    sequences: { name: string; frames: number; scored: number }[];
  };
}

const MAX_SCORED_FACES = 8;

export async function runVideoPipeline(
  path: string,
  facts: VideoFacts,
  deps: VideoPipelineDeps,
  progress: (fraction: number, step: string) => Promise<void>,
  problems: string[] = [],
): Promise<VideoPipelineResult> {
  const { timingsMs, time } = stepTimer();
  const d = deps.detector;
  const threshold = d?.manifest.calibration.threshold ?? 0.5;
  const input = d?.manifest.input;
  const cropScale = input?.faceCrop?.enabled ? input.faceCrop.scale : null;
  const plan = samplingPlan(
    facts.durationSec,
    deps.sampling ?? { frames: deps.sampleFrames ?? 32 },
    deps.maxSampledFrames ?? 600,
  );
  const targets = plan.timestamps;

  // Per frame: faces (with descriptors), their scores, a whole-frame score when no face, thumbnails.
  const frames: {
    frame: Omit<SampledFrame, 'data'>;
    faces: { box: Box; score: number; descriptor?: Float32Array | undefined; scored: Scored | null }[];
    whole: Scored | null;
    thumbnailJpeg: Buffer;
    phash: string;
  }[] = [];
  const iterator = sampleFrames(path, facts, targets);
  for (;;) {
    const next = await time('decode', () => iterator.next());
    if (next.done) break;
    const frame = next.value;
    const image = { data: frame.data, width: frame.width, height: frame.height };
    const detected = await time('faces', () => deps.faces.detect(image, { withDescriptors: true }));
    let whole: Scored | null = null;
    const scoredFaces: (Scored | null)[] = detected.map(() => null);
    if (d && input) {
      const toScore = cropScale ? detected.slice(0, deps.maxScoredFaces ?? MAX_SCORED_FACES) : [];
      const crops =
        toScore.length > 0 ? toScore.map((f) => faceCropBox(f.box, image, cropScale ?? 1.3)) : [undefined];
      const scored = await time('detector', () => scoreCrops(d, image, crops, deps));
      if (toScore.length > 0) scored.forEach((s, i) => (scoredFaces[i] = s));
      else whole = scored[0] ?? null;
    }
    const { thumbnailJpeg, phash } = await time('thumbnails', () => thumbnailOf(frame));
    const { data: _pixels, ...meta } = frame;
    frames.push({
      frame: meta,
      faces: detected.map((f, i) => ({
        box: f.box,
        score: f.score,
        descriptor: f.descriptor,
        scored: scoredFaces[i] ?? null,
      })),
      whole,
      thumbnailJpeg,
      phash,
    });
    await progress(
      0.05 + (0.75 * frames.length) / targets.length,
      `frame ${frames.length}/${targets.length}`,
    );
  }
  if (frames.length === 0) throw new Error('Cannot decode any frame of the video.');

  // Tracks across frames, per-track statistics, the primary track.
  const trackFrames = frames.map((f) => ({
    index: f.frame.index,
    timeSec: f.frame.timeSec,
    width: f.frame.width,
    height: f.frame.height,
    faces: f.faces.map((x) => ({ box: x.box, descriptor: x.descriptor, pFake: x.scored?.pFake ?? null })),
  }));
  const assignment = linkTracks(trackFrames);
  const tracks = summariseTracks(trackFrames, assignment, threshold);
  const primary = tracks.find((t) => t.primary) ?? null;

  // Each frame's own score: primary track's face, else the largest face, else the whole frame.
  const chosen: (Scored | null)[] = frames.map((f, i) => {
    const primaryAt = primary ? assignment[i]!.indexOf(primary.trackIndex) : -1;
    if (primaryAt >= 0 && f.faces[primaryAt]!.scored) return f.faces[primaryAt]!.scored;
    return f.faces.find((x) => x.scored)?.scored ?? f.whole;
  });
  const frameResults: VideoFrameResult[] = frames.map((f, i) => ({
    index: f.frame.index,
    targetSec: f.frame.targetSec,
    timeSec: f.frame.timeSec,
    width: f.frame.width,
    height: f.frame.height,
    pFake: chosen[i]?.pFake ?? null,
    subject: f.faces.some((x) => x.scored) ? 'FACE' : 'WHOLE_FRAME',
    faces: f.faces.map((x, fi) => ({
      track: assignment[i]![fi]!,
      box: x.box,
      score: x.score,
      pFake: x.scored?.pFake ?? null,
    })),
    thumbnailJpeg: f.thumbnailJpeg,
    phash: f.phash,
  }));
  const segments = suspiciousSegments(frameResults, threshold, facts.durationSec).map((s) => ({
    ...s,
    trackIndex: primary && primary.meanPFake !== null ? primary.trackIndex : null,
  }));

  // Maps for the most suspicious frames and the poster frame (the middle sample), decoded again.
  const k = deps.topK ?? 3;
  const top = mostSuspicious(frameResults, k);
  const posterAt = Math.floor(frameResults.length / 2);
  const poster = frameResults[posterAt]!.index;
  const maps: FrameMap[] = [];
  let posterHashes = { phash: frameResults[posterAt]!.phash, dhash: '' };
  await progress(0.82, 'maps');
  for (const index of [...new Set([...top, poster])]) {
    const at = frameResults.findIndex((f) => f.index === index);
    const meta = frameResults[at]!;
    const again = await time('decode', () => decodeFrameAt(path, facts, meta.targetSec));
    if (!again || again.width !== meta.width || again.height !== meta.height) continue;
    const drawn = await frameMaps(index, again, chosen[at], deps.maxMapSide, time, deps.pixels);
    maps.push(...drawn.maps);
    if (index === poster) posterHashes = drawn.hashes;
  }

  const faceDescriptors = trackDescriptors(tracks, frames, assignment);

  let detector: VideoPipelineResult['detector'];
  if (!d) {
    detector = noDetector(problems);
  } else {
    const anyFace = primary !== null && primary.meanPFake !== null;
    const scores = anyFace ? [] : frameResults.flatMap((f) => (f.pFake === null ? [] : [f.pFake]));
    const pFake = anyFace
      ? primary.meanPFake!
      : scores.reduce((s, x) => s + x, 0) / Math.max(1, scores.length);
    const embeddings = anyFace
      ? frames.flatMap((f, i) => {
          const at = assignment[i]!.indexOf(primary.trackIndex);
          const s = at >= 0 ? f.faces[at]!.scored : null;
          return s ? [s.embedding] : [];
        })
      : frames.flatMap((f) => (f.whole ? [f.whole.embedding] : []));
    const m = d.manifest;
    detector = {
      installed: true,
      subject: anyFace ? 'FACE' : 'WHOLE_FRAME',
      rule: anyFace
        ? `Mean p(fake) over the ${primary.frames.length} of ${frameResults.length} uniformly sampled frames in which the primary face track (largest total face area) appears, each face cropped at ${cropScale ?? 1.3}× (the paper's video rule).`
        : `No face in any of ${frameResults.length} sampled frames: mean p(fake) of the whole frames.`,
      pFake,
      label: pFake >= threshold ? 'fake' : 'real',
      threshold,
      model: { id: m.id, version: m.version, sha256: m.sha256, isTestFixture: m.isTestFixture },
      videoEmbedding: normalisedMean(embeddings),
      preprocessing: {
        input: m.input,
        faceCropScale: cropScale,
        sampling: {
          frames: targets.length,
          decoded: frameResults.length,
          rule: plan.rule,
          ...(deps.sampling ? { requested: deps.sampling } : {}),
        },
      },
    };
  }

  return {
    frames: frameResults,
    tracks,
    segments,
    mappedFrames: { top, poster },
    maps,
    posterHashes,
    faceDescriptors,
    faceModel: { id: deps.faces.modelInfo.id, version: deps.faces.modelInfo.version },
    detector,
    timingsMs,
  };
}
