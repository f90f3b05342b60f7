import { downloadUrl, formatByteCount, formatBytes } from '@/lib/format';
import type { MediaDetail } from '@/lib/types';
import { CopyButton } from './CopyButton';
import { DateText } from './DateText';
import { SequenceFactsRows } from './SequenceFactsRows';
import { VideoFactsRows } from './VideoFactsRows';

/** What was acquired, by whom and when: the facts an investigator cites about the original file. */
export function MediaFacts({ media }: { media: MediaDetail }) {
  return (
    <section className="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading" className="card__title">
        Evidence facts
      </h2>
      <dl className="facts">
        <div className="facts__row facts__row--wide">
          <dt>SHA-256</dt>
          <dd className="facts__hash">
            <code className="hash hash--full" data-testid="media-sha256">
              {media.sha256}
            </code>
            <CopyButton text={media.sha256} label="Copy SHA-256" />
          </dd>
        </div>
        <div className="facts__row">
          <dt>Size</dt>
          <dd>
            {formatBytes(media.sizeBytes)} <span className="muted">({formatByteCount(media.sizeBytes)})</span>
          </dd>
        </div>
        <div className="facts__row">
          <dt>Type</dt>
          <dd>{media.mimeType}</dd>
        </div>
        <div className="facts__row">
          <dt>Dimensions</dt>
          <dd>{media.width && media.height ? `${media.width} × ${media.height} px` : '—'}</dd>
        </div>
        {media.video ? <VideoFactsRows video={media.video} /> : null}
        {media.sequence ? <SequenceFactsRows sequence={media.sequence} /> : null}
        <div className="facts__row">
          <dt>Uploaded by</dt>
          <dd>
            {media.uploadedBy ? (
              <>
                {media.uploadedBy.displayName} <span className="muted">({media.uploadedBy.email})</span>
              </>
            ) : (
              <span className="muted">Unknown</span>
            )}
          </dd>
        </div>
        <div className="facts__row">
          <dt>Uploaded at</dt>
          <dd>
            <DateText iso={media.createdAt} withTime />{' '}
            <span className="muted mono-small">({media.createdAt})</span>
          </dd>
        </div>
      </dl>
      <p>
        <a className="button button--secondary" href={downloadUrl(media.url)} download={media.originalName}>
          Download original
        </a>
      </p>
    </section>
  );
}
