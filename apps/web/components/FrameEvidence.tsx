'use client';

import type { ReactNode } from 'react';
import type { FrameAxis } from '@/lib/frameAxis';
import { formatPercent } from '@/lib/format';
import type { AnalysisFrame, MediaDetail, SuspiciousSegment } from '@/lib/types';
import { videoScoreRule } from '@/lib/video';
import { CurrentFrame } from './CurrentFrame';
import { FixtureMark } from './FixtureMark';
import { FrameHeatmaps } from './FrameHeatmaps';
import { FrameStrip } from './FrameStrip';
import { SegmentList } from './SegmentList';
import { TimelineLegend } from './TimelineLegend';
import { TrackTable } from './TrackTable';
import { VideoTimeline, type TimelineCursor } from './VideoTimeline';

interface FrameEvidenceProps {
  media: MediaDetail;
  fixture: boolean;
  axis: FrameAxis;
  /** The chart's x extent, seconds (nominal for a face sequence). */
  spanSec: number;
  cursor: TimelineCursor;
  /** The frame the cursor marks: nearest the playhead (a video) or the selected one (a sequence). */
  current: AnalysisFrame | null;
  onChoose: (frame: AnalysisFrame) => void;
  onChooseSegment: (segment: SuspiciousSegment) => void;
  poster: number | null;
  /** A video's player; a face sequence has none. */
  player: ReactNode;
}

/**
 * The frame-analysis views of a video or a face sequence, all following one cursor: the current
 * frame, the p(fake) timeline, the segments, the frame strip, the tracks and the frame maps. What
 * moves the cursor (a player's time or a selected frame) is the caller's; the views only ask for it.
 */
export function FrameEvidence(props: FrameEvidenceProps) {
  const { media, fixture, axis, spanSec, cursor, current, onChoose, onChooseSegment, poster, player } = props;
  const video = axis.kind === 'video';
  const analysis = media.analysis;
  const done = analysis?.status === 'DONE';
  const frames = done ? analysis.frames : [];
  const tracks = done ? analysis.tracks : [];
  const segments = done ? analysis.segments : [];
  const threshold = analysis?.detector?.threshold ?? null;
  const primary = tracks.find((t) => t.primary)?.id ?? null;
  const detector = analysis?.detector;
  const rule = analysis && done ? videoScoreRule(analysis, axis.primaryRule) : null;

  const frameView = done ? (
    <CurrentFrame frame={current} primaryTrack={primary} axis={axis} fixture={fixture} />
  ) : (
    <p className="picture__missing">
      {video ? 'Sampled frames' : 'The scored frames'} appear when the analysis is done.
    </p>
  );

  return (
    <>
      <section className="card" aria-labelledby="video-heading">
        <h2 id="video-heading" className="card__title">
          {video ? 'Video' : 'Face sequences'}
        </h2>
        {video ? (
          <div className="video-stage">
            <div className="video-stage__player">{player}</div>
            <div className="video-stage__frame">
              <h3 className="picture__title">Nearest sampled frame</h3>
              {frameView}
            </div>
          </div>
        ) : (
          <div className="video-stage__frame sequence-stage" data-testid="sequence-stage">
            <h3 className="picture__title">Selected frame</h3>
            {frameView}
          </div>
        )}

        <h3 className="picture__title">{video ? 'p(fake) over time' : 'p(fake) by frame position'}</h3>
        {done ? (
          <>
            {detector?.installed && detector.pFake !== null ? (
              <p className="video-score" data-testid="video-score">
                {video ? 'Video' : 'Sequence'} score <strong>{formatPercent(detector.pFake)}</strong>{' '}
                <FixtureMark fixture={fixture} />
                {rule ? <span className="muted"> — {rule}</span> : null}
              </p>
            ) : (
              <p className="muted">
                No detector score: the {video ? 'face tracks' : 'sequences'} and frames below are still shown.
              </p>
            )}
            <VideoTimeline
              durationSec={spanSec}
              frames={frames}
              tracks={tracks}
              segments={segments}
              threshold={threshold}
              cursor={cursor}
              axis={axis}
              fixture={fixture}
            />
            <TimelineLegend
              tracks={tracks}
              threshold={threshold}
              hasSegments={segments.length > 0}
              hasNoFace={frames.some((f) => f.faces.length === 0)}
              axis={axis}
              fixture={fixture}
            />
            <h3 className="picture__title">Suspicious segments</h3>
            <SegmentList
              segments={segments}
              threshold={threshold}
              onChoose={onChooseSegment}
              axis={axis}
              fixture={fixture}
            />
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
              {video ? 'Sampled frames' : 'Scored frames'} <span className="count">{frames.length}</span>
            </h2>
            <FrameStrip
              frames={frames}
              currentIndex={current?.index ?? null}
              threshold={threshold}
              onChoose={onChoose}
              axis={axis}
              fixture={fixture}
            />
          </section>
          <section className="card" aria-labelledby="tracks-heading">
            <h2 id="tracks-heading" className="card__title">
              {video ? 'Face tracks' : 'Sequences'}
            </h2>
            <p className="field__hint">
              {video
                ? 'A track is one person’s faces linked across the sampled frames. The primary track has the largest total face area; its mean p(fake) is the video score.'
                : 'Each folder of the zip is one sequence: one person, scored as one track. The primary sequence has the largest total face area; its mean p(fake) is the sequence score.'}
            </p>
            <TrackTable tracks={tracks} axis={axis} fixture={fixture} />
          </section>
          <section className="card" aria-labelledby="frame-maps-heading">
            <h2 id="frame-maps-heading" className="card__title">
              Frame heatmaps
            </h2>
            <FrameHeatmaps
              heatmaps={analysis.heatmaps}
              frames={frames}
              poster={poster}
              onChoose={onChoose}
              axis={axis}
              fixture={fixture}
            />
          </section>
        </>
      ) : null}
    </>
  );
}
