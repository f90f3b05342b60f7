import type { FaceDetection } from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { area, clampToImage } from './geometry.ts';
import { downscale, SSD_MAX_RESULTS, validate } from './input.ts';
import { acquireRuntime, releaseRuntime, serialize, type FaceApi, type Runtime } from './runtime.ts';
import type { DetectedFace, DetectOptions, FaceDetector, RgbImage } from './types.ts';

export { DETECTION_LONG_SIDE } from './input.ts';

export const MODEL_ID = 'vladmandic-face-api/ssd_mobilenetv1+face_landmark_68+face_recognition';

type NetInput = Parameters<FaceApi['nets']['ssdMobilenetv1']['locateFaces']>[0];

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
