'use client';

import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { formatPercent } from '@/lib/format';
import type { AnalysisFrame, FaceTrack, SuspiciousSegment } from '@/lib/types';
import { useElementWidth } from '@/lib/useElementWidth';
import type { FrameAxis } from '@/lib/frameAxis';
import { formatTime, nearestFrame, orderedTracks, trackColour } from '@/lib/video';

/**
 * What the chart's cursor is. A video's is the player's time (any instant; the chart seeks it). A face
 * sequence has no player: its cursor is one selected frame, which the chart, keys and strip move.
 */
export type TimelineCursor =
  | { kind: 'time'; seconds: number; onSeek: (seconds: number) => void }
  | { kind: 'frame'; frame: AnalysisFrame | null; onSelect: (frame: AnalysisFrame) => void };

interface VideoTimelineProps {
  /** The x extent in seconds (nominal for a sequence: its longest sequence's last position). */
  durationSec: number;
  frames: AnalysisFrame[];
  tracks: FaceTrack[];
  segments: SuspiciousSegment[];
  threshold: number | null;
  cursor: TimelineCursor;
  axis: FrameAxis;
  fixture: boolean;
}

const HEIGHT = 230;
const M = { left: 44, right: 14, top: 14, bottom: 46 };
const NO_FACE_Y = HEIGHT - 12;
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];

interface Point {
  frame: AnalysisFrame;
  /** Position in the sampled frames, to see where a track is absent. */
  at: number;
  p: number;
  cx: number;
  cy: number;
}

/** The points of one series, in chart coordinates, for sampled frames that have a score. */
function seriesPoints(
  frames: AnalysisFrame[],
  score: (frame: AnalysisFrame) => number | null,
  x: (t: number) => number,
  y: (p: number) => number,
): Point[] {
  return frames.flatMap((frame, at) => {
    const p = score(frame);
    return p === null ? [] : [{ frame, at, p, cx: x(frame.timeSec), cy: y(p) }];
  });
}

/**
 * One path per series, broken where the series has no score in a sampled frame between two
 * points: a line across frames where the person is not seen would claim scores nobody measured.
 */
function linePath(points: Point[]): string {
  return points
    .map(
      (pt, i) =>
        `${i === 0 || pt.at !== points[i - 1]!.at + 1 ? 'M' : 'L'} ${pt.cx.toFixed(1)} ${pt.cy.toFixed(1)}`,
    )
    .join(' ');
}

/**
 * p(fake) over the video's time: one line per face track (the primary one thicker), the threshold,
 * suspicious segments as bands, sampled frames without a face marked under the axis, and a playhead.
 * The chart is a slider: a click, or the arrow keys (previous / next sampled frame), seeks the player.
 * For a face sequence x is the frame position within each sequence (one line per sequence), and the
 * slider moves the selected frame instead.
 */
