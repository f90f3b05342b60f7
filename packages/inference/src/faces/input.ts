/** Input checks and the detection-size reduction shared by the tfjs and ONNX Runtime detectors. */
import sharp from 'sharp';
import type { DetectOptions, RgbImage } from './types.ts';

/**
 * Long side (px) images are reduced to before detection. SSD MobileNet v1 sees a 512x512 resize of
 * the (square-padded) input anyway, so more pixels do not find more faces; 1024 leaves enough
 * resolution for the 150x150 recognition crops of faces down to ~15% of the long side, and bounds
 * the input tensor to ~12 MB whatever the photo size. Boxes and landmarks are mapped back.
 */
export const DETECTION_LONG_SIDE = 1024;

/** SSD keeps its 100 best-scoring boxes; `maxFaces` is applied after sorting by area. */
export const SSD_MAX_RESULTS = 100;

export function validate(image: RgbImage, o: DetectOptions): void {
  const { data, width, height } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`detect: image size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(
      `detect: expected ${width * height * 3} bytes of RGB for ${width}x${height}, got ${data.length}`,
    );
  }
  if (o.minScore !== undefined && !(o.minScore >= 0 && o.minScore <= 1)) {
    throw new RangeError(`detect: minScore must be within 0..1, got ${o.minScore}`);
  }
  if (o.maxFaces !== undefined && !(Number.isInteger(o.maxFaces) && o.maxFaces >= 0)) {
    throw new RangeError(`detect: maxFaces must be a non-negative integer, got ${o.maxFaces}`);
  }
}

/**
 * Downscales to DETECTION_LONG_SIDE with sharp (libvips, antialiased) rather than in tfjs: a
 * full-size tensor of a 40 MP photo would need ~1 GB of WASM heap, and WASM memory never shrinks
 * once grown (on ONNX Runtime it bounds the crops' source image the same way). `sx`/`sy` map detection pixels back to original pixels.
 */
export async function downscale(image: RgbImage): Promise<{ rgb: RgbImage; sx: number; sy: number }> {
  const { data, width: W, height: H } = image;
  const long = Math.max(W, H);
  if (long <= DETECTION_LONG_SIDE) return { rgb: image, sx: 1, sy: 1 };
  const width = Math.max(1, Math.round((W * DETECTION_LONG_SIDE) / long));
  const height = Math.max(1, Math.round((H * DETECTION_LONG_SIDE) / long));
  const small = await sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { rgb: { data: small, width, height }, sx: W / width, sy: H / height };
}
