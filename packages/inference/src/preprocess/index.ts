import sharp from 'sharp';
import type { DetectorInputSpec } from '../manifest/index.ts';
import { resizeBicubic, type PixelRect, type RgbImage } from './resample.ts';

export { precomputeCoefficients, resizeBicubic, type PixelRect, type RgbImage } from './resample.ts';

/**
 * The preprocessing of openai/clip-vit-large-patch14 (its preprocessor_config.json: shortest edge
 * 224, bicubic, centre crop 224, rescale 1/255, CLIP mean/std). Manifests normally repeat it.
 */
export const OPENAI_CLIP_INPUT: DetectorInputSpec = {
  name: 'pixel_values',
  size: 224,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  rescale: 0.00392156862745098,
  resize: { shortestEdge: 224, resample: 'bicubic' },
  crop: { type: 'center', size: 224 },
};

/** Decoded pixels after EXIF orientation: packed 8-bit RGB, 3 bytes per pixel. */
export type DecodedImage = RgbImage;

/** A rectangle in original-image pixel coordinates (may be fractional, e.g. from a face detector). */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A crop request: a {@link Box}, or the `{ x, y, width, height }` shape the faces module uses. */
export type CropRequest = Box | { x: number; y: number; width: number; height: number };

function toBox(c: CropRequest): Box {
  return 'left' in c
    ? { left: c.left, top: c.top, width: c.width, height: c.height }
    : { left: c.x, top: c.y, width: c.width, height: c.height };
}

/**
 * How the model input maps back to the original image. Coordinates are continuous pixel
 * coordinates (pixel i covers [i, i+1)), the convention Pillow's resampler uses: an input pixel
 * centre u + 0.5 lies at resized coordinate u + 0.5 + centerCrop.left, which lies at
 * original coordinate cropBox.left + (u + 0.5 + centerCrop.left) / scale.x (likewise for y).
 */
export interface CropTransform {
  /** Size of the decoded, orientation-corrected image all coordinates refer to. */
  original: { width: number; height: number };
  /** The crop the caller asked for (before rounding and clipping), or null for the whole image. */
  requestedCrop: Box | null;
  /** Integer region of the original that was resized: the whole image or the rounded, clipped crop. */
  cropBox: PixelRect;
  /** Size after the shortest-edge resize. */
  resized: { width: number; height: number };
  /** resized / cropBox per axis (they differ slightly: the long side is truncated to an integer). */
  scale: { x: number; y: number };
  /** Centre-crop offset in resized pixels, and the (square) model input size. */
  centerCrop: { left: number; top: number; size: number };
  /** The part of the original image the model actually saw, in original coordinates. */
  analysed: Box;
}

export interface PreprocessResult {
  /** CHW float32, 3 * size * size, normalised as the manifest says. */
  tensor: Float32Array;
  transform: CropTransform;
}

/**
 * Decodes once; face crops reuse the result. Matches what PIL's `Image.open(…).convert('RGB')`
 * produces: EXIF orientation applied (`rotate()`; ImageOps.exif_transpose in the reference),
 * embedded ICC profiles NOT applied (PIL ignores them, and so did the detector's training data),
 * alpha dropped without compositing (PIL's RGBA→RGB), grey replicated to RGB. Multi-frame inputs
 * use the first frame, as PIL does. The default pixel limit (268 Mpx) stays on: untrusted input.
 */
export async function decodeImage(buffer: Buffer | Uint8Array): Promise<DecodedImage> {
  const { data, info } = await sharp(buffer, { ignoreIcc: true })
    .rotate()
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (channels === 3) return { data: bytes, width, height };
  if (channels === 1) {
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, o = 0; i < bytes.length; i++, o += 3) {
      const v = bytes[i]!;
      rgb[o] = v;
      rgb[o + 1] = v;
      rgb[o + 2] = v;
    }
    return { data: rgb, width, height };
  }
  throw new Error(`decodeImage: unsupported channel count ${channels} after removing alpha`);
}

