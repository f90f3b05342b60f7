import { describe, expect, it } from 'vitest';
import { faceCropBox, largestFace } from './index.ts';
import type { DetectedFace, FaceBox } from './index.ts';

const img = { width: 1000, height: 800 };

describe('faceCropBox', () => {
  it('scales a square face by 1.3 around its centre', () => {
    expect(faceCropBox({ x: 400, y: 300, width: 100, height: 100 }, img)).toEqual({
      x: 385,
      y: 285,
      width: 130,
      height: 130,
    });
  });

  it('makes a non-square face square on its longer side', () => {
    // side = 120 * 1.3 = 156; centre (240, 360)
    expect(faceCropBox({ x: 200, y: 300, width: 80, height: 120 }, img)).toEqual({
      x: 162,
      y: 282,
      width: 156,
      height: 156,
    });
    // wide box: side = 200 * 1.3 = 260; centre (500, 400)
    expect(faceCropBox({ x: 400, y: 350, width: 200, height: 100 }, img)).toEqual({
      x: 370,
      y: 270,
      width: 260,
      height: 260,
    });
  });

  it('honours the scale argument and rounds to integers', () => {
    expect(faceCropBox({ x: 400, y: 300, width: 100, height: 100 }, img, 1)).toEqual({
      x: 400,
      y: 300,
      width: 100,
      height: 100,
    });
    expect(faceCropBox({ x: 400, y: 300, width: 100, height: 100 }, img, 2)).toEqual({
      x: 350,
      y: 250,
      width: 200,
      height: 200,
    });
    const c = faceCropBox({ x: 10.4, y: 20.7, width: 33.3, height: 41.9 }, img);
    for (const v of Object.values(c)) expect(Number.isInteger(v)).toBe(true);
    expect(c.width).toBe(Math.round(41.9 * 1.3));
  });

  it('shifts the square inside at the left/top edge without shrinking it', () => {
    expect(faceCropBox({ x: 0, y: 0, width: 100, height: 100 }, img)).toEqual({
      x: 0,
      y: 0,
      width: 130,
      height: 130,
    });
    expect(faceCropBox({ x: -20, y: 300, width: 100, height: 100 }, img)).toEqual({
      x: 0,
      y: 285,
      width: 130,
      height: 130,
    });
  });

  it('shifts the square inside at the right/bottom corner without shrinking it', () => {
    expect(faceCropBox({ x: 950, y: 750, width: 50, height: 50 }, img)).toEqual({
      x: 935,
      y: 735,
      width: 65,
      height: 65,
    });
    expect(faceCropBox({ x: 900, y: 0, width: 100, height: 100 }, img)).toEqual({
      x: 870,
      y: 0,
      width: 130,
      height: 130,
    });
  });

  it('shrinks to the short image side only when the square cannot fit', () => {
    // 700 * 1.3 = 910 > 800: side 800, centred on x = 500, full height
    expect(faceCropBox({ x: 150, y: 100, width: 700, height: 600 }, img)).toEqual({
      x: 100,
      y: 0,
      width: 800,
      height: 800,
    });
    // box larger than the whole image
    expect(faceCropBox({ x: -100, y: -100, width: 1200, height: 1000 }, img)).toEqual({
      x: 100,
      y: 0,
      width: 800,
      height: 800,
    });
    // 600 * 1.3 = 780 fits in 800: shifted into the corner, not shrunk
    expect(faceCropBox({ x: 0, y: 0, width: 600, height: 600 }, img)).toEqual({
      x: 0,
      y: 0,
      width: 780,
      height: 780,
    });
  });

  it('always returns an integer square inside the image', () => {
    let seed = 42; // deterministic LCG so a failure is reproducible
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 500; i++) {
      const image = { width: 1 + Math.floor(rnd() * 2000), height: 1 + Math.floor(rnd() * 2000) };
      const face: FaceBox = {
        x: rnd() * image.width * 1.2 - 0.1 * image.width,
        y: rnd() * image.height * 1.2 - 0.1 * image.height,
        width: rnd() * image.width,
        height: rnd() * image.height,
      };
      const scale = 0.5 + rnd() * 2;
      const c = faceCropBox(face, image, scale);
      expect(c.width).toBe(c.height);
      for (const v of Object.values(c)) expect(Number.isInteger(v)).toBe(true);
      expect(c.x).toBeGreaterThanOrEqual(0);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.x + c.width).toBeLessThanOrEqual(image.width);
      expect(c.y + c.height).toBeLessThanOrEqual(image.height);
      const wanted = Math.max(1, Math.round(Math.max(face.width, face.height) * scale));
      expect(c.width).toBe(Math.min(wanted, image.width, image.height));
    }
  });

  it('rejects invalid scale and image sizes', () => {
    const f = { x: 0, y: 0, width: 10, height: 10 };
    expect(() => faceCropBox(f, img, 0)).toThrow(RangeError);
    expect(() => faceCropBox(f, img, Number.NaN)).toThrow(RangeError);
    expect(() => faceCropBox(f, { width: 0, height: 10 })).toThrow(RangeError);
  });
});

describe('largestFace', () => {
  const face = (width: number, height: number, score = 0.9): DetectedFace => ({
    box: { x: 0, y: 0, width, height },
    score,
  });

  it('returns null for no faces', () => {
    expect(largestFace([])).toBeNull();
  });

  it('picks by area, not by score or order', () => {
    const big = face(50, 60, 0.6);
    expect(largestFace([face(40, 40, 0.99), big, face(59, 50)])).toBe(big);
  });

  it('keeps the first of equal areas', () => {
    const first = face(20, 30);
    expect(largestFace([first, face(30, 20), face(10, 10)])).toBe(first);
  });
});
