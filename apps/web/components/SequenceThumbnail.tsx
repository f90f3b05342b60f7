/**
 * The evidence list's tile for a face-sequence zip: it says "face sequence" and how many frames,
 * without reading the zip (every read of an original is audited; a list must not fetch each one).
 */
export function SequenceThumbnail({ frameCount, name }: { frameCount: number | null; name: string }) {
  const frames = frameCount === null ? null : `${frameCount} ${frameCount === 1 ? 'frame' : 'frames'}`;
  return (
    <span
      className="thumb thumb--none thumb--sequence"
      role="img"
      aria-label={`Face sequence${frames ? `, ${frames}` : ''}: ${name}`}
      data-testid="sequence-thumb"
    >
      <span aria-hidden="true">▦</span>
      {frameCount !== null ? <span className="thumb__duration">{frameCount}</span> : null}
    </span>
  );
}
