import sharp from 'sharp';
import type { EvidenceStore } from '@loupe/storage';

/** Longest side of an evidence thumbnail: enough for lists and similarity results at 2× density. */
export const THUMBNAIL_SIDE = 320;

/**
 * The stored key of an image's thumbnail, made from the original on first request and kept beside
 * it, content-addressed by the original's SHA-256 (the original is write-once, so the thumbnail
 * never goes stale). A list of evidence then reads a few kilobytes per item instead of every
 * original, and its audit events say "thumbnail viewed", not "evidence bytes read".
 * Null when the original is not a picture sharp can read (videos, sequences, damaged files).
 */
export async function evidenceThumbnail(
  store: EvidenceStore,
  original: { storageKey: string; sha256: string },
): Promise<string | null> {
  const key = `thumbnails/${original.sha256.slice(0, 2)}/${original.sha256}.jpg`;
  if (await store.size(key).catch(() => null)) return key;
  let bytes: Buffer;
  try {
    bytes = await sharp(store.path(original.storageKey), { failOn: 'none', pages: 1 })
      .rotate()
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    // Not a raster sharp reads (or the original is missing, which `loupe evidence verify` names):
    // the caller answers 404 and the list shows "No preview", as for a TIFF before.
    return null;
  }
  await store.writeDerived(key, bytes);
  return key;
}
