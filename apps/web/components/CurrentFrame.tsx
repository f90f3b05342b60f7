import { formatPercent } from '@/lib/format';
import type { FrameAxis } from '@/lib/frameAxis';
import type { AnalysisFrame } from '@/lib/types';
import { trackColour } from '@/lib/video';
import { FixtureMark } from './FixtureMark';
import { PictureFrame } from './PictureFrame';

function percent(value: number, of: number): string {
  return `${(value / of) * 100}%`;
}

interface CurrentFrameProps {
  frame: AnalysisFrame | null;
  primaryTrack: number | null;
  axis: FrameAxis;
  fixture: boolean;
}

/**
 * The sampled frame nearest the playhead, with each face outlined in its track's colour and
 * labelled with the track and its p(fake). Boxes are in decoded-frame pixels, placed in percentages
 * of a frame with the video's shape, so they line up on the smaller thumbnail.
 */
export function CurrentFrame({ frame, primaryTrack, axis, fixture }: CurrentFrameProps) {
  if (!frame) return <p className="picture__missing">No sampled frames yet.</p>;
  const place = axis.place(frame);
  return (
    <figure className="picture__figure" data-testid="current-frame" data-frame={frame.index}>
      <PictureFrame size={{ width: frame.width, height: frame.height }}>
        {frame.thumbnailUrl ? (
          <img
            className="picture__image"
            src={frame.thumbnailUrl}
            alt={`Sampled frame ${frame.index} ${place}`}
          />
        ) : null}
        <div className="face-layer" aria-hidden="true">
          {frame.faces.map((face, i) => (
            <div
              key={i}
              className={
                face.track === primaryTrack
                  ? 'face-box face-box--track face-box--primary'
                  : 'face-box face-box--track'
              }
              data-testid="frame-face-box"
              style={{
                left: percent(face.box.x, frame.width),
                top: percent(face.box.y, frame.height),
                width: percent(face.box.width, frame.width),
                height: percent(face.box.height, frame.height),
                borderColor: trackColour(face.track),
              }}
            >
              <span
                // Labels of faces near the right edge hang leftwards, so the frame does not clip them.
                className={
                  face.box.x + face.box.width / 2 > frame.width * 0.6
                    ? 'face-box__label face-box__label--end'
                    : 'face-box__label'
                }
                style={{ borderLeftColor: trackColour(face.track) }}
              >
                T{face.track} · {face.pFake === null ? 'no score' : formatPercent(face.pFake)}
              </span>
            </div>
          ))}
        </div>
      </PictureFrame>
      <figcaption className="picture__caption">
        <strong data-testid="current-frame-place">
          Frame {frame.index} {place}
        </strong>{' '}
        · p(fake) {frame.pFake === null ? '—' : formatPercent(frame.pFake)}{' '}
        {frame.pFake !== null ? <FixtureMark fixture={fixture} /> : null}
        <span className="muted">
          {' '}
          ·{' '}
          {frame.faces.length === 0
            ? 'no face found: the whole frame was scored'
            : `${frame.faces.length === 1 ? '1 face' : `${frame.faces.length} faces`}, labelled track · p(fake)`}
        </span>
      </figcaption>
      {frame.faces.length > 0 ? (
        <ul className="frame-faces">
          {frame.faces.map((face, i) => (
            <li key={i}>
              <span
                className="timeline-legend__swatch"
                style={{ background: trackColour(face.track) }}
                aria-hidden="true"
              />
              {axis.trackName(face.track)}
              {face.track === primaryTrack ? ' (primary)' : ''}: p(fake){' '}
              {face.pFake === null ? 'not scored' : formatPercent(face.pFake)}{' '}
              {face.pFake !== null ? <FixtureMark fixture={fixture} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
