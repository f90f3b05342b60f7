/** Axis-aligned box in original-image pixel coordinates (after EXIF orientation). */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  /** Detection box, clamped to the image; fractional pixels. */
  box: FaceBox;
  /** SSD MobileNet v1 confidence, 0..1. */
  score: number;
  /** 68 dlib-order landmarks in original-image pixels; only with `withDescriptors`. */
  landmarks?: { x: number; y: number }[];
  /** 128-d face-api recognition descriptor (compare with Euclidean distance); only with `withDescriptors`. */
  descriptor?: Float32Array;
}

/** Packed RGB, 3 bytes per pixel, row-major, `data.length === width * height * 3`. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface DetectOptions {
  /** Minimum detection confidence; default 0.5. */
  minScore?: number;
  /** Keep at most this many faces, the largest ones (faces are sorted by area). */
  maxFaces?: number;
  /** Also run 68-point landmarks and the recognition net on each kept face. */
  withDescriptors?: boolean;
}

export interface FaceDetector {
  /** Faces sorted by box area, largest first. */
  detect(image: RgbImage, opts?: DetectOptions): Promise<DetectedFace[]>;
  /** Identity of the models used, for provenance in analyses. */
  readonly modelInfo: { id: string; version: string; weightsSha256: Record<string, string> };
  /** ONNX Runtime providers its sessions were created with (after any fallback to cpu); absent off ORT. */
  readonly executionProviders?: readonly string[];
  close(): Promise<void>;
}
