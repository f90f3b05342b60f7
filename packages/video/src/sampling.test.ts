import { describe, expect, it } from 'vitest';
import { parseSampling, requestedFrames, samplingPlan, samplingProblem } from './sampling.ts';

describe('video sampling requests', () => {
  it('plans n uniform frames or a dense timeline, never past the cap', () => {
    expect(samplingPlan(10, { frames: 4 }, 600).timestamps).toEqual([1.25, 3.75, 6.25, 8.75]);
    const dense = samplingPlan(6, { fps: 2 }, 600);
    expect(dense.timestamps).toHaveLength(12);
    expect(dense.timestamps[0]).toBeCloseTo(0.25);
    expect(dense.rule).toMatch(/dense, 2 fps/);
    expect(samplingPlan(3600, { fps: 2 }, 600).timestamps).toHaveLength(600);
    expect(samplingPlan(10, { frames: 5000 }, 600).timestamps).toHaveLength(600);
    expect(requestedFrames(0.2, { fps: 1 })).toBe(1);
  });

  it.each([
    [{ frames: 0 }, /from 1 to 600/],
    [{ frames: 2.5 }, /whole number/],
    [{ frames: 601 }, /from 1 to 600/],
    [{ fps: 0 }, /above 0/],
    [{ fps: Number.NaN }, /above 0/],
    [{ fps: 31 }, /at most 30/],
    [{ fps: 2 }, /2 fps over 400.0 s is 800 frames; at most 600/],
  ])('refuses %o', (s, message) => {
    expect(samplingProblem(s, 400, 600)).toMatch(message);
  });

  it('accepts what it can run and reads back what was stored', () => {
    expect(samplingProblem({ fps: 2 }, 300, 600)).toBeNull();
    expect(samplingProblem({ frames: 600 }, 300, 600)).toBeNull();
    expect(parseSampling({ fps: 2 })).toEqual({ fps: 2 });
    expect(parseSampling({ frames: 64 })).toEqual({ frames: 64 });
    expect(parseSampling(null)).toBeNull();
    expect(parseSampling('2fps')).toBeNull();
  });
});
