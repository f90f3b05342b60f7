import { formatByteCount, formatBytes } from '@/lib/format';
import type { SequenceFacts } from '@/lib/types';

/** What reading the face-sequence zip found at upload, as rows of the evidence facts. */
export function SequenceFactsRows({ sequence }: { sequence: SequenceFacts }) {
  const names = sequence.sequences.map((s) => (s.name === '.' ? '(top level)' : s.name));
  const members = sequence.frameCount + sequence.ignored.length;
  return (
    <>
      <div className="facts__row">
        <dt>Sequences</dt>
        <dd data-testid="sequence-count">
          {sequence.sequences.length}{' '}
          <span className="muted">
            ({names.slice(0, 6).join(', ')}
            {names.length > 6 ? `, and ${names.length - 6} more` : ''})
          </span>
        </dd>
      </div>
      <div className="facts__row">
        <dt>Frames</dt>
        <dd data-testid="sequence-frames">
          {sequence.frameCount} face-crop images{' '}
          <span className="muted">
            (per sequence: {sequence.sequences.map((s) => s.frames.length).join(', ')})
          </span>
        </dd>
      </div>
      <div className="facts__row">
        <dt>Zip members</dt>
        <dd data-testid="sequence-members">
          {members}
          {sequence.ignored.length > 0 ? (
            <span className="muted">
              {' '}
              ({sequence.ignored.length} archiver clutter skipped, not read:{' '}
              {sequence.ignored.slice(0, 3).join(', ')}
              {sequence.ignored.length > 3 ? ', …' : ''})
            </span>
          ) : null}
        </dd>
      </div>
      <div className="facts__row">
        <dt>Inflated</dt>
        <dd>
          {formatBytes(sequence.uncompressedBytes)}{' '}
          <span className="muted">({formatByteCount(sequence.uncompressedBytes)})</span>
        </dd>
      </div>
    </>
  );
}
