import Link from 'next/link';
import { graphql } from '@/lib/gql';
import type { MediaSummary } from '@/lib/types';
import { AnalysisBadge } from './AnalysisBadge';
import { DateText } from './DateText';
import { DetectorSummary } from './DetectorSummary';
import { EvidenceThumbnail, mediaThumbnailUrl } from './EvidenceThumbnail';
import { FileSize } from './FileSize';
import { KnownFakeMatchBadge } from './KnownFakeMatchBadge';
import { ShortHash } from './ShortHash';
import { VerdictBadge } from './VerdictBadge';
import { SequenceThumbnail } from './SequenceThumbnail';
import { VideoThumbnail } from './VideoThumbnail';

export function mediaHref(caseId: string, mediaId: string): string {
  return `/cases/${encodeURIComponent(caseId)}/media/${encodeURIComponent(mediaId)}`;
}

/**
 * A row of the evidence list, also what the list re-reads while it follows an analysis
 * (lib/operations.ts CASE_MEDIA_QUERY, mediaBatchQuery); MediaSummary is its generated type.
 */
export const EvidenceListMediaFragment = graphql(`
  fragment EvidenceList_Media on Media {
    id
    caseId
    originalName
    kind
    mimeType
    sizeBytes
    sha256
    width
    height
    createdAt
    url
    video {
      durationSec
    }
    sequence {
      frameCount
    }
    analysis {
      id
      status
      progress
      error
      attempts
      detector {
        installed
        pFake
        label
        subject
        rule
        threshold
        note
        model {
          id
          version
          sha256
          isTestFixture
        }
      }
      nearDuplicates {
        knownFakeId
        space
        distance
        score
        knownFake {
          id
          originalName
          family
          source
          generator
          promotedFromMediaId
        }
      }
    }
    verdict {
      id
      value
      createdAt
    }
  }
`);

interface EvidenceListProps {
  caseId: string;
  items: MediaSummary[];
  emptyText: string;
  /** Appended to each item's link so the media page knows the order (lib/gallery-operations.ts). */
  linkQuery?: string;
}

export function EvidenceList({ caseId, items, emptyText, linkQuery = '' }: EvidenceListProps) {
  if (items.length === 0) {
    return <p className="empty">{emptyText}</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table table--evidence" aria-label="Evidence">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Preview</span>
            </th>
            <th scope="col">File</th>
            <th scope="col">Type</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Analysis</th>
            <th scope="col">p(fake)</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="evidence-item">
              <td className="table__thumb">
                {item.kind === 'VIDEO' ? (
                  <VideoThumbnail durationSec={item.video?.durationSec ?? null} name={item.originalName} />
                ) : item.kind === 'SEQUENCE' ? (
                  <SequenceThumbnail
                    frameCount={item.sequence?.frameCount ?? null}
                    name={item.originalName}
                  />
                ) : (
                  <EvidenceThumbnail url={mediaThumbnailUrl(item.id)} name={item.originalName} />
                )}
              </td>
              <td className="table__primary">
                <Link href={`${mediaHref(caseId, item.id)}${linkQuery}`}>{item.originalName}</Link>
                <KnownFakeMatchBadge
                  matches={item.analysis?.nearDuplicates}
                  fixture={item.analysis?.detector?.model?.isTestFixture === true}
                />
              </td>
              <td className="nowrap">{item.mimeType}</td>
              <td className="nowrap">
                <FileSize bytes={item.sizeBytes} />
              </td>
              <td>
                <ShortHash hash={item.sha256} />
              </td>
              <td>
                <DateText iso={item.createdAt} />
              </td>
              <td>
                <AnalysisBadge analysis={item.analysis} />
              </td>
              <td>
                <DetectorSummary analysis={item.analysis} />
              </td>
              <td>
                <VerdictBadge value={item.verdict?.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
