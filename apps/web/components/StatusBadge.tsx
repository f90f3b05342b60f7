import { CASE_STATUS_LABELS, label } from '@/lib/format';
import type { CaseStatus } from '@/lib/types';

export function StatusBadge({ status }: { status: CaseStatus }) {
  return (
    <span className={`badge badge--${status.toLowerCase().replace('_', '-')}`}>
      {label(CASE_STATUS_LABELS, status)}
    </span>
  );
}
