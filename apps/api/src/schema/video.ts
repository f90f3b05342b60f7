import { enumType, extendType, objectType } from 'nexus';
import { MediaKind as DbMediaKind } from '@loupe/db';
import type { StoredVideoFacts } from '@loupe/video';

// Shapes stored by the worker (media.video_facts, analysis_frames.faces).
interface StoredSequenceFacts {
  sequences: { name: string; frames: string[] }[];
  frameCount: number;
  uncompressedBytes: number;
  ignored: string[];
}
interface StoredFrameFace {
  track: number;
  box: { x: number; y: number; width: number; height: number };
  score: number;
  pFake: number | null;
}

export const MediaKind = enumType({
  name: 'MediaKind',
  description:
    'IMAGE, VIDEO, or SEQUENCE (a zip of face-crop images, one folder per sequence), told from the bytes at upload.',
  members: Object.values(DbMediaKind),
});

export const MediaVideo = extendType({
  type: 'Media',
  definition(t) {
    t.nonNull.field('kind', { type: 'MediaKind' });
    t.field('video', {
      type: 'VideoFacts',
      description: 'What probing found at upload; null for an image.',
      resolve: (m) =>
        m.kind === 'VIDEO' && m.videoFacts ? (m.videoFacts as unknown as StoredVideoFacts) : null,
    });
    t.field('sequence', {
      type: 'SequenceFacts',
      description: 'What reading the zip found at upload; null unless kind is SEQUENCE.',
      resolve: (m) =>
        m.kind === 'SEQUENCE' && m.sequenceFacts ? (m.sequenceFacts as unknown as StoredSequenceFacts) : null,
    });
  },
});

export const FaceSequence = objectType({
  name: 'FaceSequence',
  description: 'One folder of face crops in a face-sequence zip: one person, analysed as one track.',
  definition(t) {
    t.nonNull.string('name', {
      description: "The folder's path inside the zip; '.' for images at its top level.",
    });
    t.nonNull.list.nonNull.string('frames', {
      description:
        'Member names of its images in natural name order (frame2 before frame10), the frame order.',
    });
  },
});

export const SequenceFacts = objectType({
  name: 'SequenceFacts',
  description: 'A face-sequence zip as read at upload (every member inflated, sniffed and decoded).',
  definition(t) {
    t.nonNull.list.nonNull.field('sequences', {
      type: 'FaceSequence',
      description: 'In natural order of folder name; sequence i is track i of the analysis.',
    });
    t.nonNull.int('frameCount', { description: 'Images in all sequences.' });
    t.nonNull.float('uncompressedBytes', { description: 'Bytes of all images after inflating.' });
    t.nonNull.list.nonNull.string('ignored', {
      description: 'Archiver clutter skipped, not read (macOS __MACOSX/ and .DS_Store).',
    });
  },
});

export const AudioStream = objectType({
  name: 'AudioStream',
  definition(t) {
    t.nonNull.string('codec');
    t.int('channels');
    t.int('sampleRate');
  },
});

export const VideoFacts = objectType({
  name: 'VideoFacts',
  description: 'Probe facts of a video (ffprobe at upload, demuxer forced by the sniffed container).',
  definition(t) {
    t.nonNull.string('container', { description: 'MP4, MOV, WEBM or MKV.' });
    t.nonNull.string('codec', { description: 'Video codec (h264, hevc, vp8, vp9, av1).' });
    t.string('profile');
    t.nonNull.float('durationSec');
    t.nonNull.float('fps', { description: 'Average frame rate.' });
    t.nonNull.boolean('variableFrameRate', { description: 'Frame intervals vary (VFR).' });
    t.nonNull.int('width', { description: 'As displayed, rotation applied.' });
    t.nonNull.int('height', { description: 'As displayed, rotation applied.' });
    t.nonNull.int('rotation', {
      description: 'Display-matrix rotation as ffprobe reports it (0, 90, 180, 270).',
    });
    t.nonNull.int('frameCount', { description: 'Video packets found by demuxing the whole file.' });
    t.nonNull.list.nonNull.field('audio', { type: 'AudioStream' });
  },
});

