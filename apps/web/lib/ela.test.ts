import { describe, expect, it } from 'vitest';
import { errorLevels } from './ela';

const rgba = (...values: number[]) => Uint8ClampedArray.from(values);

describe('errorLevels (browser ELA pixel math)', () => {
  it('is black and opaque where the re-encoding changed nothing', () => {
    const same = rgba(10, 20, 30, 0, 200, 100, 50, 255);
    const out = errorLevels(same, same.slice(), 20);
    expect(Array.from(out.pixels)).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    expect(out).toMatchObject({ mean: 0, max: 0 });
  });

  it('takes the absolute difference per channel, ignores alpha, and amplifies it by the scale', () => {
    const original = rgba(10, 20, 30, 255, 100, 100, 100, 7);
    const recompressed = rgba(13, 18, 30, 0, 90, 101, 100, 255);
    const out = errorLevels(original, recompressed, 5);
    expect(Array.from(out.pixels)).toEqual([15, 10, 0, 255, 50, 5, 0, 255]);
    expect(out.max).toBe(10);
    expect(out.mean).toBeCloseTo((3 + 2 + 0 + 10 + 1 + 0) / 6);
  });

  it('clamps amplified differences at 255 and rounds fractional scales', () => {
    const out = errorLevels(rgba(0, 0, 0, 255), rgba(40, 3, 1, 255), 10.5);
    expect(Array.from(out.pixels)).toEqual([255, 32, 10, 255]);
    expect(out.max).toBe(40);
  });

  it('gives a different picture at a different scale from the same differences', () => {
    const a = rgba(50, 60, 70, 255);
    const b = rgba(52, 61, 66, 255);
    expect(Array.from(errorLevels(a, b, 1).pixels)).toEqual([2, 1, 4, 255]);
    expect(Array.from(errorLevels(a, b, 30).pixels)).toEqual([60, 30, 120, 255]);
  });

  it.each([
    ['buffers of different sizes', rgba(1, 2, 3, 4), rgba(1, 2, 3, 4, 5, 6, 7, 8), 1],
    ['a buffer that is not RGBA', rgba(1, 2, 3), rgba(1, 2, 3), 1],
    ['a negative scale', rgba(1, 2, 3, 4), rgba(1, 2, 3, 4), -1],
    ['a scale that is not a number', rgba(1, 2, 3, 4), rgba(1, 2, 3, 4), Number.NaN],
  ])('refuses %s', (_what, a, b, scale) => {
    expect(() => errorLevels(a, b, scale)).toThrow(RangeError);
  });
});
