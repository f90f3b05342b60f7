'use client';

import { useCallback, useRef, useState } from 'react';
import { videoAxis } from '@/lib/frameAxis';
import type { MediaDetail } from '@/lib/types';
import { nearestFrame, posterFrameIndex } from '@/lib/video';
import { FrameEvidence } from './FrameEvidence';
import { VideoPlayer } from './VideoPlayer';

/**
 * A video's page body: the player with the sampled frame nearest its playhead, the p(fake)
 * timeline under it (which seeks the player), then the frames, the tracks and the frame maps.
 * One playhead time is shared by all of them.
 */
export function VideoEvidence({ media, fixture }: { media: MediaDetail; fixture: boolean }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const frames = media.analysis?.status === 'DONE' ? media.analysis.frames : [];

  // The chart, the strip and the captions seek here; the player's own events report back.
  const seek = useCallback((seconds: number) => {
    setTime(seconds);
    const video = videoRef.current;
    if (video) video.currentTime = seconds;
  }, []);

  return (
    <FrameEvidence
      media={media}
      fixture={fixture}
      axis={videoAxis}
      spanSec={media.video?.durationSec ?? 0}
      cursor={{ kind: 'time', seconds: time, onSeek: seek }}
      current={nearestFrame(frames, time)}
      onChoose={(frame) => seek(frame.timeSec)}
      onChooseSegment={(segment) => seek(segment.startSec)}
      poster={posterFrameIndex(frames)}
      player={
        <VideoPlayer
          ref={videoRef}
          url={media.url}
          name={media.originalName}
          video={media.video}
          onTime={setTime}
        />
      }
    />
  );
}
