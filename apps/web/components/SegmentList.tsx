import { formatPercent } from '@/lib/format';
import type { FrameAxis } from '@/lib/frameAxis';
import type { SuspiciousSegment } from '@/lib/types';
import { FixtureMark } from './FixtureMark';

interface SegmentListProps {
  segments: SuspiciousSegment[];
  threshold: number | null;
  /** Seeks the player to the segment's start (a video) or selects its first frame (a face sequence). */
  onChoose: (segment: SuspiciousSegment) => void;
  axis: FrameAxis;
  fixture: boolean;
}

/** The suspicious ranges in words (the chart's bands); each one moves the cursor to its start. */
export function SegmentList({ segments, threshold, onChoose, axis, fixture }: SegmentListProps) {
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
            onClick={() => onChoose(s)}
          >
            {axis.range(s)}
          </button>
          <span>
            frames {s.firstFrame}–{s.lastFrame} · peak <strong>{formatPercent(s.peak)}</strong>{' '}
            <FixtureMark fixture={fixture} />
            {s.track !== null && axis.kind === 'video' ? (
              <span className="muted"> · track {s.track}</span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
