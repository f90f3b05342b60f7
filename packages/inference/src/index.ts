/**
 * Loupe's inference runtime: detector manifests and registry, preprocessing identical to HF
 * CLIPImageProcessor, batched ONNX runs, full-resolution fakeness maps, face detection, and the
 * project's own ONNX builder (test-fixture detector, ViT-L/14-shaped benchmark model).
 * No database code lives here.
 */
export {
  manifestSchema,
  parseManifest,
  ManifestError,
  type DetectorManifest,
  type DetectorInputSpec,
  type DetectorOutputsSpec,
  type DetectorCalibration,
} from './manifest/index.ts';
export {
  ModelRegistry,
  sha256File,
  type LoadedDetector,
  type DetectorProvenance,
  type RegistryProblem,
  type RegistryOptions,
  openSessionLike,
} from './registry/index.ts';
export { ThreadedSession, type DetectorSession } from './registry/session-thread.ts';
export {
  decodeImage,
  preprocessForDetector,
  preprocessDecoded,
  planTransform,
  shortestEdgeSize,
  inputToOriginal,
  originalToInput,
  OPENAI_CLIP_INPUT,
  type DecodedImage,
  type Box,
  type CropRequest,
  type CropTransform,
  type PreprocessResult,
  type PixelRect,
} from './preprocess/index.ts';
export { runDetector, softmaxFake, type DetectorOutput, type RunDetectorOptions } from './detector/index.ts';
export { DetectorBatcher, probeBatchInvariance, scoreTensors } from './detector/batcher.ts';
export {
  renderFakenessMap,
  renderOverlay,
  INFERNO,
  NOT_ANALYSED,
  type FakenessMap,
  type FakenessMapOptions,
  type OverlayOptions,
} from './heatmap/index.ts';
export {
  createFaceDetector,
  createOrtFaceDetector,
  ORT_MODEL_ID as FACE_ORT_MODEL_ID,
  faceCropBox,
  largestFace,
  DETECTION_LONG_SIDE,
  MODEL_ID as FACE_MODEL_ID,
  type OrtFaceDetectorOptions,
  PINNED_SHA256 as FACE_WEIGHTS_SHA256,
  WeightsIntegrityError,
  type DetectedFace,
  type DetectOptions,
  type FaceBox,
  type FaceDetector,
} from './faces/index.ts';
export { buildFixtureDetector, writeFixtureDetector, FIXTURE_ID } from './fixture/fixture.ts';
export { buildVitL14, type VitL14Options, type BuiltVit } from './vit/vit.ts';
export { VIT_L14, vitFlops, type VitConfig } from './vit/config.ts';
