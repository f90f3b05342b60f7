import { formatPercent } from '@/lib/format';
import type { FrameAxis } from '@/lib/frameAxis';
import type { FaceTrack } from '@/lib/types';
import { orderedTracks, trackColour } from '@/lib/video';
import { FixtureMark } from './FixtureMark';

/** Each person's faces linked across the sampled frames, with their scores; the primary first. */
export function TrackTable({
  tracks,
  axis,
  fixture,
}: {
  tracks: FaceTrack[];
  axis: FrameAxis;
  fixture: boolean;
}) {
  if (tracks.length === 0)
    return <p className="muted">No face was found in any sampled frame: the whole frames were scored.</p>;
  const score = (value: number | null) =>
    value === null ? (
      <span className="muted">—</span>
    ) : (
      <span className="score-inline">
        <span className="score-inline__value">{formatPercent(value)}</span>
        <FixtureMark fixture={fixture} />
      </span>
    );
  return (
    // Focusable so a keyboard can scroll it sideways on a phone (axe: scrollable-region-focusable).
    <div
      className="table-wrap"
      role="region"
      aria-label={axis.kind === 'video' ? 'Face tracks' : 'Sequences'}
      tabIndex={0}
    >
      <table
        className="table"
        aria-label={axis.kind === 'video' ? 'Face tracks' : 'Sequences'}
        data-testid="track-table"
      >
        <thead>
          <tr>
            <th scope="col">{axis.trackHeading}</th>
            <th scope="col">Frames</th>
            <th scope="col">Mean p(fake)</th>
            <th scope="col">Max p(fake)</th>
            <th scope="col">Frames at or above the threshold</th>
          </tr>
        </thead>
        <tbody>
          {orderedTracks(tracks).map((track) => (
            <tr key={track.id}>
              <th scope="row" className="nowrap">
                <span
                  className="timeline-legend__swatch"
                  style={{ background: trackColour(track.id) }}
                  aria-hidden="true"
                />{' '}
                {axis.trackName(track.id)}
                {track.primary ? (
                  <>
                    {' '}
                    <span
                      className="badge badge--open"
                      title="Largest total face area: its mean is the item's score"
                    >
                      Primary
                    </span>
                  </>
                ) : null}
              </th>
              <td>{track.frames}</td>
              <td>{score(track.meanPFake)}</td>
              <td>{score(track.maxPFake)}</td>
              <td>{track.fractionAbove === null ? '—' : `${Math.round(track.fractionAbove * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
