import type { FaceDetection } from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import sharp from 'sharp';
import { area, clampToImage } from './geometry.ts';
import { acquireRuntime, releaseRuntime, serialize, type FaceApi, type Runtime } from './runtime.ts';
import type { DetectedFace, DetectOptions, FaceDetector, RgbImage } from './types.ts';

/**
 * Long side (px) images are reduced to before detection. SSD MobileNet v1 sees a 512x512 resize of
 * the (square-padded) input anyway, so more pixels do not find more faces; 1024 leaves enough
 * resolution for the 150x150 recognition crops of faces down to ~15% of the long side, and bounds
 * the input tensor to ~12 MB whatever the photo size. Boxes and landmarks are mapped back.
 */
export const DETECTION_LONG_SIDE = 1024;

export const MODEL_ID = 'vladmandic-face-api/ssd_mobilenetv1+face_landmark_68+face_recognition';

type NetInput = Parameters<FaceApi['nets']['ssdMobilenetv1']['locateFaces']>[0];

/** SSD keeps its 100 best-scoring boxes; `maxFaces` is applied after sorting by area. */
const SSD_MAX_RESULTS = 100;

export async function createFaceDetector(opts: { threads?: number } = {}): Promise<FaceDetector> {
  const { threads } = opts;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`createFaceDetector: threads must be a positive integer, got ${threads}`);
  }
  const rt = await acquireRuntime(threads);
  let closed = false;
  const modelInfo = Object.freeze({
    id: MODEL_ID,
    // semver build metadata: numerics depend on the tfjs kernels, not only on the weights
    version: `${rt.faceApiVersion}+tfjs-${rt.tfjsVersion}.${rt.backend}${rt.simd ? '-simd' : ''}`,
    weightsSha256: Object.freeze({ ...rt.weightsSha256 }),
  });
  return {
    modelInfo,
    async detect(image, detectOpts = {}) {
      if (closed) throw new Error('FaceDetector: detect() after close()');
      validate(image, detectOpts);
      // Resizing runs on libvips threads, outside the queue, overlapping other detections.
      const small = await downscale(image);
      if (closed) throw new Error('FaceDetector: closed during detect()');
      return serialize(() => detectFaces(rt, small, image, detectOpts));
    },
    async close() {
      if (closed) return;
      closed = true;
      await releaseRuntime();
    },
  };
}

function validate(image: RgbImage, o: DetectOptions): void {
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
 * once grown. `sx`/`sy` map detection pixels back to original pixels.
 */
async function downscale(image: RgbImage): Promise<{ rgb: RgbImage; sx: number; sy: number }> {
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

async function detectFaces(
  { faceapi, tf }: Runtime,
  { rgb, sx, sy }: { rgb: RgbImage; sx: number; sy: number },
  original: RgbImage,
  o: DetectOptions,
): Promise<DetectedFace[]> {
  const { width: W, height: H } = original;
  const input = tf.tensor3d(rgb.data, [rgb.height, rgb.width, 3], 'int32');
  // face-api's typings declare their own copy of the tfjs Tensor class; same runtime object.
  const netInput = input as unknown as NetInput;
  try {
    const detections = await faceapi.nets.ssdMobilenetv1.locateFaces(netInput, {
      minConfidence: o.minScore ?? 0.5,
      maxResults: SSD_MAX_RESULTS,
    });
    const faces = detections
      .map((detection) => {
        const b = detection.box;
        const box = clampToImage(
          { x: b.x * sx, y: b.y * sy, width: b.width * sx, height: b.height * sy },
          W,
          H,
        );
        return { detection, face: { box, score: detection.score } as DetectedFace };
      })
      .filter(({ face }) => area(face.box) > 0)
      .sort((a, b) => area(b.face.box) - area(a.face.box))
      .slice(0, o.maxFaces ?? Infinity);
    if (o.withDescriptors && faces.length > 0) await describe(faceapi, faces, netInput, sx, sy);
    return faces.map(({ face }) => face);
  } finally {
    input.dispose();
  }
}

/**
 * Landmarks + recognition descriptor for the kept faces only (so `maxFaces` also saves work).
 * Feeding our own detections into face-api's landmark task runs its standard pipeline: 68-point
 * landmarks, dlib-style alignment, 150x150 crop, ResNet-34 descriptor.
 */
async function describe(
  faceapi: FaceApi,
  faces: { detection: FaceDetection; face: DetectedFace }[],
  netInput: NetInput,
  sx: number,
  sy: number,
): Promise<void> {
  const parent = Promise.resolve(
    faces.map(({ detection }) => faceapi.extendWithFaceDetection({}, detection)),
  );
  const results = await new faceapi.DetectAllFaceLandmarksTask(parent, netInput, false).withFaceDescriptors();
  // face-api may drop faces it could not process; match by detection object, not by index.
  const byDetection = new Map(results.map((r) => [r.detection, r]));
  for (const { detection, face } of faces) {
    const r = byDetection.get(detection);
    if (!r) continue;
    face.landmarks = r.landmarks.positions.map((p) => ({ x: p.x * sx, y: p.y * sy }));
    face.descriptor = r.descriptor;
  }
}
