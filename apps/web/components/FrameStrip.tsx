import { formatPercent } from '@/lib/format';
import type { FrameAxis } from '@/lib/frameAxis';
import type { AnalysisFrame } from '@/lib/types';
import { FixtureMark } from './FixtureMark';

interface FrameStripProps {
  frames: AnalysisFrame[];
  currentIndex: number | null;
  threshold: number | null;
  /** Seeks the player to the frame (a video) or selects it (a face sequence). */
  onChoose: (frame: AnalysisFrame) => void;
  axis: FrameAxis;
  fixture: boolean;
}

/** Every sampled frame as a thumbnail with its place and score; choosing one makes it the current one. */
export function FrameStrip({ frames, currentIndex, threshold, onChoose, axis, fixture }: FrameStripProps) {
  if (frames.length === 0) return <p className="muted">No frames were sampled.</p>;
  return (
    <ol className="frame-strip" aria-label="Sampled frames">
      {frames.map((frame) => {
        const verb = axis.kind === 'video' ? 'Seek to' : 'Show';
        const above = threshold !== null && frame.pFake !== null && frame.pFake >= threshold;
        const score = frame.pFake === null ? 'no score' : formatPercent(frame.pFake);
        return (
          <li key={frame.index}>
            <button
              type="button"
              className={above ? 'frame-strip__item frame-strip__item--above' : 'frame-strip__item'}
              data-testid="frame-strip-item"
              aria-current={frame.index === currentIndex ? 'true' : undefined}
              onClick={() => onChoose(frame)}
            >
              {frame.thumbnailUrl ? (
                <img className="frame-strip__thumb" src={frame.thumbnailUrl} alt="" loading="lazy" />
              ) : (
                <span className="frame-strip__thumb frame-strip__thumb--none">No thumbnail</span>
              )}
              <span className="frame-strip__bar" aria-hidden="true">
                <span style={{ width: `${(frame.pFake ?? 0) * 100}%` }} />
              </span>
              {/* The visible text is the button's name (axe: label-content-name-mismatch); what only
                  a screen reader needs is spoken around it. */}
              <span className="visually-hidden">{`${verb} frame ${frame.index} ${axis.place(frame)}: p(fake) `}</span>
              <span className="frame-strip__text">
                <span className="frame-strip__member" title={frame.memberName ?? undefined}>
                  #{frame.index} · {axis.short(frame)}
                </span>
                <span>
                  <strong>{score}</strong>
                  {frame.faces.length === 0 ? <span className="muted"> · no face</span> : null}
                </span>
                {frame.pFake !== null ? <FixtureMark fixture={fixture} /> : null}
              </span>
              {above ? <span className="visually-hidden">, at or above the threshold</span> : null}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
