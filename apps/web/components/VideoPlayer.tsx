'use client';

import { forwardRef, useState } from 'react';
import type { VideoFacts } from '@/lib/types';

interface VideoPlayerProps {
  url: string;
  name: string;
  video: VideoFacts | null;
  /** Follows playback and seeking (the chart's playhead, the current frame). */
  onTime: (seconds: number) => void;
}

/**
 * The original, played by the browser from the authorised download route (through the web's /api
 * proxy, same origin). The route answers Range requests, so seeking does not fetch the whole file.
 */
export const VideoPlayer = forwardRef<HTMLVideoElement, VideoPlayerProps>(function VideoPlayer(
  { url, name, video, onTime },
  ref,
) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <p className="picture__missing" role="note">
        This browser cannot play this video
        {video ? ` (${video.codec} in ${video.container})` : ''}. Download the original to view it; the
        timeline, frames and maps below still come from the analysis.
      </p>
    );
  }
  return (
    <video
      ref={ref}
      className="video-player"
      src={url}
      controls
      preload="metadata"
      playsInline
      aria-label={`Original video: ${name}`}
      data-testid="video-player"
      style={video ? { aspectRatio: `${video.width} / ${video.height}` } : undefined}
      onTimeUpdate={(event) => onTime(event.currentTarget.currentTime)}
      onSeeked={(event) => onTime(event.currentTarget.currentTime)}
      onError={() => setFailed(true)}
    >
      Your browser does not play videos; download the original to view it.
    </video>
  );
});
