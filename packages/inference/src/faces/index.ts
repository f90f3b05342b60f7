/**
 * Face detection for evidence images: SSD MobileNet v1 boxes, optional 68-point landmarks and
 * 128-d recognition descriptors from @vladmandic/face-api's networks (weights read from the
 * installed package and verified against pinned sha256), plus the seed-paper crop geometry.
 * Two runtimes: ONNX Runtime (createOrtFaceDetector: graphs rebuilt from the same weights,
 * multi-threaded, execution providers as configured) and face-api itself on the tfjs WASM backend
 * (createFaceDetector), kept as the reference the ORT path is tested against.
 */
export type { DetectedFace, DetectOptions, FaceBox, FaceDetector, RgbImage } from './types.ts';
export { createFaceDetector, DETECTION_LONG_SIDE, MODEL_ID } from './detector.ts';
export {
  createOrtFaceDetector,
  ORT_MODEL_ID,
  ORT_GRAPH_REVISION,
  type OrtFaceDetectorOptions,
} from './ort/detector.ts';
export { faceCropBox, largestFace } from './geometry.ts';
export { PINNED_SHA256, WeightsIntegrityError } from './weights.ts';
