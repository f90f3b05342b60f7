import { formatPercent } from '@/lib/format';
import type { SuspiciousSegment } from '@/lib/types';
import { formatTime } from '@/lib/video';
import { FixtureMark } from './FixtureMark';

interface SegmentListProps {
  segments: SuspiciousSegment[];
  threshold: number | null;
  onSeek: (seconds: number) => void;
  fixture: boolean;
}

/** The suspicious time ranges in words (the chart's bands); each one seeks the player to its start. */
export function SegmentList({ segments, threshold, onSeek, fixture }: SegmentListProps) {
  if (segments.length === 0)
    return (
      <p className="muted" data-testid="segment-none">
        No suspicious segment: no run of sampled frames reached the threshold
        {threshold !== null ? ` (${threshold.toFixed(2)})` : ''}.
      </p>
    );
  return (
    <ul className="segment-list" aria-label="Suspicious segments">
      {segments.map((s) => (
        <li key={`${s.startSec}-${s.endSec}`} className="segment-list__item" data-testid="segment-item">
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => onSeek(s.startSec)}
          >
            {formatTime(s.startSec)} – {formatTime(s.endSec)}
          </button>
          <span>
            frames {s.firstFrame}–{s.lastFrame} · peak <strong>{formatPercent(s.peak)}</strong>{' '}
            <FixtureMark fixture={fixture} />
            {s.track !== null ? <span className="muted"> · track {s.track}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
