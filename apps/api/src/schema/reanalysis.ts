import { arg, extendType, idArg, inputObjectType, nonNull, objectType } from 'nexus';
import { parseSampling } from '@loupe/video';
import { requireViewer } from './guards.ts';

export const VideoSamplingInput = inputObjectType({
  name: 'VideoSamplingInput',
  description:
    'How a video analysis samples frames; give exactly one. frames: that many frames spread uniformly (default 32). fps: a dense timeline at that many frames per second (e.g. 2). Either is capped by LOUPE_VIDEO_MAX_SAMPLED_FRAMES.',
  definition(t) {
    t.int('frames');
    t.float('fps');
  },
});

export const VideoSampling = objectType({
  name: 'VideoSampling',
  description: 'The sampling an analysis was asked for (null fields: not asked).',
  definition(t) {
    t.int('frames');
    t.float('fps');
  },
});

export const AnalysisSampling = extendType({
  type: 'Analysis',
  definition(t) {
    t.field('sampling', {
      type: 'VideoSampling',
      description:
        "Videos: the sampling this analysis was asked for; null when it used the worker's default (LOUPE_VIDEO_SAMPLE_FRAMES uniform frames).",
      resolve: (a) => {
        const s = parseSampling(a.sampling);
        return s ? { frames: 'frames' in s ? s.frames : null, fps: 'fps' in s ? s.fps : null } : null;
      },
    });
  },
});

export const ReanalysisMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('reanalyzeMedia', {
      type: 'Analysis',
      description:
        'Analyses a media item again (case editors): a new analysis, queued; earlier ones stay on the record. For a video, `sampling` asks for n uniform frames or a dense fps timeline (dense mode).',
      args: {
        mediaId: nonNull(idArg()),
        sampling: arg({ type: 'VideoSamplingInput' }),
      },
      resolve: (_r, { mediaId, sampling }, ctx) =>
        ctx.services.reanalysis.reanalyze(requireViewer(ctx), mediaId, sampling, ctx),
    });
  },
});
