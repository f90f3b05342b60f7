import { describe, expect, it } from 'vitest';
import {
  inputToOriginal,
  OPENAI_CLIP_INPUT,
  originalToInput,
  planTransform,
  shortestEdgeSize,
} from './index.ts';

describe('geometry (transformers get_resize_output_image_size + center_crop)', () => {
  it('truncates the long side like int(224 * long / short)', () => {
    expect(shortestEdgeSize(1920, 1280, 224)).toEqual({ width: 336, height: 224 });
    expect(shortestEdgeSize(517, 931, 224)).toEqual({ width: 224, height: 403 }); // 403.37…
    expect(shortestEdgeSize(1201, 333, 224)).toEqual({ width: 807, height: 224 }); // 807.86…
    expect(shortestEdgeSize(300, 300, 224)).toEqual({ width: 224, height: 224 });
  });

  it('centre-crops with floor((size - 224) / 2) and records what the model saw (landscape)', () => {
    const t = planTransform({ width: 1920, height: 1280 }, OPENAI_CLIP_INPUT);
    expect(t.cropBox).toEqual({ left: 0, top: 0, width: 1920, height: 1280 });
    expect(t.centerCrop).toEqual({ left: 56, top: 0, size: 224 });
    expect(t.analysed.left).toBeCloseTo(320, 9);
    expect(t.analysed.width).toBeCloseTo(1280, 9);
    expect(t.analysed.height).toBeCloseTo(1280, 9);
  });

  it('portrait: odd margin rounds the top offset down', () => {
    const t = planTransform({ width: 517, height: 931 }, OPENAI_CLIP_INPUT);
    expect(t.resized).toEqual({ width: 224, height: 403 });
    expect(t.centerCrop).toEqual({ left: 0, top: 89, size: 224 });
    expect(t.analysed.top).toBeCloseTo((89 * 931) / 403, 9);
  });

  it('maps input pixel centres to the original and back', () => {
    const t = planTransform({ width: 1201, height: 333 }, OPENAI_CLIP_INPUT, {
      left: 500,
      top: 40,
      width: 90,
      height: 110,
    });
    for (const [u, v] of [
      [0, 0],
      [111, 57],
      [223, 223],
    ] as const) {
      const p = inputToOriginal(t, u, v);
      const back = originalToInput(t, p.x, p.y);
      expect(back.u).toBeCloseTo(u + 0.5, 9);
      expect(back.v).toBeCloseTo(v + 0.5, 9);
    }
  });
});

describe('crop requests', () => {
  it('are rounded to whole pixels and clipped, in either box shape', () => {
    const box = { left: 10.4, top: 20.6, width: 50, height: 30 };
    const t = planTransform({ width: 200, height: 200 }, OPENAI_CLIP_INPUT, box);
    expect(t.cropBox).toEqual({ left: 10, top: 21, width: 50, height: 30 });
    expect(t.requestedCrop).toEqual(box);
    const xy = planTransform({ width: 200, height: 200 }, OPENAI_CLIP_INPUT, {
      x: 150,
      y: 180,
      width: 80,
      height: 40,
    });
    expect(xy.cropBox).toEqual({ left: 150, top: 180, width: 50, height: 20 });
  });

  it('refuse a box entirely outside the image', () => {
    expect(() =>
      planTransform({ width: 200, height: 200 }, OPENAI_CLIP_INPUT, {
        left: 500,
        top: 0,
        width: 9,
        height: 9,
      }),
    ).toThrow(/outside/);
  });
});
