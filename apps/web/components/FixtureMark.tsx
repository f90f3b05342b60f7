/** The marker beside every score that Loupe's built-in test fixture produced: not evidence. */
export function FixtureMark({ fixture }: { fixture: boolean }) {
  if (!fixture) return null;
  return (
    <span
      className="badge badge--fixture"
      data-testid="fixture-mark"
      title="Scored by Loupe's built-in test fixture, not a detector: not evidence"
    >
      Test fixture
    </span>
  );
}
