import type { DetectedFace, FaceBox } from './types.ts';

/**
 * Square crop around a face, as in the seed paper's preprocessing: the box is scaled by `scale`
 * around its centre and made square with side `round(max(width, height) * scale)`, so the crop
 * keeps some context (hair line, chin, background seam) where blending artefacts show.
 *
 * Clamping keeps the crop square: a square that sticks out of the image is shifted back inside
 * (so a face at an edge or corner is no longer centred); the side only shrinks, to
 * `min(image.width, image.height)`, when the square cannot fit at all. Result is in integer pixels
 * and always lies within the image.
 */
export function faceCropBox(face: FaceBox, image: { width: number; height: number }, scale = 1.3): FaceBox {
  const { width: W, height: H } = image;
  if (!(Number.isInteger(W) && Number.isInteger(H) && W > 0 && H > 0)) {
    throw new RangeError(`faceCropBox: image size must be positive integers, got ${W}x${H}`);
  }
  if (!(Number.isFinite(scale) && scale > 0))
    throw new RangeError(`faceCropBox: scale must be > 0, got ${scale}`);
  const side = Math.min(Math.max(1, Math.round(Math.max(face.width, face.height) * scale)), W, H);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const x = clamp(Math.round(cx - side / 2), 0, W - side);
  const y = clamp(Math.round(cy - side / 2), 0, H - side);
  return { x, y, width: side, height: side };
}

/** The face with the largest box area (the first one on ties), or null when there is none. */
export function largestFace(faces: DetectedFace[]): DetectedFace | null {
  let best: DetectedFace | null = null;
  for (const f of faces) if (!best || area(f.box) > area(best.box)) best = f;
  return best;
}

export function area(b: FaceBox): number {
  return b.width * b.height;
}

/** Intersects a box with the image rectangle (may yield zero width/height). */
export function clampToImage(b: FaceBox, W: number, H: number): FaceBox {
  const x0 = clamp(b.x, 0, W);
  const y0 = clamp(b.y, 0, H);
  const x1 = clamp(b.x + b.width, 0, W);
  const y1 = clamp(b.y + b.height, 0, H);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
