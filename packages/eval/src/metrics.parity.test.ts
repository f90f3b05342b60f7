import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accuracy,
  auroc,
  averagePrecision,
  brierScore,
  equalErrorRate,
  expectedCalibrationError,
  operatingPoints,
  sortSet,
  tprAtFpr,
} from './metrics.ts';
import { seededRandom } from './summary.ts';

/**
 * Every metric on fixed score vectors, compared with scikit-learn (reference_metrics.py, run by
 * Debian's python3 with python3-sklearn) to 1e-9.
 */

const PYTHON = '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  name: string;
  scores: number[];
  labels: number[];
  weights: number[] | null;
  threshold: number;
  probabilistic: boolean;
}

function randomCase(
  name: string,
  n: number,
  seed: number,
  opts: { ties?: number; weights?: 'counts' | 'real' } = {},
): Case {
  const random = seededRandom(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = random() < 0.4 ? 1 : 0;
    // Overlapping classes: fakes score higher on average.
    let s = Math.min(1, Math.max(0, 0.35 + 0.25 * y + 0.3 * (random() - 0.5) + 0.2 * (random() - 0.5)));
    if (opts.ties) s = Math.round(s * opts.ties) / opts.ties;
    labels.push(y);
    scores.push(s);
  }
  let weights: number[] | null = null;
  if (opts.weights === 'counts') weights = labels.map(() => Math.floor(random() * 4));
  if (opts.weights === 'real') weights = labels.map(() => 0.1 + random() * 2);
  return { name, scores, labels, weights, threshold: 0.5, probabilistic: true };
}

const cases: Case[] = [
  randomCase('random, no ties', 300, 11),
  randomCase('random, many ties (scores on a 0.05 grid, including bin edges)', 500, 12, { ties: 20 }),
  randomCase('random, heavy ties (0.1 grid = every ECE edge)', 200, 13, { ties: 10 }),
  randomCase('bootstrap-like integer weights with zeros', 250, 14, { weights: 'counts' }),
  randomCase('real weights with ties', 250, 15, { ties: 20, weights: 'real' }),
  randomCase('small', 12, 16),
  {
    name: 'perfect separation',
    scores: [0.9, 0.8, 0.7, 0.3, 0.2, 0.1],
    labels: [1, 1, 1, 0, 0, 0],
    weights: null,
    threshold: 0.5,
    probabilistic: true,
  },
  {
    name: 'inverted',
    scores: [0.9, 0.8, 0.7, 0.3, 0.2, 0.1],
    labels: [0, 0, 0, 1, 1, 1],
    weights: null,
    threshold: 0.5,
    probabilistic: true,
  },
  {
    name: 'all scores equal',
    scores: [0.5, 0.5, 0.5, 0.5, 0.5],
    labels: [1, 0, 1, 0, 0],
    weights: null,
    threshold: 0.5,
    probabilistic: true,
  },
  {
    name: 'unbounded scores (not probabilities), threshold 3',
    scores: [12, -3, 4.5, 3, 3, 0, 7.25, -1e3, 2.9999, 1e6],
    labels: [1, 0, 1, 0, 1, 0, 1, 0, 0, 1],
    weights: null,
    threshold: 3,
    probabilistic: false,
  },
];

let reference: Record<string, number>[];

beforeAll(() => {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `The metric parity test needs ${PYTHON} with scikit-learn: apt-get install python3-sklearn\n` +
        `(${probe.error?.message ?? probe.stderr.trim()})`,
    );
  }
  const run = spawnSync(PYTHON, [join(here, 'reference_metrics.py')], {
    input: JSON.stringify({ cases }),
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (run.status !== 0) throw new Error(`reference_metrics.py failed: ${run.stderr}`);
  reference = JSON.parse(run.stdout) as Record<string, number>[];
  // Two Python starts that import scikit-learn: about 2.5 s on an idle machine, and past vitest's
  // 10 s hook limit once in CI, with the unit tier running beside the browser tests.
}, 120_000);

describe('metrics agree with scikit-learn to 1e-9', () => {
  cases.forEach((c, i) => {
    it(c.name, () => {
      const ref = reference[i]!;
      const sorted = sortSet({ scores: c.scores, labels: c.labels, weights: c.weights ?? undefined });
      const p = operatingPoints(sorted);
      const ours: Record<string, number> = {
        auroc: auroc(p),
        ap: averagePrecision(p),
        eer: equalErrorRate(p),
        tprAtFpr1: tprAtFpr(p, 0.01).tpr,
        tprAtFpr5: tprAtFpr(p, 0.05).tpr,
        accuracy: accuracy(sorted, c.threshold),
      };
      if (c.probabilistic) {
        ours.brier = brierScore(sorted);
        if (!c.weights) ours.ece = expectedCalibrationError(sorted);
      }
      expect(Object.keys(ours).sort()).toEqual(Object.keys(ref).sort());
      for (const [name, value] of Object.entries(ref)) {
        expect(
          Math.abs(ours[name]! - value),
          `${name}: ours ${ours[name]} vs sklearn ${value}`,
        ).toBeLessThanOrEqual(1e-9);
      }
    });
  });
});
