import { formatTime } from '@/lib/video';

/**
 * The evidence list's tile for a video: it says "video" and how long, without loading the file
 * (every read of an original is audited, so a list must not fetch each video to draw a preview).
 */
export function VideoThumbnail({ durationSec, name }: { durationSec: number | null; name: string }) {
  const duration = durationSec === null ? null : formatTime(durationSec, 0);
  return (
    <span
      className="thumb thumb--none thumb--video"
      role="img"
      aria-label={`Video${duration ? `, ${duration} long` : ''}: ${name}`}
      data-testid="video-thumb"
    >
      <span aria-hidden="true">▶</span>
      {duration ? <span className="thumb__duration">{duration}</span> : null}
    </span>
  );
}
