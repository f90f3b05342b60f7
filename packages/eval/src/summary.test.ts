import { describe, expect, it } from 'vitest';
import { EvalInputError } from './errors.ts';
import { evaluateSignal, percentile, seededRandom } from './summary.ts';

function overlapping(n: number, seed: number, gap: number) {
  const random = seededRandom(seed);
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const scores = labels.map((y) => Math.min(1, Math.max(0, 0.5 + gap * (y - 0.5) + 0.3 * (random() - 0.5))));
  return { scores, labels };
}

describe('evaluateSignal', () => {
  it('brackets each point estimate with a 95 % interval that narrows as the set grows', () => {
    const small = evaluateSignal(overlapping(40, 1, 0.2), {
      threshold: 0.5,
      probabilistic: true,
      resamples: 400,
    });
    const large = evaluateSignal(overlapping(1000, 1, 0.2), {
      threshold: 0.5,
      probabilistic: true,
      resamples: 400,
    });
    for (const m of [small, large]) {
      for (const e of [m.auroc, m.ap, m.eer, m.accuracy!, m.brier!]) {
        expect(e.ci95![0]).toBeLessThanOrEqual(e.value + 1e-12);
        expect(e.ci95![1]).toBeGreaterThanOrEqual(e.value - 1e-12);
      }
    }
    const width = (e: { ci95: [number, number] | null }) => e.ci95![1] - e.ci95![0];
    expect(width(large.auroc)).toBeLessThan(width(small.auroc) / 2);
    expect(large.auroc.value).toBeGreaterThan(0.7);
  });

  it('is reproducible for a seed and changes with it', () => {
    const set = overlapping(100, 3, 0.2);
    const a = evaluateSignal(set, { threshold: null, probabilistic: false, resamples: 200, seed: 7 });
    const b = evaluateSignal(set, { threshold: null, probabilistic: false, resamples: 200, seed: 7 });
    const c = evaluateSignal(set, { threshold: null, probabilistic: false, resamples: 200, seed: 8 });
    expect(a).toEqual(b);
    expect(c.auroc.ci95).not.toEqual(a.auroc.ci95);
    expect(a.accuracy).toBeNull();
    expect(a.brier).toBeNull();
    expect(a.notes).toHaveLength(2);
  });

  it.each([
    ['one class only', { scores: [0.1, 0.2], labels: [1, 1] }, /both classes/],
    ['a label that is not 0/1', { scores: [0.1, 0.2], labels: [1, 2] }, /label 1 must be 0/],
    ['a NaN score', { scores: [Number.NaN, 0.2], labels: [1, 0] }, /not a finite number/],
    ['lengths differ', { scores: [0.1, 0.2, 0.3], labels: [1, 0] }, /3 values but labels has 2/],
  ])('refuses %s with a clear error', (_name, set, message) => {
    expect(() => evaluateSignal(set, { threshold: 0.5, probabilistic: true })).toThrow(EvalInputError);
    expect(() => evaluateSignal(set, { threshold: 0.5, probabilistic: true })).toThrow(message);
  });

  it('refuses Brier/ECE on scores outside [0, 1]', () => {
    expect(() =>
      evaluateSignal(
        { scores: [2, 0.1], labels: [1, 0] },
        { threshold: 0.5, probabilistic: true, resamples: 0 },
      ),
    ).toThrow(/probabilities in \[0, 1\]/);
  });
});

describe('percentile', () => {
  it('interpolates linearly like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 2.5)).toBeCloseTo(1.1, 12);
    expect(percentile([7], 97.5)).toBe(7);
  });
});
