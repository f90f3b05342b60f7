/**
 * The line that qualifies a detector score with a stored evaluation run, shared by the API, the
 * web app (through the API) and the PDF report, so all three say the same thing.
 */

interface Est {
  value: number;
  ci95: [number, number] | null;
}

export interface DetectorOverall {
  n: number;
  fakes: number;
  reals: number;
  auroc: Est;
  fprAtThreshold?: Est | null;
  threshold: number | null;
}

/** The detector's overall metrics of a stored run (its metrics.json), or null (no detector, or one class only). */
export function detectorOverall(metrics: unknown): DetectorOverall | null {
  const m = metrics as { signals?: { detector?: { overall?: DetectorOverall | null } } } | null;
  return m?.signals?.detector?.overall ?? null;
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const f3 = (v: number) => v.toFixed(3);
const range = (e: Est, f: (v: number) => string) => (e.ci95 ? ` [${f(e.ci95[0])}–${f(e.ci95[1])}]` : '');

/**
 * 'on <set>: AUROC 0.910 [0.880–0.940], FPR 3.0 % [1.0 %–6.0 %] at threshold 0.5 (96 items: 60
 * fake, 36 real)'; null when the run has no detector metrics.
 */
export function evaluationSummary(e: {
  metrics: unknown;
  datasetName: string;
  modelIsTestFixture: boolean;
}): string | null {
  const d = detectorOverall(e.metrics);
  if (!d) return null;
  const fpr = d.fprAtThreshold
    ? `, FPR ${pct(d.fprAtThreshold.value)}${range(d.fprAtThreshold, pct)} at threshold ${d.threshold}`
    : '';
  return (
    `on ${e.datasetName}: AUROC ${f3(d.auroc.value)}${range(d.auroc, f3)}${fpr} (${d.n} items: ${d.fakes} fake, ${d.reals} real)` +
    (e.modelIsTestFixture ? ' — TEST FIXTURE, not evidence' : '')
  );
}

/** Among runs of one model (newest first), the one that qualifies its scores: the first with detector metrics. */
export function qualifyingRun<T extends { metrics: unknown }>(runsNewestFirst: T[]): T | null {
  return runsNewestFirst.find((r) => detectorOverall(r.metrics) !== null) ?? null;
}
