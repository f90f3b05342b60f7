import { formatByteCount, formatBytes } from '@/lib/format';

/** "2.4 MiB", with the exact byte count in the title attribute. */
export function FileSize({ bytes }: { bytes: number }) {
  return <span title={formatByteCount(bytes)}>{formatBytes(bytes)}</span>;
}
