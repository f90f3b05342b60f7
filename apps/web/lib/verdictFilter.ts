/** The evidence list's verdict filter. */
import type { MediaSummary, VerdictValue } from './types';

/** ALL shows everything; NONE shows items nobody has given a verdict on yet. */
export type VerdictFilter = 'ALL' | 'NONE' | VerdictValue;

export const VERDICT_FILTERS: readonly VerdictFilter[] = [
  'ALL',
  'NONE',
  'MANIPULATED',
  'INCONCLUSIVE',
  'AUTHENTIC',
];

export const VERDICT_FILTER_LABELS: Record<VerdictFilter, string> = {
  ALL: 'All verdicts',
  NONE: 'No verdict yet',
  MANIPULATED: 'Manipulated',
  INCONCLUSIVE: 'Inconclusive',
  AUTHENTIC: 'Authentic',
};

export function isVerdictFilter(value: string): value is VerdictFilter {
  return (VERDICT_FILTERS as readonly string[]).includes(value);
}

export function matchesVerdict(item: Pick<MediaSummary, 'verdict'>, filter: VerdictFilter): boolean {
  if (filter === 'ALL') return true;
  if (filter === 'NONE') return item.verdict === null;
  return item.verdict?.value === filter;
}