export function VideoTimeline(props: VideoTimelineProps) {
  const { durationSec, frames, tracks, segments, threshold, cursor, axis, fixture } = props;
  const currentTime = cursor.kind === 'time' ? cursor.seconds : (cursor.frame?.timeSec ?? 0);
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 720);
  const plotW = Math.max(40, width - M.left - M.right);
  const plotH = HEIGHT - M.top - M.bottom;
  const duration = durationSec > 0 ? durationSec : Math.max(1, ...frames.map((f) => f.timeSec));
  const clampTime = (t: number) => Math.min(duration, Math.max(0, t));
  const x = (t: number) => M.left + (clampTime(t) / duration) * plotW;
  const y = (p: number) => M.top + (1 - Math.min(1, Math.max(0, p))) * plotH;

  const ordered = orderedTracks(tracks);
  const series =
    ordered.length > 0
      ? ordered.map((track) => ({
          key: String(track.id),
          track,
          colour: trackColour(track.id),
          points: seriesPoints(
            frames,
            (f) => f.faces.find((face) => face.track === track.id)?.pFake ?? null,
            x,
            y,
          ),
        }))
      : // No face anywhere: the whole-frame scores are the only series.
        [
          {
            key: 'whole',
            track: null,
            colour: '#5d6776',
            points: seriesPoints(frames, (f) => f.pFake, x, y),
          },
        ];
  const noFace = frames.filter((f) => f.faces.length === 0);
  const ticks = axis.ticks(duration, plotW);
  const here = cursor.kind === 'time' ? nearestFrame(frames, currentTime) : cursor.frame;
  const at = here ? frames.indexOf(here) : -1;

  function seekTo(event: MouseEvent<SVGSVGElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * width;
    if (cursor.kind === 'time') {
      cursor.onSeek(clampTime(((px - M.left) / plotW) * duration));
      return;
    }
    // Frames share x across sequences, so the point nearest the click in both directions is chosen.
    const py = ((event.clientY - box.top) / box.height) * HEIGHT;
    let best: { frame: AnalysisFrame; d: number } | null = null;
    for (const s of series)
      for (const pt of s.points) {
        const d = Math.hypot(pt.cx - px, pt.cy - py);
        if (!best || d < best.d) best = { frame: pt.frame, d };
      }
    if (best) cursor.onSelect(best.frame);
  }

  /** Sequences: ← → step through the frames in order, Page Up / Down go to the next sequence. */
  function selectByKey(key: string, select: (frame: AnalysisFrame) => void): boolean {
    const trackOf = (f: AnalysisFrame | undefined) => f?.faces[0]?.track ?? null;
    const sameSpotIn = (step: 1 | -1) => {
      const tracksInOrder = [...new Set(frames.map((f) => trackOf(f)))];
      const next = tracksInOrder[tracksInOrder.indexOf(trackOf(here ?? undefined)) + step];
      if (next === undefined) return undefined;
      return nearestFrame(
        frames.filter((f) => trackOf(f) === next),
        currentTime,
      );
    };
    const moves: Record<string, AnalysisFrame | null | undefined> = {
      ArrowRight: frames[at + 1],
      ArrowUp: frames[at + 1],
      ArrowLeft: frames[at - 1],
      ArrowDown: frames[at - 1],
      PageUp: sameSpotIn(1),
      PageDown: sameSpotIn(-1),
      Home: frames[0],
      End: frames[frames.length - 1],
    };
    if (!(key in moves)) return false;
    const next = moves[key];
    if (next) select(next);
    return true;
  }

  function onKeyDown(event: KeyboardEvent<SVGSVGElement>) {
    if (cursor.kind === 'frame') {
      if (selectByKey(event.key, cursor.onSelect)) event.preventDefault();
      return;
    }
    const after = frames.find((f) => f.timeSec > currentTime + 0.01);
    const before = [...frames].reverse().find((f) => f.timeSec < currentTime - 0.01);
    const moves: Record<string, number> = {
      ArrowRight: after?.timeSec ?? clampTime(currentTime + 1),
      ArrowUp: after?.timeSec ?? clampTime(currentTime + 1),
      ArrowLeft: before?.timeSec ?? clampTime(currentTime - 1),
      ArrowDown: before?.timeSec ?? clampTime(currentTime - 1),
      PageUp: clampTime(currentTime + duration / 10),
      PageDown: clampTime(currentTime - duration / 10),
      Home: 0,
      End: duration,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    cursor.onSeek(next);
  }

  const score = (frame: AnalysisFrame) =>
    `p(fake) ${frame.pFake === null ? 'none' : formatPercent(frame.pFake)}${fixture && frame.pFake !== null ? ' (test fixture)' : ''}`;
  const valueText =
    cursor.kind === 'time'
      ? `${formatTime(currentTime)} of ${formatTime(duration)}` +
        (here ? `; nearest sampled frame ${here.index} at ${formatTime(here.timeSec)}, ${score(here)}` : '')
      : here
        ? `Frame ${here.index} of ${frames.length} ${axis.place(here)}, ${score(here)}`
        : 'No frame selected';
  const pointTitle = (frame: AnalysisFrame, what: string) =>
    `Frame ${frame.index} ${axis.place(frame)}: ${what}`;

  return (
    <div className="video-timeline" ref={wrapRef}>
      <svg
        className="video-timeline__chart"
        data-testid="video-timeline"
        role="slider"
        tabIndex={0}
        aria-label={
          cursor.kind === 'time'
            ? 'Timeline of p(fake): click, or use the arrow keys, to seek the video'
            : 'p(fake) by frame position: click, or use the arrow keys, to select a frame'
        }
        aria-valuemin={0}
        aria-valuemax={cursor.kind === 'time' ? Number(duration.toFixed(2)) : Math.max(0, frames.length - 1)}
        aria-valuenow={cursor.kind === 'time' ? Number(clampTime(currentTime).toFixed(2)) : Math.max(0, at)}
        aria-valuetext={valueText}
        aria-describedby="timeline-help"
        width="100%"
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        onClick={seekTo}
        onKeyDown={onKeyDown}
      >
        <rect className="video-timeline__plot" x={M.left} y={M.top} width={plotW} height={plotH} />
        {segments.map((s) => (
          <rect
            key={`${s.startSec}-${s.endSec}`}
            className="video-timeline__segment"
            data-testid="timeline-segment"
            x={x(s.startSec)}
            y={M.top}
            width={Math.max(2, x(s.endSec) - x(s.startSec))}
            height={plotH}
          >
            <title>{`Suspicious ${axis.range(s)}, peak ${formatPercent(s.peak)}`}</title>
          </rect>
        ))}
        {Y_TICKS.map((p) => (
          <g key={p}>
            <line className="video-timeline__grid" x1={M.left} x2={M.left + plotW} y1={y(p)} y2={y(p)} />
            <text className="video-timeline__label" x={M.left - 6} y={y(p) + 4} textAnchor="end">
              {p.toFixed(p === 0 || p === 1 ? 0 : 2)}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <g key={t}>
            <line
              className="video-timeline__tick"
              x1={x(t)}
              x2={x(t)}
              y1={M.top + plotH}
              y2={M.top + plotH + 5}
            />
            <text
              className="video-timeline__label"
              x={x(t)}
              y={M.top + plotH + 18}
              textAnchor={t === 0 ? 'start' : t >= duration - 1e-6 ? 'end' : 'middle'}
            >
              {axis.tick(t, duration)}
            </text>
          </g>
        ))}
        {threshold !== null ? (
          <g data-testid="timeline-threshold">
            <line
              className="video-timeline__threshold"
              x1={M.left}
              x2={M.left + plotW}
              y1={y(threshold)}
              y2={y(threshold)}
            />
            <text
              className="video-timeline__label video-timeline__label--threshold"
              x={M.left + plotW - 4}
              y={y(threshold) - 5}
              textAnchor="end"
            >
              threshold {threshold.toFixed(2)}
            </text>
          </g>
        ) : null}
        {series.map((s) => {
          const primary = s.track?.primary === true;
          return (
            <g key={s.key} data-testid="timeline-series" data-track={s.key}>
              <path
                className={
                  primary ? 'video-timeline__line video-timeline__line--primary' : 'video-timeline__line'
                }
                data-testid="timeline-track"
                d={linePath(s.points)}
                stroke={s.colour}
              />
              {s.points.map((pt) => (
                <circle key={pt.frame.index} cx={pt.cx} cy={pt.cy} r={primary ? 3.5 : 2.5} fill={s.colour}>
                  <title>
                    {pointTitle(
                      pt.frame,
                      `${s.track ? axis.trackName(s.track.id) : 'whole frame'} p(fake) ${formatPercent(pt.p)}`,
                    )}
                  </title>
                </circle>
              ))}
            </g>
          );
        })}
        {ordered.length > 0
          ? noFace.flatMap((f) =>
              f.pFake === null
                ? []
                : [
                    <circle
                      key={`whole-${f.index}`}
                      className="video-timeline__whole"
                      data-testid="timeline-whole"
                      cx={x(f.timeSec)}
                      cy={y(f.pFake)}
                      r={3.5}
                    >
                      <title>{pointTitle(f, `no face, whole frame p(fake) ${formatPercent(f.pFake)}`)}</title>
                    </circle>,
                  ],
            )
          : null}
        {noFace.map((f) => (
          <path
            key={f.index}
            className="video-timeline__no-face"
            data-testid="timeline-no-face"
            d={`M ${x(f.timeSec)} ${NO_FACE_Y - 6} l 5 8 l -10 0 z`}
          >
            <title>{pointTitle(f, 'no face found')}</title>
          </path>
        ))}
        <line
          className="video-timeline__playhead"
          data-testid="timeline-playhead"
          x1={x(currentTime)}
          x2={x(currentTime)}
          y1={M.top - 6}
          y2={M.top + plotH}
        />
        <path
          className="video-timeline__playhead-knob"
          d={`M ${x(currentTime) - 6} ${M.top - 10} h 12 l -6 8 z`}
        />
        {cursor.kind === 'frame' && here && here.pFake !== null ? (
          // A selected frame's own point, ringed: several sequences share each position.
          <circle
            className="video-timeline__selected"
            data-testid="timeline-selected"
            cx={x(here.timeSec)}
            cy={y(here.pFake)}
            r={7}
          />
        ) : null}
      </svg>
      <p id="timeline-help" className="field__hint">
        x: {axis.xHelp}; y: p(fake) of each sampled frame, 0 to 1
        {fixture ? ' (test fixture scores, not evidence)' : ''}.{' '}
        {cursor.kind === 'time'
          ? 'Click the chart to seek; with it focused, ← → step between sampled frames, Page Up / Page Down jump a tenth, Home / End go to the ends.'
          : 'Click a point to select its frame; with the chart focused, ← → step through the frames in order, Page Up / Page Down move to the same position in the next / previous sequence, Home / End go to the first / last frame.'}
      </p>
    </div>
  );
}
