import { paramsText, type MapSignals } from '@/lib/forensics';

function stat(value: number | null): string {
  return value === null ? '—' : String(Number(value.toPrecision(4)));
}

/** Summary statistics and parameters of one forensic map, as the worker recorded them. */
export function MapStatsLine({ signals }: { signals: MapSignals }) {
  const { stats, params } = signals;
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
            {paramsText(params)}
          </code>
        </>
      ) : null}
    </p>
  );
}
