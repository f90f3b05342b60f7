import { graphql, useFragment, type FragmentType } from '@/lib/gql';

/** One forensic map's statistics and parameters, as the API reads them from the analysis. */
export const MapStatsLineMapFragment = graphql(`
  fragment MapStatsLine_Map on MapSignals {
    stats {
      mean
      p99
      max
    }
    parameters {
      name
      value
    }
  }
`);

function stat(value: number | null): string {
  return value === null ? '—' : String(Number(value.toPrecision(4)));
}

/** Summary statistics and parameters of one forensic map, as the worker recorded them. */
export function MapStatsLine({ signals }: { signals: FragmentType<typeof MapStatsLineMapFragment> }) {
  const { stats, parameters } = useFragment(MapStatsLineMapFragment, signals);
  const params = parameters.length > 0 ? parameters : null;
  if (!stats && !params) return null;
  return (
    <p className="field__hint" data-testid="heatmap-stats">
      {stats
        ? `Map statistics: mean ${stat(stats.mean)} · p99 ${stat(stats.p99)} · max ${stat(stats.max)}.`
        : null}
      {stats && params ? ' ' : null}
      {params ? (
        <>
          Parameters:{' '}
          <code className="hash" data-testid="map-params">
            {params.map(({ name, value }) => `${name}=${value}`).join(', ')}
          </code>
        </>
      ) : null}
    </p>
  );
}
