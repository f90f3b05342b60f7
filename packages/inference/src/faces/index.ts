/**
 * Face detection for evidence images: SSD MobileNet v1 boxes, optional 68-point landmarks and
 * 128-d recognition descriptors (@vladmandic/face-api on the tfjs WASM backend, weights read from
 * the installed package and verified against pinned sha256), plus the seed-paper crop geometry.
 */
export type { DetectedFace, DetectOptions, FaceBox, FaceDetector, RgbImage } from './types.ts';
export { createFaceDetector, DETECTION_LONG_SIDE, MODEL_ID } from './detector.ts';
export { faceCropBox, largestFace } from './geometry.ts';
export { PINNED_SHA256, WeightsIntegrityError } from './weights.ts';
