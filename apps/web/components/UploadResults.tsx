import Link from 'next/link';
import type { UploadOutcome } from '@/lib/upload';
import { mediaHref } from './EvidenceList';
import { ShortHash } from './ShortHash';

/** Counts only; worded unlike the per-file labels so each label appears once per file. */
function summary(outcome: UploadOutcome): string {
  const added = outcome.media.filter((item) => !item.duplicate).length;
  const duplicates = outcome.media.length - added;
  const refused = outcome.errors.filter((error) => error.filename !== null).length;
  const parts: string[] = [];
  if (added > 0) parts.push(`${added} new`);
  if (duplicates > 0) parts.push(`${duplicates} ${duplicates === 1 ? 'duplicate' : 'duplicates'}`);
  if (refused > 0) parts.push(`${refused} rejected`);
  return parts.length > 0 ? `Upload complete: ${parts.join(', ')}.` : 'Nothing was uploaded.';
}

/** Per-file outcome of one upload: accepted, already in this case, or refused with the API's reason. */
export function UploadResults({ caseId, outcome }: { caseId: string; outcome: UploadOutcome }) {
  return (
    <div className="upload-results">
      <p className="upload-results__summary" role="status">
        {summary(outcome)}
      </p>
      <ul className="upload-results__list" aria-label="Upload results">
        {outcome.media.map((item) => (
          <li
            key={`ok-${item.id}-${item.filename}`}
            className={
              item.duplicate ? 'upload-result upload-result--duplicate' : 'upload-result upload-result--ok'
            }
            data-testid="upload-result"
          >
            <Link href={mediaHref(caseId, item.id)} className="upload-result__name">
              {item.filename || 'File'}
            </Link>
            <span className="upload-result__outcome">
              {item.duplicate ? 'already in this case' : 'accepted'}
            </span>
            {item.sha256 ? <ShortHash hash={item.sha256} /> : null}
          </li>
        ))}
        {outcome.errors.map((error, index) => (
          <li
            key={`error-${index}-${error.filename ?? ''}`}
            className="upload-result upload-result--refused"
            data-testid="upload-result"
          >
            {error.filename ? (
              <>
                <span className="upload-result__name">{error.filename}</span>
                <span className="upload-result__outcome">refused</span>
              </>
            ) : null}
            <p className="alert alert--error upload-result__message" role="alert">
              {error.message}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
