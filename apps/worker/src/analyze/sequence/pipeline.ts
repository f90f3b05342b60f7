import {
  decodeImage,
  faceCropBox,
  type DetectorBatcher,
  type FaceDetector,
  type LoadedDetector,
} from '@loupe/inference';
import { readSequenceFrames, readSequenceMember, type SequenceFacts } from '@loupe/storage';
import {
  frameMaps,
  mostSuspicious,
  noDetector,
  scoreCrops,
  stepTimer,
  thumbnailOf,
  trackDescriptors,
  type Scored,
} from '../video/frame-steps.ts';
import type { PixelWork } from '../pixels/tasks.ts';
import type { FrameMap, VideoFrameResult, VideoPipelineResult } from '../video/pipeline.ts';
import { normalisedMean, summariseTracks, suspiciousSegments, type Box } from '../video/tracks.ts';

/**
 * Compute-only analysis of a face-sequence zip (WildDeepfake's form: one folder of face crops per
 * sequence). Each sequence is one track — the folder says it is one person, so no linking — and
 * the result has the video pipeline's shape (frames, tracks, segments, maps, thumbnails,
 * embedding), so storage, GraphQL and reports treat it like a video's.
 */

export interface SequencePipelineDeps {
  faces: FaceDetector;
  detector: LoadedDetector | null;
  maxMapSide: number;
  batchSize: number;
  /** The worker's shared queue to the detector (see PipelineDeps.batcher). */
  batcher?: DetectorBatcher;
  /** Frames scored per sequence, uniformly over its frames in name order; default 32. */
  sampleFrames?: number;
  /** How many of the most suspicious frames get heatmaps and forensic maps; default 3. */
  topK?: number;
  /** Where the frames' maps are drawn (see PipelineDeps.pixels); inline when absent. */
  pixels?: PixelWork;
}

/**
 * A sequence has no clock. Frame times are its position in name order over this nominal rate
 * (WildDeepfake's sources are mostly 25 fps broadcasts), so time ranges read like a video's;
 * they are labelled nominal wherever shown.
 */
export const NOMINAL_FPS = 25;

export const FACE_RULE =
  'Each frame is one face crop: the face detector runs once per frame; the largest face it finds is cropped at the model’s face-crop scale exactly as for an image (for a tight crop that box is clamped to the crop itself); when it finds none (small, blurred or profile crops) the whole crop is scored as the face.';

/** Positions (in name order) of up to `n` frames out of `count`, the centre of each equal slice. */
export function uniformPositions(count: number, n: number): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * count) / n));
}

