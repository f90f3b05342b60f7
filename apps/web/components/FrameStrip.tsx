import { formatPercent } from '@/lib/format';
import type { AnalysisFrame } from '@/lib/types';
import { formatTime } from '@/lib/video';
import { FixtureMark } from './FixtureMark';

interface FrameStripProps {
  frames: AnalysisFrame[];
  currentIndex: number | null;
  threshold: number | null;
  onSeek: (seconds: number) => void;
  fixture: boolean;
}

/** Every sampled frame as a thumbnail with its time and score; choosing one seeks the player there. */
export function FrameStrip({ frames, currentIndex, threshold, onSeek, fixture }: FrameStripProps) {
  if (frames.length === 0) return <p className="muted">No frames were sampled.</p>;
  return (
    <ol className="frame-strip" aria-label="Sampled frames">
      {frames.map((frame) => {
        const time = formatTime(frame.timeSec);
        const above = threshold !== null && frame.pFake !== null && frame.pFake >= threshold;
        const score = frame.pFake === null ? 'no score' : formatPercent(frame.pFake);
        return (
          <li key={frame.index}>
            <button
              type="button"
              className={above ? 'frame-strip__item frame-strip__item--above' : 'frame-strip__item'}
              data-testid="frame-strip-item"
              aria-current={frame.index === currentIndex ? 'true' : undefined}
              aria-label={`Seek to frame ${frame.index} at ${time}: p(fake) ${score}${fixture && frame.pFake !== null ? ' (test fixture)' : ''}${frame.faces.length === 0 ? ', no face' : ''}${above ? ', at or above the threshold' : ''}`}
              onClick={() => onSeek(frame.timeSec)}
            >
              {frame.thumbnailUrl ? (
                <img className="frame-strip__thumb" src={frame.thumbnailUrl} alt="" loading="lazy" />
              ) : (
                <span className="frame-strip__thumb frame-strip__thumb--none">No thumbnail</span>
              )}
              <span className="frame-strip__bar" aria-hidden="true">
                <span style={{ width: `${(frame.pFake ?? 0) * 100}%` }} />
              </span>
              <span className="frame-strip__text">
                <span>
                  #{frame.index} · {time}
                </span>
                <span>
                  <strong>{score}</strong>
                  {frame.faces.length === 0 ? <span className="muted"> · no face</span> : null}
                </span>
                {frame.pFake !== null ? <FixtureMark fixture={fixture} /> : null}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
