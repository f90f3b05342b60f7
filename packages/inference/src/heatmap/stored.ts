import { readFile } from 'node:fs/promises';
import { renderMapOverlay } from '@loupe/forensics';
import type { Box } from '../preprocess/index.ts';
import { renderOverlay } from './index.ts';

/**
 * Colour overlays of stored heatmaps, rendered on first view and kept. An image analysis stores each
 * map as a grey PNG only (plus, for a DETECTOR map, the region the model saw); its overlay is a pure
 * function of that map and the original, and rendering every overlay at analysis time (full-size RGB
 * PNGs, one per map and scored face) was about 40 % of an analysis's CPU. Videos still store their
 * frames' overlays at analysis time: the frames themselves are not kept.
 */

/** A heatmap row as the API and the report read it. */
export interface StoredHeatmap {
  id: string;
  analysisId: string;
  kind: 'DETECTOR' | 'ELA' | 'NOISE';
  width: number;
  height: number;
  storageKey: string;
  overlayStorageKey: string | null;
  frameIndex: number | null;
  /** DETECTOR maps of images: the analysed region in map pixels (JSON as stored); else null. */
  analysedRegion: unknown;
}

/** What this needs of the evidence store (structural, so this package does not depend on it). */
export interface OverlayStore {
  path(key: string): string;
  size(key: string): Promise<number>;
  derivedKey(analysisId: string, name: string): string;
  writeDerived(key: string, bytes: Buffer): Promise<void>;
}

/** The stored analysed region, or null when absent or not a box. */
export function analysedRegion(value: unknown): Box | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const box = { left: v.left, top: v.top, width: v.width, height: v.height };
  return Object.values(box).every((n) => typeof n === 'number' && Number.isFinite(n)) ? (box as Box) : null;
}

/** Whether the heatmap has an overlay to show: stored, or renderable from what is stored. */
export function hasOverlay(h: Omit<StoredHeatmap, 'id' | 'analysisId' | 'storageKey'>): boolean {
  if (h.overlayStorageKey) return true;
  // A frame's pixels are not stored; a DETECTOR map needs its region to tell "not analysed" apart.
  return h.frameIndex === null && (h.kind !== 'DETECTOR' || analysedRegion(h.analysedRegion) !== null);
}

/** Renders in flight, by key: concurrent first views of one overlay render it once. */
const inFlight = new Map<string, Promise<string>>();

/**
 * The storage key of the heatmap's overlay: the stored one, else the one rendered on an earlier
 * view, else rendered now from the map and `originalKey` (the analysed file) and kept under the
 * analysis's derived files. Null when the heatmap has no overlay (hasOverlay).
 */
export async function overlayKey(
  store: OverlayStore,
  h: StoredHeatmap,
  originalKey: string,
): Promise<string | null> {
  if (h.overlayStorageKey) return h.overlayStorageKey;
  if (!hasOverlay(h)) return null;
  // Heatmap ids are new on every write of an analysis, so a kept overlay is never of another map.
  const key = store.derivedKey(h.analysisId, `overlay-${h.id}.png`);
  const running = inFlight.get(key);
  if (running) return running;
  const render = (async () => {
    // Kept by an earlier view (as thumbnails are: services/thumbnail.ts).
    if (await store.size(key).catch(() => null)) return key;
    const [greyPng, original] = await Promise.all([
      readFile(store.path(h.storageKey)),
      readFile(store.path(originalKey)),
    ]);
    const region = analysedRegion(h.analysedRegion);
    const png =
      h.kind === 'DETECTOR' && region
        ? await renderOverlay({ greyPng, width: h.width, height: h.height, analysed: region }, original)
        : await renderMapOverlay(greyPng, original);
    await store.writeDerived(key, png);
    return key;
  })();
  inFlight.set(key, render);
  try {
    return await render;
  } finally {
    inFlight.delete(key);
  }
}