/** A box rounded to whole pixels and clipped to the image. */
function clipBox(box: Box, width: number, height: number): PixelRect {
  const left = Math.max(0, Math.round(box.left));
  const top = Math.max(0, Math.round(box.top));
  const right = Math.min(width, Math.round(box.left + box.width));
  const bottom = Math.min(height, Math.round(box.top + box.height));
  if (right <= left || bottom <= top) {
    throw new Error(`crop box ${JSON.stringify(box)} lies outside the ${width}×${height} image`);
  }
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * transformers `get_resize_output_image_size(size=S, default_to_square=False)`: the short side
 * becomes S, the long side `int(S * long / short)`: float division, then truncation.
 */
export function shortestEdgeSize(width: number, height: number, shortEdge: number) {
  if (width <= height) return { width: shortEdge, height: Math.trunc((shortEdge * height) / width) };
  return { width: Math.trunc((shortEdge * width) / height), height: shortEdge };
}

/**
 * Works out the geometry of one preprocessing run without touching pixels. `crop` is used as
 * given (rounded to whole pixels, clipped to the image): enlarging a face box by the manifest's
 * `faceCrop.scale` is the caller's job (the faces module's `faceCropBox`), so that exactly one
 * face-crop convention exists.
 */
export function planTransform(
  original: { width: number; height: number },
  input: DetectorInputSpec,
  cropRequest?: CropRequest,
): CropTransform {
  const { width, height } = original;
  const crop = cropRequest ? toBox(cropRequest) : null;
  const cropBox: PixelRect = crop ? clipBox(crop, width, height) : { left: 0, top: 0, width, height };
  const resized = shortestEdgeSize(cropBox.width, cropBox.height, input.resize.shortestEdge);
  const size = input.crop.size;
  // transformers center_crop: top = (h - size) // 2, left = (w - size) // 2 (floor division).
  // Never negative here: the manifest guarantees size ≤ shortestEdge ≤ both resized sides.
  const ccLeft = Math.floor((resized.width - size) / 2);
  const ccTop = Math.floor((resized.height - size) / 2);
  const scale = { x: resized.width / cropBox.width, y: resized.height / cropBox.height };
  return {
    original: { width, height },
    requestedCrop: crop,
    cropBox,
    resized,
    scale,
    centerCrop: { left: ccLeft, top: ccTop, size },
    analysed: {
      left: cropBox.left + ccLeft / scale.x,
      top: cropBox.top + ccTop / scale.y,
      width: size / scale.x,
      height: size / scale.y,
    },
  };
}

// Per-channel lookup tables from byte to normalised value, keyed by the normalisation constants.
const lutCache = new Map<string, Float32Array>();

/**
 * byte → ((byte * rescale) as float32 − mean) / std in float32, exactly as transformers does it:
 * `rescale` multiplies in float64 then casts to float32, `normalize` subtracts and divides float32
 * arrays. Math.fround after each step reproduces numpy's float32 arithmetic bit for bit.
 */
function normalisationTable(input: DetectorInputSpec): Float32Array {
  const key = JSON.stringify([input.rescale, input.mean, input.std]);
  let lut = lutCache.get(key);
  if (!lut) {
    lut = new Float32Array(3 * 256);
    for (let c = 0; c < 3; c++) {
      const mean = Math.fround(input.mean[c]!);
      const std = Math.fround(input.std[c]!);
      for (let v = 0; v < 256; v++) {
        const scaled = Math.fround(v * input.rescale);
        lut[c * 256 + v] = Math.fround(Math.fround(scaled - mean) / std);
      }
    }
    lutCache.set(key, lut);
  }
  return lut;
}

/** Synchronous core of {@link preprocessForDetector} for already-decoded pixels. */
export function preprocessDecoded(
  image: DecodedImage,
  input: DetectorInputSpec,
  crop?: CropRequest,
): PreprocessResult {
  const transform = planTransform(image, input, crop);
  const { size } = transform.centerCrop;
  const rgb = resizeBicubic(image, transform.cropBox, transform.resized.width, transform.resized.height, {
    left: transform.centerCrop.left,
    top: transform.centerCrop.top,
    width: size,
    height: size,
  });
  const lut = normalisationTable(input);
  const plane = size * size;
  const tensor = new Float32Array(3 * plane);
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    tensor[i] = lut[rgb[p]!]!;
    tensor[plane + i] = lut[256 + rgb[p + 1]!]!;
    tensor[2 * plane + i] = lut[512 + rgb[p + 2]!]!;
  }
  return { tensor, transform };
}

/**
 * HF CLIPImageProcessor (PIL path) for one image or one region of it: RGB, shortest-edge bicubic
 * resize, centre crop, rescale, normalise, CHW float32. `crop` (original pixel coordinates) is the
 * exact region analysed, e.g. `faceCropBox(face, image, manifest.input.faceCrop.scale)`. Pass the
 * DecodedImage when several crops come from the same picture so it is decoded only once.
 */
export async function preprocessForDetector(
  image: Buffer | Uint8Array | DecodedImage,
  input: DetectorInputSpec,
  crop?: CropRequest,
): Promise<PreprocessResult> {
  const decoded = image instanceof Uint8Array ? await decodeImage(image) : image;
  return preprocessDecoded(decoded, input, crop);
}

/** Centre of model-input pixel (u, v) in original-image coordinates. */
export function inputToOriginal(t: CropTransform, u: number, v: number): { x: number; y: number } {
  return {
    x: t.cropBox.left + (u + 0.5 + t.centerCrop.left) / t.scale.x,
    y: t.cropBox.top + (v + 0.5 + t.centerCrop.top) / t.scale.y,
  };
}

/** Original-image point (x, y) in continuous model-input coordinates (inside iff in [0, size)). */
export function originalToInput(t: CropTransform, x: number, y: number): { u: number; v: number } {
  return {
    u: (x - t.cropBox.left) * t.scale.x - t.centerCrop.left,
    v: (y - t.cropBox.top) * t.scale.y - t.centerCrop.top,
  };
}
