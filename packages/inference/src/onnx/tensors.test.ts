import { describe, expect, it } from 'vitest';
import { toFloat16Bits } from './tensors.ts';

/** Decodes half-precision bits, written independently of the encoder (the spec's formula). */
function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

describe('toFloat16Bits', () => {
  it('encodes known values, ties to even, overflow and subnormals', () => {
    const cases: [number, number][] = [
      [1, 0x3c00],
      [-2, 0xc000],
      [0.1, 0x2e66],
      [65504, 0x7bff], // largest half
      [65520, 0x7c00], // halfway to the next: rounds to Infinity
      [1 + 2 ** -11, 0x3c00], // tie: to even
      [1 + 3 * 2 ** -11, 0x3c02], // tie: to even (up)
      [2 ** -14, 0x0400], // smallest normal
      [6e-8, 0x0001], // smallest subnormal (5.96e-8)
      [1e-8, 0x0000], // under half of it
      [-0, 0x8000],
      [Infinity, 0x7c00],
    ];
    expect(Array.from(toFloat16Bits(Float32Array.from(cases.map(([v]) => v))))).toEqual(
      cases.map(([, h]) => h),
    );
    expect(toFloat16Bits(Float32Array.of(NaN))[0]! & 0x7c00).toBe(0x7c00);
    expect(toFloat16Bits(Float32Array.of(NaN))[0]! & 0x3ff).not.toBe(0);
  });

  it('is the nearest half for every value it is given (a sweep across the range)', () => {
    const values = new Float32Array(20_000).map((_, i) => Math.sinh((i - 10_000) / 900) * 3);
    const halves = toFloat16Bits(values);
    values.forEach((v, i) => {
      const h = halves[i]!;
      const got = fromFloat16Bits(h);
      // Neither neighbour of the chosen half is closer to v.
      const up = fromFloat16Bits(h + 1);
      const down = fromFloat16Bits(h - 1);
      const err = Math.abs(got - v);
      if (Number.isFinite(got) && (h & 0x7fff) !== 0) {
        expect(err).toBeLessThanOrEqual(Math.abs(up - v));
        expect(err).toBeLessThanOrEqual(Math.abs(down - v));
      }
    });
  });
});
