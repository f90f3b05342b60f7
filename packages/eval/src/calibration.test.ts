import { describe, expect, it } from 'vitest';
import { calibratedProbability, fitTemperature, logitFromProbability, nll } from './calibration.ts';
import { seededRandom } from './summary.ts';

describe('fitTemperature', () => {
  it('recovers the temperature of labels drawn from σ(z / 2.5)', () => {
    const random = seededRandom(5);
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const z = (random() - 0.5) * 16;
      logits.push(z);
      labels.push(random() < calibratedProbability(z, 2.5) ? 1 : 0);
    }
    const fit = fitTemperature(logits, labels);
    expect(fit.temperature).toBeGreaterThan(2.3);
    expect(fit.temperature).toBeLessThan(2.7);
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
    // A minimum: both neighbours are worse.
    expect(nll(logits, labels, fit.temperature * 1.05)).toBeGreaterThan(fit.nllAfter);
    expect(nll(logits, labels, fit.temperature / 1.05)).toBeGreaterThan(fit.nllAfter);
  });

  it('inverts p(fake) back to the logit difference', () => {
    expect(calibratedProbability(logitFromProbability(0.8, 1.7), 1.7)).toBeCloseTo(0.8, 12);
    expect(Number.isFinite(logitFromProbability(1, 1))).toBe(true);
  });

  it('refuses one class only', () => {
    expect(() => fitTemperature([1, 2], [1, 1])).toThrow(/both classes/);
  });
});
