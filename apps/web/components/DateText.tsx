import { formatDate, formatDateTime } from '@/lib/format';

/** A <time> element showing an ISO-8601 timestamp as a readable date. */
export function DateText({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {withTime ? formatDateTime(iso) : formatDate(iso)}
    </time>
  );
}
