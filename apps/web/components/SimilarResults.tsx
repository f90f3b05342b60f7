import Link from 'next/link';
import type { ReactNode } from 'react';
import { knownFakeUrl } from '@/lib/compare-operations';
import { FAMILY_LABELS, SCOPE_LABELS, SPACE_LABELS, formatDistance, formatScore, label } from '@/lib/format';
import type { SimilarItem, SimilarityScope, SimilaritySpace } from '@/lib/types';
import { mediaHref } from './EvidenceList';
import { EvidenceThumbnail } from './EvidenceThumbnail';

interface SimilarResultsProps {
  space: SimilaritySpace;
  scope: SimilarityScope;
  items: SimilarItem[];
  fixture: boolean;
  /** Something to do with one hit (open the side-by-side comparison), under its facts. */
  renderAction?: (item: SimilarItem) => ReactNode;
}

function pictureUrl(item: SimilarItem): string | null {
  if (item.media) return item.media.url;
  // The library item's own picture: every signed-in user may see it (each read audited).
  if (item.knownFake) return knownFakeUrl(item.knownFake.id);
  return null;
}

/** Hits of one search as a grid of thumbnails with scores. */
export function SimilarResults({ space, scope, items, fixture, renderAction }: SimilarResultsProps) {
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="similar-empty">
        Nothing similar by {SPACE_LABELS[space].toLowerCase()} in {SCOPE_LABELS[scope].toLowerCase()}.
      </p>
    );
  }
  return (
    <ol className="similar-grid" aria-label={`Similar items by ${SPACE_LABELS[space].toLowerCase()}`}>
      {items.map((item, index) => {
        const url = pictureUrl(item);
        const name = item.media?.originalName ?? item.knownFake?.originalName ?? 'Unknown item';
        return (
          <li
            key={`${item.kind}-${item.media?.id ?? item.knownFake?.id ?? index}`}
            className="similar-card"
            data-testid="similar-item"
          >
            {url ? (
              <EvidenceThumbnail url={url} name={name} />
            ) : (
              <span className="thumb thumb--none">No preview</span>
            )}
            <div className="similar-card__text">
              <p className="similar-card__name">
                {item.media ? <Link href={mediaHref(item.media.caseId, item.media.id)}>{name}</Link> : name}
              </p>
              <p className="similar-card__score" data-testid="similar-score">
                Score {formatScore(item.score)}
                {fixture ? <span className="badge badge--fixture">Test fixture — not evidence</span> : null}
              </p>
              <p className="similar-card__facts">{formatDistance(space, item.distance)}</p>
              <p className="similar-card__facts">
                {item.knownFake ? (
                  <>
                    Known fake · {label(FAMILY_LABELS, item.knownFake.family)}
                    {item.knownFake.source ? ` · ${item.knownFake.source}` : ''}
                  </>
                ) : (
                  'Evidence'
                )}
                {item.matchedFace ? ` · face ${item.matchedFace.faceIndex + 1}` : ''}
              </p>
              {renderAction ? renderAction(item) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
