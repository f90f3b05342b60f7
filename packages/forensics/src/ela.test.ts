import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { errorLevelAnalysis } from './ela.ts';
import { insideOutsideMeans, paste, rawToSharp, sceneRgb } from './testing/scene.ts';

const W = 512;
const H = 384;
const REGION = { left: 192, top: 128, width: 128, height: 128 };

/** The scene saved at `background` quality, with REGION taken from the same scene saved at `region`. */
async function splice(background: number, region: number): Promise<Buffer> {
  const scene = sceneRgb(W, H, 11);
  const decoded = async (q: number) =>
    sharp(await rawToSharp(scene, W, H).jpeg({ quality: q }).toBuffer())
      .raw()
      .toBuffer();
  return paste(await decoded(background), await decoded(region), W, REGION);
}

describe('errorLevelAnalysis', () => {
  it('is brighter where a region from a higher-quality JPEG was pasted (lossless result)', async () => {
    const composite = await rawToSharp(await splice(60, 95), W, H)
      .png()
      .toBuffer();
    const map = await errorLevelAnalysis(composite);
    const [inside, outside] = await insideOutsideMeans(map.png, REGION);
    expect(inside).toBeGreaterThan(3 * outside);
  });

  it('still separates the region after the composite is saved again as JPEG q95', async () => {
    const composite = await rawToSharp(await splice(60, 95), W, H)
      .jpeg({ quality: 95 })
      .toBuffer();
    const [inside, outside] = await insideOutsideMeans((await errorLevelAnalysis(composite)).png, REGION);
    expect(inside).toBeGreaterThan(3 * outside);
  });

  it('shows no such region in an unmodified image', async () => {
    const plain = await rawToSharp(sceneRgb(W, H, 11), W, H)
      .jpeg({ quality: 60 })
      .toBuffer();
    const [inside, outside] = await insideOutsideMeans((await errorLevelAnalysis(plain)).png, REGION);
    expect(inside).toBeLessThan(1.5 * outside + 2);
  });

  it('renders an 8-bit grey map and an RGB overlay at the image size, with its parameters', async () => {
    const jpeg = await rawToSharp(sceneRgb(200, 120, 3), 200, 120)
      .jpeg({ quality: 80 })
      .toBuffer();
    const map = await errorLevelAnalysis(jpeg, { quality: 75 });
    expect(map).toMatchObject({ kind: 'ELA', width: 200, height: 120 });
    expect(await sharp(map.png).metadata()).toMatchObject({
      width: 200,
      height: 120,
      channels: 1,
      depth: 'uchar',
    });
    expect(await sharp(map.overlayPng!).metadata()).toMatchObject({ width: 200, height: 120, channels: 3 });
    expect(map.params).toMatchObject({ quality: 75, chromaSubsampling: '4:2:0' });
    expect(String(map.params.method)).toMatch(/re-encoded/);
    expect(map.stats.max).toBeLessThanOrEqual(1);
    expect(map.stats.p99).toBeLessThanOrEqual(map.stats.max);
  });

  it('scales the map down proportionally when the long side exceeds maxLongSide', async () => {
    const jpeg = await rawToSharp(sceneRgb(400, 300, 4), 400, 300)
      .jpeg()
      .toBuffer();
    const map = await errorLevelAnalysis(jpeg, { maxLongSide: 100 });
    expect([map.width, map.height]).toEqual([100, 75]);
    expect(await sharp(map.png).metadata()).toMatchObject({ width: 100, height: 75 });
    expect(map.params.mapScale).toBe(0.25);
  });

  it('is blank when re-encoding at the quality the file was last saved with (why analyze avoids it)', async () => {
    const q90 = await rawToSharp(await splice(60, 95), W, H)
      .jpeg({ quality: 90 })
      .toBuffer();
    expect((await errorLevelAnalysis(q90, { quality: 90 })).params.p995Levels).toBeLessThan(0.25);
    expect((await errorLevelAnalysis(q90, { quality: 75 })).params.p995Levels).toBeGreaterThan(1);
  });

  it('rejects an out-of-range quality', async () => {
    const jpeg = await rawToSharp(sceneRgb(32, 32, 4), 32, 32)
      .jpeg()
      .toBuffer();
    await expect(errorLevelAnalysis(jpeg, { quality: 0 })).rejects.toThrow(RangeError);
  });
});
