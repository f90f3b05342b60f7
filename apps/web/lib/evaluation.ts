/**
 * A stored `loupe eval` run as the API returns it (metrics.json and the plots' Vega-Lite specs;
 * docs/evaluation.md defines every number), and how the web app formats it.
 */

export interface Estimate {
  value: number;
  ci95: [number, number] | null;
}

export interface SignalMetrics {
  n: number;
  fakes: number;
  reals: number;
  auroc: Estimate;
  ap: Estimate;
  eer: Estimate;
  tprAtFpr1: Estimate;
  tprAtFpr5: Estimate;
  accuracy: Estimate | null;
  fprAtThreshold?: Estimate | null;
  brier: Estimate | null;
  ece: Estimate | null;
}

export interface SignalReport {
  definition: string;
  threshold: number | null;
  probabilistic: boolean;
  overall: SignalMetrics | null;
  families: Record<string, SignalMetrics>;
  notes: string[];
}

export type MetricsReport = Record<string, SignalReport>;

export interface EvaluationMetrics {
  run?: { warnings?: string[] };
  levels?: Record<string, string>;
  signals: MetricsReport;
  videoLevel?: MetricsReport;
  frameLevel?: MetricsReport;
}

export interface EvaluationRun {
  id: string;
  modelId: string | null;
  modelVersion: string | null;
  modelSha256: string | null;
  modelIsTestFixture: boolean;
  datasetName: string;
  datasetLayout: string;
  datasetFingerprint: string;
  items: number;
  failed: number;
  resamples: number;
  createdAt: string;
  summary: string | null;
  metrics: EvaluationMetrics;
  plots: Record<string, unknown>;
}

export const EVALUATION_QUERY = `query Evaluation($id: ID!) {
  evaluation(id: $id) {
    id modelId modelVersion modelSha256 modelIsTestFixture datasetName datasetLayout datasetFingerprint
    items failed resamples createdAt summary metrics plots
  }
}`;

/** The metrics blocks of a run, in the order shown, with what one row of each stands for. */
export function metricLevels(m: EvaluationMetrics): { key: string; title: string; report: MetricsReport }[] {
  const unit: Record<string, string> = {
    image: 'one score per image',
    frame: 'one score per frame',
    video: 'one score per video',
    mixed: 'one score per listed file (image or video)',
  };
  const first = m.levels?.signals;
  const out = [
    {
      key: 'signals',
      title: `Per item${first && unit[first] ? ` (${unit[first]})` : ''}`,
      report: m.signals,
    },
  ];
  if (m.videoLevel)
    out.push({
      key: 'videoLevel',
      title: 'Video level (one score per video or face sequence: the mean of its frames)',
      report: m.videoLevel,
    });
  if (m.frameLevel)
    out.push({
      key: 'frameLevel',
      title: 'Frame level (one score per sampled frame of each video)',
      report: m.frameLevel,
    });
  return out;
}

const f3 = (v: number) => v.toFixed(3);

/** '0.912 [0.880–0.940]', '0.912' without an interval, '—' when not computed. */
export function formatEstimate(e: Estimate | null | undefined): string {
  if (!e) return '—';
  return e.ci95 ? `${f3(e.value)} [${f3(e.ci95[0])}–${f3(e.ci95[1])}]` : f3(e.value);
}

/** The plots a run may store, in the order shown, with their accessible names. */
export const PLOTS: { name: string; label: string }[] = [
  { name: 'roc', label: 'ROC curve of every signal' },
  { name: 'pr', label: 'Precision–recall curve of every signal' },
  { name: 'reliability', label: 'Reliability diagram of the detector' },
  { name: 'histograms', label: 'Score histograms per class, one panel per signal' },
];
