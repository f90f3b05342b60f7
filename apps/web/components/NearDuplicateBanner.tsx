'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { compareHref, knownFakeUrl } from '@/lib/compare-operations';
import { FAMILY_LABELS, SPACE_LABELS, formatDistance, formatScore, label } from '@/lib/format';
import type { NearDuplicate } from '@/lib/types';
import { EvidenceThumbnail } from './EvidenceThumbnail';

interface NearDuplicateBannerProps {
  matches: NearDuplicate[];
  /** The detector space's scores come from the test fixture: they must say so. */
  fixture: boolean;
}

/** A clear flag when the item nearly duplicates a library item: which one, family, source, distance. */
export function NearDuplicateBanner({ matches, fixture }: NearDuplicateBannerProps) {
  // Shown on the item's own page: its route names the case and the item to compare.
  const params = useParams<{ id?: string; mediaId?: string }>();
  if (matches.length === 0) return null;
  // One known fake can match in several spaces (one line each).
  const fakes = new Set(matches.map((m) => m.knownFakeId)).size;
  return (
    <section className="banner banner--match" aria-label="Known-fake matches" data-testid="near-duplicates">
      <p className="banner__title">
        Nearly duplicates {fakes === 1 ? 'a known fake' : `${fakes} known fakes`}
      </p>
      <ul className="matches">
        {matches.map((match) => {
          const fake = match.knownFake;
          return (
            <li key={`${match.knownFakeId}-${match.space}`} className="match" data-testid="near-duplicate">
              {fake ? <EvidenceThumbnail url={knownFakeUrl(fake.id)} name={fake.originalName} /> : null}
              <div className="match__text">
                <p className="match__name">
                  {fake ? fake.originalName : 'An item since removed from the library'}
                  {fake ? (
                    <span className="badge badge--family">{label(FAMILY_LABELS, fake.family)}</span>
                  ) : null}
                </p>
                <p className="match__facts">
                  {SPACE_LABELS[match.space] ?? match.space}: {formatDistance(match.space, match.distance)} ·
                  score {formatScore(match.score)}
                  {fixture && match.space === 'DETECTOR' ? (
                    <span className="badge badge--fixture">Test fixture — not evidence</span>
                  ) : null}
                </p>
                {fake ? (
                  <p className="match__facts">
                    Source: {fake.source ?? 'not recorded'}
                    {fake.generator ? ` · generator: ${fake.generator}` : ''}
                  </p>
                ) : null}
                {fake && params?.id && params.mediaId ? (
                  <p className="match__facts">
                    <Link
                      href={compareHref(params.id, params.mediaId, { knownFakeId: fake.id })}
                      aria-label={`Compare side by side with ${fake.originalName}`}
                    >
                      Compare side by side
                    </Link>
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
