import { VERDICT_LABELS, label } from '@/lib/format';
import type { Verdict } from '@/lib/types';
import { DateText } from './DateText';

/** Superseded verdicts, newest first: kept, never overwritten. */
export function VerdictHistory({ verdicts }: { verdicts: Verdict[] }) {
  return (
    <details className="details verdict-history">
      <summary>
        Earlier verdicts <span className="count">{verdicts.length}</span>
      </summary>
      <ol className="verdict-history__list" aria-label="Earlier verdicts">
        {verdicts.map((verdict) => (
          <li key={verdict.id} className="verdict-history__item" data-testid="verdict-history-item">
            <span className="verdict-history__value">{label(VERDICT_LABELS, verdict.value)}</span>
            <span className="muted">
              {' '}
              by {verdict.givenBy?.displayName ?? 'a former user'},{' '}
              <DateText iso={verdict.createdAt} withTime />
            </span>
            <p className="verdict-history__rationale">{verdict.rationale}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
