import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { noiseResidual } from './noise.ts';
import { insideOutsideMeans, paste, rawToSharp, sceneRgb } from './testing/scene.ts';

const W = 512;
const H = 384;
const REGION = { left: 192, top: 128, width: 128, height: 128 };

describe('noiseResidual', () => {
  // Same scene, same texture: only the sensor-like noise inside REGION differs.
  it.each([
    ['noise-free (smoothed or synthetic) region', 0],
    ['much noisier region', 12],
  ])('is brighter over a %s', async (_name, regionNoise) => {
    const image = paste(sceneRgb(W, H, 11, 3), sceneRgb(W, H, 11, regionNoise), W, REGION);
    const map = await noiseResidual(await rawToSharp(image, W, H).png().toBuffer());
    const [inside, outside] = await insideOutsideMeans(map.png, REGION);
    expect(inside).toBeGreaterThan(3 * outside);
    expect(map.params.referenceSigma).toBeGreaterThan(1);
  });

  it('stays dark over a region with the same noise level', async () => {
    const image = paste(sceneRgb(W, H, 11, 3), sceneRgb(W, H, 12, 3), W, REGION);
    const map = await noiseResidual(await rawToSharp(image, W, H).png().toBuffer());
    const [inside, outside] = await insideOutsideMeans(map.png, REGION);
    expect(inside).toBeLessThan(2 * outside + 10);
  });

  it('produces a grey map and overlay of the image size, scaled down past maxLongSide', async () => {
    const png = await rawToSharp(sceneRgb(300, 200, 2), 300, 200)
      .png()
      .toBuffer();
    const full = await noiseResidual(png);
    expect([full.width, full.height]).toEqual([300, 200]);
    const small = await noiseResidual(png, { maxLongSide: 150 });
    expect([small.width, small.height]).toEqual([150, 100]);
    expect(await sharp(small.overlayPng!).metadata()).toMatchObject({ width: 150, height: 100, channels: 3 });
    expect(small.kind).toBe('NOISE');
    expect(String(small.params.method)).toMatch(/Haar/);
  });
});
