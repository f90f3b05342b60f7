import { VERDICT_LABELS, label } from '@/lib/format';
import { graphql, useFragment, type FragmentType } from '@/lib/gql';
import { DateText } from './DateText';
import { VerdictHistory } from './VerdictHistory';

/** A verdict as the banner and the history show it (MEDIA_QUERY, GIVE_VERDICT_MUTATION). */
export const VerdictBannerVerdictFragment = graphql(`
  fragment VerdictBanner_Verdict on Verdict {
    id
    value
    createdAt
    rationale
    analysisIds
    supersedesId
    givenBy {
      id
      displayName
    }
  }
`);

/** The current verdict first, as TrueMedia-style result pages do, then every earlier one. */
export function VerdictBanner({
  verdicts,
}: {
  verdicts: FragmentType<typeof VerdictBannerVerdictFragment>[];
}) {
  const [current, ...earlier] = useFragment(VerdictBannerVerdictFragment, verdicts);
  if (!current) {
    return (
      <section
        className="verdict-banner verdict-banner--none"
        aria-label="Verdict"
        data-testid="verdict-banner"
      >
        <p className="verdict-banner__value">No verdict yet</p>
        <p className="verdict-banner__text">No investigator has recorded a finding on this item.</p>
      </section>
    );
  }
  return (
    <section
      className={`verdict-banner verdict-banner--${current.value.toLowerCase()}`}
      aria-label="Verdict"
      data-testid="verdict-banner"
    >
      <p className="verdict-banner__kicker">Current verdict</p>
      <p className="verdict-banner__value" data-testid="verdict-value">
        {label(VERDICT_LABELS, current.value)}
      </p>
      <p className="verdict-banner__rationale">{current.rationale}</p>
      <p className="verdict-banner__text">
        Given by {current.givenBy?.displayName ?? 'a former user'} on{' '}
        <DateText iso={current.createdAt} withTime />
        {current.analysisIds.length > 0
          ? ` · relied on ${current.analysisIds.length === 1 ? '1 analysis' : `${current.analysisIds.length} analyses`}`
          : ' · relied on no recorded analysis'}
      </p>
      {earlier.length > 0 ? <VerdictHistory verdicts={earlier} /> : null}
    </section>
  );
}
