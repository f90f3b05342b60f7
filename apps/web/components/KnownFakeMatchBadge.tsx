import { FAMILY_LABELS, label } from '@/lib/format';
import type { NearDuplicate } from '@/lib/types';

/** The evidence list's flag for an item that nearly duplicates a known fake. */
export function KnownFakeMatchBadge({
  matches,
  fixture,
}: {
  matches: NearDuplicate[] | undefined;
  fixture: boolean;
}) {
  if (!matches || matches.length === 0) return null;
  const names = matches
    .map((m) =>
      m.knownFake
        ? `${m.knownFake.originalName} (${label(FAMILY_LABELS, m.knownFake.family)})`
        : 'a removed item',
    )
    .join(', ');
  // Detector-space matches compare the detector's embeddings: with the test fixture they mean nothing.
  const byFixture = fixture && matches.some((m) => m.space === 'DETECTOR');
  return (
    <span className="match-flag" data-testid="known-fake-flag">
      <span className="badge badge--match" title={`Nearly duplicates ${names}`}>
        Matches a known fake
      </span>
      {byFixture ? (
        <span
          className="badge badge--fixture"
          title="Detector-space matches come from Loupe's test fixture, not a detector"
        >
          {matches.every((m) => m.space === 'DETECTOR')
            ? 'Test fixture — not evidence'
            : 'Partly test fixture'}
        </span>
      ) : null}
    </span>
  );
}
