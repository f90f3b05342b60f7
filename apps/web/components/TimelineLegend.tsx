import { formatPercent } from '@/lib/format';
import type { FrameAxis } from '@/lib/frameAxis';
import type { FaceTrack } from '@/lib/types';
import { orderedTracks, trackColour } from '@/lib/video';
import { FixtureMark } from './FixtureMark';

interface TimelineLegendProps {
  tracks: FaceTrack[];
  threshold: number | null;
  hasSegments: boolean;
  hasNoFace: boolean;
  axis: FrameAxis;
  fixture: boolean;
}

/** What each line, band and mark of the timeline is; the track colours match the face boxes. */
export function TimelineLegend({
  tracks,
  threshold,
  hasSegments,
  hasNoFace,
  axis,
  fixture,
}: TimelineLegendProps) {
  return (
    <ul className="timeline-legend" aria-label="Timeline legend" data-testid="timeline-legend">
      {tracks.length === 0 ? (
        <li className="timeline-legend__item">
          <span className="timeline-legend__swatch" style={{ background: '#5d6776' }} aria-hidden="true" />
          Whole frame (no face found in any sampled frame)
        </li>
      ) : (
        orderedTracks(tracks).map((track) => (
          <li
            key={track.id}
            className={
              track.primary ? 'timeline-legend__item timeline-legend__item--primary' : 'timeline-legend__item'
            }
            data-testid="timeline-legend-track"
          >
            <span
              className="timeline-legend__swatch"
              style={{ background: trackColour(track.id) }}
              aria-hidden="true"
            />
            <span>
              {axis.trackName(track.id)}
              {track.primary ? ' (primary)' : ''} · mean{' '}
              <strong>{track.meanPFake === null ? '—' : formatPercent(track.meanPFake)}</strong>
            </span>
            {track.meanPFake !== null ? <FixtureMark fixture={fixture} /> : null}
          </li>
        ))
      )}
      {threshold !== null ? (
        <li className="timeline-legend__item">
          <span className="timeline-legend__swatch timeline-legend__swatch--threshold" aria-hidden="true" />
          Threshold {threshold.toFixed(2)}
        </li>
      ) : null}
      {hasSegments ? (
        <li className="timeline-legend__item">
          <span className="timeline-legend__swatch timeline-legend__swatch--segment" aria-hidden="true" />
          Suspicious segment
        </li>
      ) : null}
      {hasNoFace ? (
        <li className="timeline-legend__item">
          <span className="timeline-legend__swatch timeline-legend__swatch--no-face" aria-hidden="true" />
          Sampled frame without a face
          {tracks.length > 0 ? (
            <span>
              (<span className="timeline-legend__swatch timeline-legend__swatch--whole" aria-hidden="true" />{' '}
              its whole-frame p(fake))
            </span>
          ) : null}
        </li>
      ) : null}
    </ul>
  );
}
