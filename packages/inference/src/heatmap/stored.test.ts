import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { analyzeForensics } from '@loupe/forensics';
import { EvidenceStore } from '@loupe/storage';
import { decodeImage, OPENAI_CLIP_INPUT, planTransform } from '../preprocess/index.ts';
import { hasOverlay, overlayKey, renderFakenessMap, renderOverlay, type StoredHeatmap } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'loupe-overlay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new EvidenceStore(dir);
const photo = (i: number) =>
  readFileSync(join(projectRoot(), `node_modules/@vladmandic/face-api/demo/sample${i}.jpg`));

/** Stores the original and a map as an image analysis leaves them (no overlay); returns the row. */
async function stored(
  original: Buffer,
  png: Buffer,
  map: Pick<StoredHeatmap, 'kind' | 'width' | 'height' | 'analysedRegion'>,
) {
  const analysisId = randomUUID();
  const originalKey = store.derivedKey(analysisId, 'original.jpg');
  await store.writeDerived(originalKey, original);
  const storageKey = store.derivedKey(analysisId, `${map.kind.toLowerCase()}.png`);
  await store.writeDerived(storageKey, png);
  const heatmap: StoredHeatmap = {
    id: randomUUID(),
    analysisId,
    storageKey,
    overlayStorageKey: null,
    frameIndex: null,
    ...map,
  };
  return { originalKey, heatmap };
}

/** A detector map of one region of a real photo, and the overlay an analysis used to store with it. */
async function detectorMap(i: number, maxLongSide: number) {
  const original = photo(i);
  const image = await decodeImage(original);
  const crop = {
    left: image.width * 0.3,
    top: image.height * 0.2,
    width: image.width / 3,
    height: image.height / 2,
  };
  const t = planTransform(image, OPENAI_CLIP_INPUT, crop);
  const patchFake = Float32Array.from({ length: 256 }, (_, k) => ((k * 29) % 256) / 255);
  const map = await renderFakenessMap(patchFake, [16, 16], t, image, { maxLongSide });
  return { original, map, before: await renderOverlay(map, image) };
}

describe('overlayKey (overlays rendered on first view)', () => {
  it('renders a DETECTOR overlay byte-identical to the one rendered at analysis time, from the stored map and region', async () => {
    for (const [i, side] of [
      [1, 4096],
      [4, 700],
    ] as const) {
      const { original, map, before } = await detectorMap(i, side);
      const { originalKey, heatmap } = await stored(original, map.greyPng, {
        kind: 'DETECTOR',
        width: map.width,
        height: map.height,
        // As the database gives it back.
        analysedRegion: JSON.parse(JSON.stringify(map.analysed)),
      });
      const key = await overlayKey(store, heatmap, originalKey);
      expect(readFileSync(store.path(key!)).equals(before), `sample${i} at ${side}`).toBe(true);
    }
  }, 60_000);

  it('renders ELA and NOISE overlays byte-identical to the ones the forensics render', async () => {
    const original = photo(2);
    const report = await analyzeForensics(original, { maxLongSide: 900 });
    for (const m of report.maps) {
      const { originalKey, heatmap } = await stored(original, m.png, {
        kind: m.kind,
        width: m.width,
        height: m.height,
        analysedRegion: null,
      });
      const key = await overlayKey(store, heatmap, originalKey);
      expect(readFileSync(store.path(key!)).equals(m.overlayPng!), m.kind).toBe(true);
    }
  }, 60_000);

  it('renders once: concurrent first views share the render, later views read the kept file', async () => {
    const { original, map } = await detectorMap(3, 600);
    const { originalKey, heatmap } = await stored(original, map.greyPng, {
      kind: 'DETECTOR',
      width: map.width,
      height: map.height,
      analysedRegion: map.analysed,
    });
    let writes = 0;
    const counting = {
      ...store,
      path: (k: string) => store.path(k),
      size: (k: string) => store.size(k),
      derivedKey: store.derivedKey,
      writeDerived: (k: string, b: Buffer) => (writes++, store.writeDerived(k, b)),
    };
    const keys = await Promise.all([1, 2, 3].map(() => overlayKey(counting, heatmap, originalKey)));
    expect(new Set(keys).size).toBe(1);
    expect(writes).toBe(1);
    rmSync(store.path(originalKey)); // no longer needed once kept
    expect(await overlayKey(counting, heatmap, originalKey)).toBe(keys[0]);
    expect(writes).toBe(1);
  }, 60_000);

  it('returns a stored overlay as it is, and none where nothing can be rendered', async () => {
    const base = { kind: 'DETECTOR' as const, width: 10, height: 10, frameIndex: null, analysedRegion: null };
    const row = { ...base, id: randomUUID(), analysisId: randomUUID(), storageKey: 'derived/x/detector.png' };
    expect(
      await overlayKey(store, { ...row, overlayStorageKey: 'derived/x/detector-overlay.png' }, 'x/y'),
    ).toBe('derived/x/detector-overlay.png');
    // A DETECTOR map without its region cannot tell "not analysed" from p(fake) = 0.
    expect(hasOverlay({ ...base, overlayStorageKey: null })).toBe(false);
    expect(await overlayKey(store, { ...row, overlayStorageKey: null }, 'x/y')).toBeNull();
    expect(
      hasOverlay({
        ...base,
        analysedRegion: { left: 0, top: 0, width: 5, height: 5 },
        overlayStorageKey: null,
      }),
    ).toBe(true);
    expect(hasOverlay({ ...base, analysedRegion: { left: 'a' }, overlayStorageKey: null })).toBe(false);
    // A video frame's pixels are not stored.
    expect(hasOverlay({ ...base, kind: 'ELA', frameIndex: 3, overlayStorageKey: null })).toBe(false);
    expect(hasOverlay({ ...base, kind: 'ELA', overlayStorageKey: null })).toBe(true);
  });
});
