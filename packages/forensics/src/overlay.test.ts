import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeForensics, renderMapOverlay } from './index.ts';
import { SAMPLE_PHOTOS, rawToSharp, sceneRgb } from './testing/scene.ts';

/**
 * An image analysis stores maps without overlays; the overlays are rendered on first view from the
 * stored map and the original. They must be the bytes an analysis rendering them would have stored.
 */
async function expectSameOverlays(original: Buffer, maxLongSide?: number) {
  const rendered = await analyzeForensics(original, { maxLongSide });
  const stored = await analyzeForensics(original, { maxLongSide, overlays: false });
  expect(stored.maps.map((m) => m.kind)).toEqual(['ELA', 'NOISE']);
  for (const [i, m] of stored.maps.entries()) {
    expect(m.overlayPng).toBeNull();
    expect(m.png.equals(rendered.maps[i]!.png)).toBe(true);
    const later = await renderMapOverlay(m.png, original);
    expect(later.equals(rendered.maps[i]!.overlayPng!), `${m.kind} overlay`).toBe(true);
  }
}

describe('renderMapOverlay', () => {
  it('gives the overlay an analysis would have stored, for a real photo at full size', async () => {
    await expectSameOverlays(readFileSync(SAMPLE_PHOTOS[1]!));
  });

  it('… for a map capped at maxLongSide', async () => {
    await expectSameOverlays(readFileSync(SAMPLE_PHOTOS[0]!), 700);
  });

  it('… for a photo stored rotated (EXIF orientation 6)', async () => {
    const stored = await rawToSharp(sceneRgb(120, 80, 5), 120, 80)
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    await expectSameOverlays(stored);
  });

  it('refuses a map that is not of this image', async () => {
    const a = await analyzeForensics(readFileSync(SAMPLE_PHOTOS[0]!), { maxLongSide: 300, overlays: false });
    const other = await rawToSharp(sceneRgb(120, 80, 5), 120, 80)
      .jpeg()
      .toBuffer();
    await expect(renderMapOverlay(a.maps[0]!.png, other)).rejects.toThrow(
      /is not a map of this 120×80 image/,
    );
  });
});