export const FrameFace = objectType({
  name: 'FrameFace',
  definition(t) {
    t.nonNull.int('track', { description: 'The face track (person) this face belongs to.' });
    t.nonNull.field('box', { type: 'Box' });
    t.nonNull.float('score', { description: 'Face detector confidence.' });
    t.float('pFake');
  },
});

export const AnalysisFrame = objectType({
  name: 'AnalysisFrame',
  description: 'One sampled frame of a video analysis, or one face crop of a face-sequence analysis.',
  definition(t) {
    t.nonNull.int('index', { resolve: (f) => f.frameIndex });
    t.nonNull.float('timeSec', {
      description:
        'Presentation time of the decoded frame. Face sequences have no clock: position in the sequence ÷ 25 (a nominal 25 fps).',
    });
    t.string('memberName', { description: 'Face sequences: the zip member this frame was read from.' });
    t.nonNull.int('width');
    t.nonNull.int('height');
    t.float('pFake', {
      description: "The primary track's face in this frame, else the largest face, else the whole frame.",
    });
    t.nonNull.string('subject', {
      description: 'FACE, or WHOLE_FRAME when no face was found in this frame.',
    });
    t.nonNull.list.nonNull.field('faces', {
      type: 'FrameFace',
      resolve: (f) => f.faces as unknown as StoredFrameFace[],
    });
    t.string('thumbnailUrl', {
      description: 'Authorised, audited JPEG thumbnail (256 px long side).',
      resolve: (f) => (f.thumbnailStorageKey ? `/api/frames/${f.id}/thumbnail` : null),
    });
  },
});

export const FaceTrack = objectType({
  name: 'FaceTrack',
  description:
    "One person's faces linked across the sampled frames; for face sequences, one sequence (folder).",
  definition(t) {
    t.nonNull.int('id', { description: 'Track number within the analysis.', resolve: (x) => x.trackIndex });
    t.nonNull.boolean('primary', {
      description: 'Largest total face area: its mean p(fake) is the video score.',
    });
    t.nonNull.int('frames', {
      description: 'Sampled frames this person appears in.',
      resolve: (x) => x.frameCount,
    });
    t.float('meanPFake', { description: "Mean p(fake) over the track's frames (the paper's rule)." });
    t.float('maxPFake');
    t.float('fractionAbove', { description: "Fraction of the track's frames at or above the threshold." });
    t.nonNull.float('totalArea', { description: 'Sum of the face box areas, pixels.' });
  },
});

export const SuspiciousSegment = objectType({
  name: 'SuspiciousSegment',
  description: 'A contiguous run of sampled frames at or above the threshold, as a time range.',
  definition(t) {
    t.nonNull.float('startSec');
    t.nonNull.float('endSec');
    t.nonNull.float('peak', { description: 'Highest p(fake) in the run.', resolve: (s) => s.peakPFake });
    t.nonNull.int('firstFrame');
    t.nonNull.int('lastFrame');
    t.int('track', { description: 'The track scored; null for whole frames.', resolve: (s) => s.trackIndex });
  },
});

export const AnalysisVideo = extendType({
  type: 'Analysis',
  definition(t) {
    t.nonNull.list.nonNull.field('frames', {
      type: 'AnalysisFrame',
      description: 'Videos: the sampled frames in order; empty for an image.',
      resolve: (a, _args, ctx) => ctx.services.video.frames(a.id),
    });
    t.nonNull.list.nonNull.field('tracks', {
      type: 'FaceTrack',
      description: 'Videos: face tracks; empty for an image.',
      resolve: (a, _args, ctx) => ctx.services.video.tracks(a.id),
    });
    t.nonNull.list.nonNull.field('segments', {
      type: 'SuspiciousSegment',
      description: 'Videos: suspicious time ranges; empty for an image or when none.',
      resolve: (a, _args, ctx) => ctx.services.video.segments(a.id),
    });
  },
});

export const HeatmapFrame = extendType({
  type: 'Heatmap',
  definition(t) {
    t.int('frameIndex', { description: 'Videos: the sampled frame this map belongs to; null for an image.' });
  },
});
