import { enumType, objectType } from 'nexus';
import {
  HeatmapKind as DbHeatmapKind,
  JobStatus,
  readFaces,
  readJpegSignals,
  readMapSignals,
  readMetadataSignals,
  readSignals,
} from '@loupe/db';
import { hasOverlay } from '@loupe/inference/heatmap';
import { QUEUES } from '@loupe/queue';

export * from './signals.ts';

export const AnalysisStatus = enumType({
  name: 'AnalysisStatus',
  description: 'QUEUED → RUNNING → DONE or FAILED.',
  members: Object.values(JobStatus),
});

export const HeatmapKind = enumType({ name: 'HeatmapKind', members: Object.values(DbHeatmapKind) });

export const Analysis = objectType({
  name: 'Analysis',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.field('status', { type: 'AnalysisStatus' });
    t.nonNull.float('progress', { description: '0 to 1.' });
    t.string('error', {
      description:
        'Why the analysis failed; while QUEUED or RUNNING again, why the previous attempt ended (it failed, or its worker stopped responding and it was re-queued).',
    });
    t.nonNull.int('attempts', { description: 'Attempts started so far.' });
    t.nonNull.int('maxAttempts', {
      description: 'Attempts an analysis gets before it is given up (the first and the retries).',
      resolve: () => QUEUES.analyzeMedia.options.retryLimit + 1,
    });
    t.dateTime('heartbeatAt', {
      description:
        "While RUNNING: the worker's last sign of life. One silent for longer than the workers' LOUPE_WORKER_STALE_SECONDS is taken as dead and the analysis re-queued.",
    });
    t.nonNull.string('codeVersion');
    t.nonNull.dateTime('queuedAt');
    t.dateTime('startedAt');
    t.dateTime('finishedAt');
    t.field('detector', {
      type: 'DetectorResult',
      description: 'Null until the analysis is done.',
      resolve: (a) => {
        if (a.status !== 'DONE') return null;
        // The stored JSON's contract: @loupe/db analysis-json.ts.
        const d = readSignals(a.signals)?.detector ?? null;
        return {
          installed: d?.installed ?? false,
          pFake: a.pFake,
          label: a.label,
          subject: d?.subject ?? null,
          rule: d?.rule ?? null,
          threshold: d?.threshold ?? null,
          note: d?.note ?? null,
          model: a.modelId
            ? {
                id: a.modelId,
                version: a.modelVersion ?? '',
                sha256: a.modelSha256 ?? '',
                isTestFixture: Boolean(a.modelIsTestFixture),
              }
            : null,
        };
      },
    });
    t.nonNull.list.nonNull.field('faces', {
      type: 'Face',
      // A video's or face sequence's row keeps its poster frame's faces, stored per track without
      // `primary` (the score is per track: see frames and tracks); they are not the image rule's face.
      resolve: (a) =>
        readFaces(a.faces).map((f) => ({
          ...f,
          primary: f.primary ?? false,
          pFake: f.pFake ?? null,
        })),
    });
    t.nonNull.list.nonNull.field('heatmaps', {
      type: 'Heatmap',
      description:
        "The maps: the detector fakeness map (the primary face's, or the whole image's) and the forensic maps; `kind` says which. Other faces' detector maps are in faceHeatmaps.",
      resolve: (a, _args, ctx) => ctx.loaders.heatmaps.load(a.id),
    });
    t.nonNull.list.nonNull.field('faceHeatmaps', {
      type: 'Heatmap',
      description:
        'Images: one detector fakeness map per scored face, in face order (`faceIndex` indexes `faces`; 0 is the primary face, whose map is also in heatmaps). Empty for videos, whole-image scores and detectors without patch scores.',
      resolve: (a, _args, ctx) => ctx.loaders.faceHeatmaps.load(a.id),
    });
    t.field('signals', {
      type: 'ForensicSignals',
      resolve: async (a, _args, ctx) => {
        const s = readSignals(a.signals);
        if (!s) return null;
        return {
          jpeg: readJpegSignals(s.jpeg),
          metadata: readMetadataSignals(s.metadata),
          hashes: await ctx.loaders.perceptualHash.load(a.id),
          maps: readMapSignals(s.maps),
        };
      },
    });
    t.json('preprocessing', {
      description: 'Exactly how the detector input was produced (for reproduction).',
    });
  },
});

