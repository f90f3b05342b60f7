'use client';

import { useCallback, useRef, useState } from 'react';
import { formatPercent } from '@/lib/format';
import type { MediaDetail } from '@/lib/types';
import { nearestFrame, videoScoreRule } from '@/lib/video';
import { CurrentFrame } from './CurrentFrame';
import { FixtureMark } from './FixtureMark';
import { FrameHeatmaps } from './FrameHeatmaps';
import { FrameStrip } from './FrameStrip';
import { SegmentList } from './SegmentList';
import { TimelineLegend } from './TimelineLegend';
import { TrackTable } from './TrackTable';
import { VideoPlayer } from './VideoPlayer';
import { VideoTimeline } from './VideoTimeline';

/**
 * A video's page body: the player with the sampled frame nearest its playhead, the p(fake)
 * timeline under it (which seeks the player), then the frames, the tracks and the frame maps.
 * One playhead time is shared by all of them.
 */
export function VideoEvidence({ media, fixture }: { media: MediaDetail; fixture: boolean }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const analysis = media.analysis;
  const done = analysis?.status === 'DONE';
  const frames = done ? analysis.frames : [];
  const tracks = done ? analysis.tracks : [];
  const segments = done ? analysis.segments : [];
  const threshold = analysis?.detector?.threshold ?? null;
  const primary = tracks.find((t) => t.primary)?.id ?? null;
  const current = nearestFrame(frames, time);

  // The chart, the strip and the captions seek here; the player's own events report back.
  const seek = useCallback((seconds: number) => {
    setTime(seconds);
    const video = videoRef.current;
    if (video) video.currentTime = seconds;
  }, []);

  const detector = analysis?.detector;
  const rule = analysis && done ? videoScoreRule(analysis) : null;

  return (
    <>
      <section className="card" aria-labelledby="video-heading">
        <h2 id="video-heading" className="card__title">
          Video
        </h2>
        <div className="video-stage">
          <div className="video-stage__player">
            <VideoPlayer
              ref={videoRef}
              url={media.url}
              name={media.originalName}
              video={media.video}
              onTime={setTime}
            />
          </div>
          <div className="video-stage__frame">
            <h3 className="picture__title">Nearest sampled frame</h3>
            {done ? (
              <CurrentFrame frame={current} primaryTrack={primary} fixture={fixture} />
            ) : (
              <p className="picture__missing">Sampled frames appear when the analysis is done.</p>
            )}
          </div>
        </div>

        <h3 className="picture__title">p(fake) over time</h3>
        {done ? (
          <>
            {detector?.installed && detector.pFake !== null ? (
              <p className="video-score" data-testid="video-score">
                Video score <strong>{formatPercent(detector.pFake)}</strong> <FixtureMark fixture={fixture} />
                {rule ? <span className="muted"> — {rule}</span> : null}
              </p>
            ) : (
              <p className="muted">No detector score: the face tracks and frames below are still shown.</p>
            )}
            <VideoTimeline
              durationSec={media.video?.durationSec ?? 0}
              frames={frames}
              tracks={tracks}
              segments={segments}
              threshold={threshold}
              currentTime={time}
              onSeek={seek}
              fixture={fixture}
            />
            <TimelineLegend
              tracks={tracks}
              threshold={threshold}
              hasSegments={segments.length > 0}
              hasNoFace={frames.some((f) => f.faces.length === 0)}
              fixture={fixture}
            />
            <h3 className="picture__title">Suspicious segments</h3>
            <SegmentList segments={segments} threshold={threshold} onSeek={seek} fixture={fixture} />
          </>
        ) : (
          <p className="picture__missing">
            {analysis?.status === 'FAILED'
              ? 'No timeline: the analysis failed.'
              : 'The timeline appears when the analysis is done.'}
          </p>
        )}
      </section>

      {done ? (
        <>
          <section className="card" aria-labelledby="frames-heading">
            <h2 id="frames-heading" className="card__title">
              Sampled frames <span className="count">{frames.length}</span>
            </h2>
            <FrameStrip
              frames={frames}
              currentIndex={current?.index ?? null}
              threshold={threshold}
              onSeek={seek}
              fixture={fixture}
            />
          </section>
          <section className="card" aria-labelledby="tracks-heading">
            <h2 id="tracks-heading" className="card__title">
              Face tracks
            </h2>
            <p className="field__hint">
              A track is one person&rsquo;s faces linked across the sampled frames. The primary track has the
              largest total face area; its mean p(fake) is the video score.
            </p>
            <TrackTable tracks={tracks} fixture={fixture} />
          </section>
          <section className="card" aria-labelledby="frame-maps-heading">
            <h2 id="frame-maps-heading" className="card__title">
              Frame heatmaps
            </h2>
            <FrameHeatmaps heatmaps={analysis.heatmaps} frames={frames} onSeek={seek} fixture={fixture} />
          </section>
        </>
      ) : null}
    </>
  );
}
