import { shortHash } from '@/lib/format';

/** The first 12 hex digits and "…"; the full hash in the title attribute. */
export function ShortHash({ hash }: { hash: string }) {
  return (
    <code className="hash hash--short" title={hash}>
      {shortHash(hash)}
    </code>
  );
}
