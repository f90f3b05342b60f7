import Link from 'next/link';
import type { UploadOutcome } from '@/lib/upload';
import { mediaHref } from './EvidenceList';
import { ShortHash } from './ShortHash';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function summary(outcome: UploadOutcome): string {
  const accepted = outcome.media.filter((item) => !item.duplicate).length;
  const duplicates = outcome.media.length - accepted;
  const refused = outcome.errors.filter((error) => error.filename !== null).length;
  const parts: string[] = [];
  if (accepted > 0) parts.push(`${plural(accepted, 'file', 'files')} accepted`);
  if (duplicates > 0) parts.push(`${duplicates} already in this case`);
  if (refused > 0) parts.push(`${refused} refused`);
  return parts.length > 0 ? `${parts.join(', ')}.` : 'Nothing was uploaded.';
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
            className={item.duplicate ? 'upload-result upload-result--duplicate' : 'upload-result upload-result--ok'}
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
            {error.filename ? <span className="upload-result__name">{error.filename}</span> : null}
            <span className="upload-result__outcome">refused</span>
            <p className="alert alert--error upload-result__message" role="alert">
              {error.message}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