export const DetectorModel = objectType({
  name: 'DetectorModel',
  definition(t) {
    t.nonNull.string('id');
    t.nonNull.string('version');
    t.nonNull.string('sha256', { description: 'SHA-256 of the ONNX file that produced the result.' });
    t.nonNull.boolean('isTestFixture', {
      description: "True for Loupe's built-in test fixture: not a detector, not evidence.",
    });
  },
});

export const DetectorResult = objectType({
  name: 'DetectorResult',
  definition(t) {
    t.nonNull.boolean('installed', {
      description: 'False when no detector is installed: no score is made up.',
    });
    t.float('pFake', {
      description:
        "p(fake) of the primary subject: softmax(logits / temperature). For a video, the mean over the primary face track's sampled frames (the paper's rule; `rule` says so).",
    });
    t.string('rule', { description: 'Videos: how the score was formed from the sampled frames.' });
    t.string('label', { description: '"fake" when pFake ≥ the model\'s calibrated threshold, else "real".' });
    t.float('threshold', {
      description:
        "Videos: the model's calibrated threshold the label, the tracks' fractions and the suspicious segments used; null when not recorded.",
    });
    t.string('subject', {
      description:
        'FACE when the largest face was analysed, WHOLE_IMAGE when no face was found; for a video, FACE or WHOLE_FRAME.',
    });
    t.string('note');
    t.field('model', { type: 'DetectorModel' });
  },
});

export const Box = objectType({
  name: 'Box',
  description: 'A rectangle in original-image pixels (after EXIF orientation).',
  definition(t) {
    t.nonNull.float('x');
    t.nonNull.float('y');
    t.nonNull.float('width');
    t.nonNull.float('height');
  },
});

export const Face = objectType({
  name: 'Face',
  definition(t) {
    t.nonNull.field('box', { type: 'Box' });
    t.nonNull.float('score', { description: 'Face detector confidence.' });
    t.nonNull.boolean('primary', { description: 'The largest face: the one the detector result is about.' });
    t.float('pFake');
  },
});

export const Heatmap = objectType({
  name: 'Heatmap',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.field('kind', { type: 'HeatmapKind' });
    t.nonNull.int('width');
    t.nonNull.int('height');
    t.int('faceIndex', {
      description:
        "Detector maps of an image's faces: the index into the analysis's faces (0 = primary); null for other maps.",
    });
    t.nonNull.string('url', {
      description: 'Grey-scale map PNG (brighter = more suspicious).',
      resolve: (h) => `/api/heatmaps/${h.id}/map`,
    });
    t.string('overlayUrl', {
      description:
        'Colour overlay on the original (for images, rendered on first view from the map and the original); null when there is none.',
      resolve: (h) => (hasOverlay(h) ? `/api/heatmaps/${h.id}/overlay` : null),
    });
  },
});

export const PerceptualHashes = objectType({
  name: 'PerceptualHashes',
  definition(t) {
    t.nonNull.string('phash', { description: '64-bit DCT perceptual hash as 64 binary digits.' });
    t.nonNull.string('dhash', { description: '64-bit difference hash as 64 binary digits.' });
  },
});

export const ForensicSignals = objectType({
  name: 'ForensicSignals',
  definition(t) {
    t.field('jpeg', {
      type: 'JpegSignals',
      description: 'Quantisation tables, estimated quality, double-compression indicator.',
    });
    t.field('metadata', {
      type: 'MetadataSignals',
      description: 'Camera, software, timestamps, GPS presence, missing and contradictory fields.',
    });
    t.field('hashes', { type: 'PerceptualHashes' });
    t.nonNull.list.nonNull.field('maps', {
      type: 'MapSignals',
      description:
        'Summary statistics and parameters of each forensic map (ELA, NOISE; DETECTOR when recorded).',
    });
  },
});
