/**
 * One scalar score per signal, taken from what the analysis pipeline returns, so the detector and
 * every classical signal are measured the same way. Higher = more likely fake. Definitions and
 * reasons: docs/evaluation.md, "Signals".
 */

/** The part of an analysis the scores are read from (a structural subset of the worker's PipelineResult). */
export interface AnalysisForScoring {
  detector: { installed: false } | { installed: true; pFake: number };
  forensics: {
    maps: { kind: string; stats: { mean: number }; params: Record<string, number | string> }[];
    jpeg: { doubleCompression: { score: number } | null };
    metadata: { contradictions: string[] };
  };
}

export const SIGNALS = ['detector', 'ela', 'noise', 'double_jpeg', 'metadata'] as const;
export type SignalName = (typeof SIGNALS)[number];

export interface SignalSpec {
  name: SignalName;
  /** What the score is, in one line (written into the summary). */
  definition: string;
  /** True when the score is a probability of "fake" (Brier and ECE apply). */
  probabilistic: boolean;
  /** The signal's own decision threshold, or null. The detector's comes from its manifest. */
  threshold: number | null;
}

export const SIGNAL_SPECS: Record<Exclude<SignalName, 'detector'>, SignalSpec> = {
  ela: {
    name: 'ela',
    definition:
      'peak-to-mean error level: the 99.5th percentile of ELA levels ÷ their mean (a region that re-compresses unlike the rest scores high)',
    probabilistic: false,
    threshold: null,
  },
  noise: {
    name: 'noise',
    definition:
      'mean of the noise-inconsistency map (per block 0: noise level at the image median, 1: 4× off); the 99th percentile saturates at 1 on most photos, so the mean is used',
    probabilistic: false,
    threshold: null,
  },
  double_jpeg: {
    name: 'double_jpeg',
    definition:
      'double-compression score of the DCT histograms (0 for files that are not JPEG); threshold 0.15 = "suspected"',
    probabilistic: false,
    threshold: 0.15,
  },
  metadata: {
    name: 'metadata',
    definition:
      'number of metadata contradictions (editor software, dates out of order, EXIF size ≠ image…); threshold 1',
    probabilistic: false,
    threshold: 1,
  },
};

/** The detector's spec for a given model threshold. */
export function detectorSpec(threshold: number): SignalSpec {
  return {
    name: 'detector',
    definition:
      'p(fake) of the installed detector (softmax of logits / temperature), primary face or whole image',
    probabilistic: true,
    threshold,
  };
}

/** Scores of one analysis; null where the signal produced nothing (no detector installed). */
export function scoreAnalysis(a: AnalysisForScoring): Record<SignalName, number | null> {
  const ela = a.forensics.maps.find((m) => m.kind === 'ELA');
  const noise = a.forensics.maps.find((m) => m.kind === 'NOISE');
  const p995 = Number(ela?.params.p995Levels);
  const mean = Number(ela?.params.meanLevels);
  return {
    detector: a.detector.installed ? a.detector.pFake : null,
    // +0.5 level keeps a flat, loss-free image (mean 0) finite.
    ela: ela && Number.isFinite(p995) && Number.isFinite(mean) ? p995 / (mean + 0.5) : null,
    noise: noise ? noise.stats.mean : null,
    double_jpeg: a.forensics.jpeg.doubleCompression?.score ?? 0,
    metadata: a.forensics.metadata.contradictions.length,
  };
}