export async function runSequencePipeline(
  path: string,
  facts: SequenceFacts,
  deps: SequencePipelineDeps,
  progress: (fraction: number, step: string) => Promise<void>,
  problems: string[] = [],
): Promise<VideoPipelineResult> {
  const { timingsMs, time } = stepTimer();
  const d = deps.detector;
  const threshold = d?.manifest.calibration.threshold ?? 0.5;
  const cropScale = d?.manifest.input.faceCrop?.enabled ? d.manifest.input.faceCrop.scale : null;
  const perSequence = deps.sampleFrames ?? 32;
  const picked = facts.sequences.map((s) => uniformPositions(s.frames.length, perSequence));
  const plan: SequenceFacts = {
    ...facts,
    sequences: facts.sequences.map((s, i) => ({ name: s.name, frames: picked[i]!.map((p) => s.frames[p]!) })),
  };
  const total = picked.reduce((n, p) => n + p.length, 0);

  const frames: {
    result: Omit<VideoFrameResult, 'pFake' | 'subject' | 'faces'>;
    sequence: number;
    face: { box: Box; score: number; descriptor?: Float32Array | undefined; found: boolean };
    scored: Scored | null;
  }[] = [];
  for await (const member of readSequenceFrames(path, plan)) {
    const image = await time('decode', () => decodeImage(member.bytes));
    const detected = await time('faces', () => deps.faces.detect(image, { withDescriptors: true }));
    const largest = detected[0];
    const whole: Box = { x: 0, y: 0, width: image.width, height: image.height };
    const face = largest
      ? { box: largest.box, score: largest.score, descriptor: largest.descriptor, found: true }
      : { box: whole, score: 0, found: false };
    const crop = largest && cropScale ? faceCropBox(largest.box, image, cropScale) : undefined;
    const scored = d ? ((await time('detector', () => scoreCrops(d, image, [crop], deps)))[0] ?? null) : null;
    const position = picked[member.sequence]![member.position]!;
    const { thumbnailJpeg, phash } = await time('thumbnails', () => thumbnailOf(image));
    frames.push({
      result: {
        index: frames.length,
        targetSec: position / NOMINAL_FPS,
        timeSec: position / NOMINAL_FPS,
        width: image.width,
        height: image.height,
        thumbnailJpeg,
        phash,
        memberName: member.name,
      },
      sequence: member.sequence,
      face,
      scored,
    });
    await progress(0.05 + (0.75 * frames.length) / total, `frame ${frames.length}/${total}`);
  }
  if (frames.length === 0) throw new Error('Cannot decode any frame of the face sequences.');

  // One track per sequence, whatever the face detector thought of the crops.
  const assignment = frames.map((f) => [f.sequence]);
  const trackFrames = frames.map((f) => ({
    index: f.result.index,
    timeSec: f.result.timeSec,
    width: f.result.width,
    height: f.result.height,
    faces: [{ box: f.face.box, descriptor: f.face.descriptor, pFake: f.scored?.pFake ?? null }],
  }));
  const tracks = summariseTracks(trackFrames, assignment, threshold);
  const primary = tracks.find((t) => t.primary) ?? null;

  const frameResults: VideoFrameResult[] = frames.map((f) => ({
    ...f.result,
    pFake: f.scored?.pFake ?? null,
    subject: f.face.found ? 'FACE' : 'WHOLE_FRAME',
    faces: [{ track: f.sequence, box: f.face.box, score: f.face.score, pFake: f.scored?.pFake ?? null }],
  }));
  // Runs of suspicious frames within each sequence (a run never spans two sequences).
  const segments = facts.sequences.flatMap((s, sequence) => {
    const points = frameResults.filter((_, i) => frames[i]!.sequence === sequence);
    return suspiciousSegments(points, threshold, s.frames.length / NOMINAL_FPS).map((seg) => ({
      ...seg,
      trackIndex: sequence,
    }));
  });

  // Maps for the most suspicious frames and the primary sequence's middle frame, read again.
  const top = mostSuspicious(frameResults, deps.topK ?? 3);
  const primaryFrames = primary?.frames ?? frameResults.map((f) => f.index);
  const poster = primaryFrames[Math.floor(primaryFrames.length / 2)]!;
  const maps: FrameMap[] = [];
  let posterHashes = { phash: frameResults[poster]!.phash, dhash: '' };
  await progress(0.82, 'maps');
  for (const index of [...new Set([...top, poster])]) {
    const bytes = await time('decode', () => readSequenceMember(path, frames[index]!.result.memberName!));
    const image = await decodeImage(bytes);
    const drawn = await frameMaps(index, image, frames[index]!.scored, deps.maxMapSide, time, deps.pixels);
    maps.push(...drawn.maps);
    if (index === poster) posterHashes = drawn.hashes;
  }

  let detector: VideoPipelineResult['detector'];
  if (!d) {
    detector = noDetector(problems);
  } else {
    const scoredPrimary = primary && primary.meanPFake !== null ? primary : null;
    const all = frameResults.flatMap((f) => (f.pFake === null ? [] : [f.pFake]));
    const pFake = scoredPrimary?.meanPFake ?? all.reduce((s, x) => s + x, 0) / Math.max(1, all.length);
    const m = d.manifest;
    detector = {
      installed: true,
      subject: 'FACE',
      rule: `Mean p(fake) over the ${primary?.frames.length ?? 0} scored frames of the primary sequence (largest total face area) of ${tracks.length}; ${FACE_RULE}`,
      pFake,
      label: pFake >= threshold ? 'fake' : 'real',
      threshold,
      model: { id: m.id, version: m.version, sha256: m.sha256, isTestFixture: m.isTestFixture },
      videoEmbedding: normalisedMean(
        frames.flatMap((f) => (f.scored && f.sequence === primary?.trackIndex ? [f.scored.embedding] : [])),
      ),
      preprocessing: {
        input: m.input,
        faceCropScale: cropScale,
        sampling: {
          frames: total,
          decoded: frameResults.length,
          rule: `up to ${perSequence} frames per sequence in natural name order, centre of each slice`,
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
    faceDescriptors: trackDescriptors(
      tracks,
      frames.map((f) => ({ faces: f.face.found ? [f.face] : [] })),
      assignment,
    ),
    faceModel: { id: deps.faces.modelInfo.id, version: deps.faces.modelInfo.version },
    detector,
    timingsMs,
    sequence: {
      nominalFps: NOMINAL_FPS,
      faceRule: FACE_RULE,
      sequences: facts.sequences.map((s, i) => ({
        name: s.name,
        frames: s.frames.length,
        scored: picked[i]!.length,
      })),
    },
  };
}
