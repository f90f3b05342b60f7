import { describe, expect, it } from 'vitest';
import { uniformPositions } from './pipeline.ts';

describe('uniformPositions', () => {
  it('keeps every frame of a sequence no longer than the sample', () => {
    expect(uniformPositions(3, 32)).toEqual([0, 1, 2]);
    expect(uniformPositions(0, 32)).toEqual([]);
  });

  it('takes the centre of equal slices of a longer sequence, in order', () => {
    expect(uniformPositions(10, 4)).toEqual([1, 3, 6, 8]);
    const p = uniformPositions(1000, 32);
    expect(p).toHaveLength(32);
    expect(p[0]).toBe(15);
    expect(p.every((x, i) => i === 0 || x > p[i - 1]!)).toBe(true);
    expect(p[31]).toBeLessThan(1000);
  });
});
