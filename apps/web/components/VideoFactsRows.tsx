import type { VideoFacts } from '@/lib/types';
import { formatTime } from '@/lib/video';

/** What ffprobe found at upload, as rows of the evidence facts. */
export function VideoFactsRows({ video }: { video: VideoFacts }) {
  const audio =
    video.audio.length === 0
      ? 'None'
      : video.audio
          .map(
            (a) =>
              `${a.codec}${a.channels ? `, ${a.channels} ch` : ''}${a.sampleRate ? `, ${a.sampleRate / 1000} kHz` : ''}`,
          )
          .join('; ');
  return (
    <>
      <div className="facts__row">
        <dt>Duration</dt>
        <dd data-testid="video-duration">
          {formatTime(video.durationSec)} <span className="muted">({video.durationSec.toFixed(3)} s)</span>
        </dd>
      </div>
      <div className="facts__row">
        <dt>Frame rate</dt>
        <dd>
          {Number(video.fps.toFixed(3))} fps
          {video.variableFrameRate ? <span className="muted"> (variable)</span> : null}
        </dd>
      </div>
      <div className="facts__row">
        <dt>Video</dt>
        <dd>
          {video.codec}
          {video.profile ? ` (${video.profile})` : ''} in {video.container}, {video.width} × {video.height} px
          {video.rotation ? <span className="muted"> (rotated {video.rotation}°)</span> : null}
        </dd>
      </div>
      <div className="facts__row">
        <dt>Frames</dt>
        <dd>{video.frameCount}</dd>
      </div>
      <div className="facts__row">
        <dt>Audio</dt>
        <dd>{audio}</dd>
      </div>
    </>
  );
}
