import { extendType, objectType } from 'nexus';

export const MatchedFrame = objectType({
  name: 'MatchedFrame',
  description:
    'PHASH space with a video on either side: the sampled frame of the result whose hash matched best, and the frame of the query video it matched (null for an image query).',
  definition(t) {
    t.nonNull.int('index', { description: "The result's sampled frame (AnalysisFrame.index)." });
    t.nonNull.float('timeSec', { description: "Its time in the result's video, seconds." });
    t.int('queryIndex', { description: "The query video's sampled frame; null for an image." });
    t.float('queryTimeSec');
  },
});

export const SimilarItemMatchedFrame = extendType({
  type: 'SimilarItem',
  definition(t) {
    t.field('matchedFrame', {
      type: 'MatchedFrame',
      description:
        'PHASH space: the video frame that matched (a video is matched by its closest sampled frame to the query or any of its frames).',
    });
  },
});

export const KnownFakeVideo = extendType({
  type: 'KnownFake',
  definition(t) {
    t.nonNull.field('kind', {
      type: 'MediaKind',
      description: 'IMAGE or VIDEO, told from the bytes at import.',
    });
    t.float('durationSec', { description: 'Videos: duration in seconds as probed at import.' });
  },
});
