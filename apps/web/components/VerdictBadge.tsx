import { VERDICT_LABELS, label } from '@/lib/format';
import type { VerdictValue } from '@/lib/types';

/** An investigator's verdict as a coloured chip; "No verdict" when none has been given. */
export function VerdictBadge({ value }: { value: VerdictValue | null | undefined }) {
  if (!value) {
    return (
      <span className="badge badge--verdict-none" data-testid="verdict-badge">
        No verdict
      </span>
    );
  }
  return (
    <span className={`badge badge--verdict-${value.toLowerCase()}`} data-testid="verdict-badge">
      {label(VERDICT_LABELS, value)}
    </span>
  );
}
