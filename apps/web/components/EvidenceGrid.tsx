'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatPercent } from '@/lib/format';
import type { MediaSummary } from '@/lib/types';
import { AnalysisBadge } from './AnalysisBadge';
import { mediaHref } from './EvidenceList';
import { mediaThumbnailUrl } from './EvidenceThumbnail';
import { FixtureMark } from './FixtureMark';
import { KnownFakeMatchBadge } from './KnownFakeMatchBadge';
import { SequenceThumbnail } from './SequenceThumbnail';
import { VerdictBadge } from './VerdictBadge';
import { VideoThumbnail } from './VideoThumbnail';
import styles from './EvidenceGrid.module.css';

const KIND_LABELS: Record<MediaSummary['kind'], string> = {
  IMAGE: 'Image',
  VIDEO: 'Video',
  SEQUENCE: 'Face sequence',
};

/**
 * A large preview from the API's thumbnail (audited as a view, not a read of the original); videos
 * and sequences get their placeholder tile (their bytes are not fetched).
 */
function Preview({ item }: { item: MediaSummary }) {
  const [failed, setFailed] = useState(false);
  if (item.kind === 'VIDEO')
    return <VideoThumbnail durationSec={item.video?.durationSec ?? null} name={item.originalName} />;
  if (item.kind === 'SEQUENCE')
    return <SequenceThumbnail frameCount={item.sequence?.frameCount ?? null} name={item.originalName} />;
  if (failed)
    return (
      <span className="thumb thumb--none" role="img" aria-label={`No preview for ${item.originalName}`}>
        No preview
      </span>
    );
  return (
    <img
      className="thumb"
      src={mediaThumbnailUrl(item.id)}
      alt={`Preview of ${item.originalName}`}
      loading="lazy"
      onError={() => setFailed(true)}
    />
  );
}

/** The tile's score: p(fake) with the fixture marker, or why there is none. */
function Score({ item }: { item: MediaSummary }) {
  const detector = item.analysis?.status === 'DONE' ? item.analysis.detector : null;
  const pFake = detector?.installed ? detector.pFake : null;
  return (
    <span className={styles.score} data-testid="tile-score" data-pfake={pFake ?? ''}>
      {pFake !== null ? (
        <>
          <span className={styles.scoreValue}>p(fake) {formatPercent(pFake)}</span>
          <FixtureMark fixture={detector?.model?.isTestFixture === true} />
        </>
      ) : (
        <span className="muted">
          {detector && !detector.installed ? 'No detector installed' : 'No score yet'}
        </span>
      )}
    </span>
  );
}

interface EvidenceGridProps {
  caseId: string;
  items: MediaSummary[];
  emptyText: string;
  /** Appended to each item's link so the media page knows the order (see galleryQuery). */
  linkQuery?: string;
}

/** The case's evidence as large tiles, in the order given. */
export function EvidenceGrid({ caseId, items, emptyText, linkQuery = '' }: EvidenceGridProps) {
  if (items.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ul className={styles.grid} aria-label="Evidence grid">
      {items.map((item) => (
        <li key={item.id} className={styles.tile} data-testid="evidence-tile" data-kind={item.kind}>
          <Link href={`${mediaHref(caseId, item.id)}${linkQuery}`} className={styles.link}>
            <span className={styles.preview}>
              <Preview item={item} />
            </span>
            <span className={styles.name} data-testid="tile-name">
              {item.originalName}
            </span>
          </Link>
          <Score item={item} />
          <span className={styles.facts}>
            <span className={styles.kind} data-testid="tile-kind">
              {KIND_LABELS[item.kind]}
            </span>
            <AnalysisBadge analysis={item.analysis} />
            <VerdictBadge value={item.verdict?.value} />
          </span>
          <KnownFakeMatchBadge
            matches={item.analysis?.nearDuplicates}
            fixture={item.analysis?.detector?.model?.isTestFixture === true}
          />
        </li>
      ))}
    </ul>
  );
}
