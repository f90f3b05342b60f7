/**
 * face-api's detection → landmarks → alignment → descriptor flow on ONNX Runtime sessions.
 *
 * The arithmetic around the networks follows face-api's own code (SsdMobilenetv1.locateFaces,
 * extractFaceTensors, Box.clipAtImageBorders, FaceLandmark68NetBase.postProcess,
 * FaceLandmarks.alignDlib) step by step, including its float32 tensor steps and its quirks
 * (landmarks shifted by the unclipped box, the aligned box limited by the crop's size), so that
 * results match the tfjs path; the parity test holds this to ≤ 1 px and cosine ≥ 0.999.
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import type { FaceBox, RgbImage } from '../types.ts';
import { squareResize, type PixelRegion } from './image.ts';
import { LANDMARK_INPUT_SIZE } from './landmarks.ts';
import { nonMaxSuppression, ssdBoxToPixels, SSD_IOU_THRESHOLD } from './nms.ts';
import { DESCRIPTOR_DIM, RECOGNITION_INPUT_SIZE } from './recognition.ts';
import { SSD_ANCHORS, SSD_INPUT_SIZE } from './ssd.ts';

export interface FaceNets {
  ssd: InferenceSession;
  landmarks: InferenceSession;
  recognition: InferenceSession;
}

export interface Point {
  x: number;
  y: number;
}

export interface Located {
  /** face-api's FaceDetection.box, in input-image pixels (unclipped). */
  box: FaceBox;
  score: number;
}

export interface Described {
  /** 68 points in input-image pixels. */
  landmarks: Point[];
  /** Absent when the aligned face box has nothing inside the image (see describeFaces). */
  descriptor?: Float32Array;
}

function floatOutput(out: InferenceSession.ReturnType, name: string, size: number): Float32Array {
  const t = out[name];
  if (!t || t.type !== 'float32' || t.data.length !== size) {
    throw new Error(`face nets: output ${name} missing or of the wrong size (${t?.data.length} ≠ ${size})`);
  }
  return t.data as Float32Array;
}

/** SsdMobilenetv1.locateFaces: boxes in input pixels, best score first. */
export async function locateFaces(
  nets: FaceNets,
  image: RgbImage,
  minConfidence: number,
  maxResults: number,
): Promise<Located[]> {
  const S = SSD_INPUT_SIZE;
  const input = new Float32Array(S * S * 3);
  squareResize(image, { x: 0, y: 0, width: image.width, height: image.height }, S, false, input);
  const out = await nets.ssd.run({ image: new Tensor('float32', input, [1, S, S, 3]) });
  const boxes = floatOutput(out, 'boxes', SSD_ANCHORS * 4);
  const scores = floatOutput(out, 'scores', SSD_ANCHORS);
  return nonMaxSuppression(boxes, scores, maxResults, SSD_IOU_THRESHOLD, minConfidence).map((i) => ({
    box: ssdBoxToPixels(boxes, i, image, S),
    score: scores[i]!,
  }));
}

/** Box.clipAtImageBorders: clipped to the image, then every field floored. */
export function clipAtImageBorders(b: FaceBox, W: number, H: number): PixelRegion {
  const right = b.x + b.width;
  const bottom = b.y + b.height;
  const x = Math.max(b.x, 0);
  const y = Math.max(b.y, 0);
  const width = Math.min(right - x, W - x);
  const height = Math.min(bottom - y, H - y);
  return { x: Math.floor(x), y: Math.floor(y), width: Math.floor(width), height: Math.floor(height) };
}

/** FaceDetection.forSize(W, H).box: through relative coordinates and back, as face-api does. */
function forSize(b: FaceBox, W: number, H: number): FaceBox {
  const [rx, ry] = [1 / W, 1 / H];
  return { x: b.x * rx * W, y: b.y * ry * H, width: b.width * rx * W, height: b.height * ry * H };
}

const centre = (pts: Point[]): Point => {
  let x = 0;
  let y = 0;
  for (const p of pts) {
    x += p.x;
    y += p.y;
  }
  return { x: x / pts.length, y: y / pts.length };
};

/** FaceLandmarks.alignDlib: the square face-api's recognition net is given. */
export function alignDlib(positions: Point[], crop: { width: number; height: number }): FaceBox {
  const leftEye = centre(positions.slice(36, 42));
  const rightEye = centre(positions.slice(42, 48));
  const mouth = centre(positions.slice(48, 68));
  const toMouth = (p: Point) => Math.sqrt((mouth.x - p.x) ** 2 + (mouth.y - p.y) ** 2);
  const size = Math.floor((toMouth(leftEye) + toMouth(rightEye)) / 2 / 0.45);
  const ref = centre([leftEye, rightEye, mouth]);
  const x = Math.floor(Math.max(0, ref.x - 0.5 * size));
  const y = Math.floor(Math.max(0, ref.y - 0.43 * size));
  // face-api bounds the size by the landmarks' image, which is the detection crop
  return { x, y, width: Math.min(size, crop.width + x), height: Math.min(size, crop.height + y) };
}

/**
 * FaceLandmark68NetBase.postProcess (in float32, as the tfjs tensors) and FaceLandmarks68's
 * scaling to the crop, then the shift by the detection box (extendWithFaceLandmarks).
 */
function landmarkPositions(out: Float32Array, offset: number, crop: PixelRegion, shift: Point): Point[] {
  const fr = Math.fround;
  const S = LANDMARK_INPUT_SIZE;
  const { width: w, height: h } = crop;
  const scale = S / Math.max(h, w);
  const [sw, sh] = [w * scale, h * scale];
  const padX = fr(sw < sh ? Math.abs(sw - sh) / 2 : 0);
  const padY = fr(sh < sw ? Math.abs(sw - sh) / 2 : 0);
  const points: Point[] = [];
  for (let i = 0; i < 68; i++) {
    const rx = fr(fr(fr(out[offset + 2 * i]! * S) - padX) / fr(sw));
    const ry = fr(fr(fr(out[offset + 2 * i + 1]! * S) - padY) / fr(sh));
    // FaceLandmarks: relative × crop size; shiftBy goes back to relative and adds the shift
    const [ux, uy] = [rx * w, ry * h];
    points.push({ x: (ux / w) * w + shift.x, y: (uy / h) * h + shift.y });
  }
  return points;
}

/**
 * Landmarks and descriptors for each located face (face-api's DetectAllFaceLandmarksTask
 * .withFaceDescriptors), batched: one landmark run and one recognition run for all faces.
 * Null where face-api would have no crop to work on (a box with nothing inside the image).
 */
export async function describeFaces(
  nets: FaceNets,
  image: RgbImage,
  faces: Located[],
): Promise<(Described | null)[]> {
  const { width: W, height: H } = image;
  const crops = faces.map((f) => clipAtImageBorders(forSize(f.box, W, H), W, H));
  const usable = faces.map((_, i) => i).filter((i) => crops[i]!.width > 0 && crops[i]!.height > 0);
  const result: (Described | null)[] = faces.map(() => null);
  if (usable.length === 0) return result;

  const L = LANDMARK_INPUT_SIZE;
  const faceInput = new Float32Array(usable.length * L * L * 3);
  usable.forEach((i, k) => squareResize(image, crops[i]!, L, true, faceInput, k * L * L * 3));
  const lmOut = await nets.landmarks.run({
    face: new Tensor('float32', faceInput, [usable.length, L, L, 3]),
  });
  const lm = floatOutput(lmOut, 'landmarks', usable.length * 136);
  const positions = usable.map((i, k) => landmarkPositions(lm, k * 136, crops[i]!, faces[i]!.box));

  const R = RECOGNITION_INPUT_SIZE;
  const aligned = usable.map((i, k) => clipAtImageBorders(alignDlib(positions[k]!, crops[i]!), W, H));
  const alignedOk = usable.map((_, k) => k).filter((k) => aligned[k]!.width > 0 && aligned[k]!.height > 0);
  const descriptors = new Map<number, Float32Array>();
  if (alignedOk.length > 0) {
    const recInput = new Float32Array(alignedOk.length * R * R * 3);
    alignedOk.forEach((k, j) => squareResize(image, aligned[k]!, R, true, recInput, j * R * R * 3));
    const recOut = await nets.recognition.run({
      face: new Tensor('float32', recInput, [alignedOk.length, R, R, 3]),
    });
    const d = floatOutput(recOut, 'descriptor', alignedOk.length * DESCRIPTOR_DIM);
    alignedOk.forEach((k, j) => descriptors.set(k, d.slice(j * DESCRIPTOR_DIM, (j + 1) * DESCRIPTOR_DIM)));
  }
  usable.forEach((i, k) => {
    // An empty aligned box gets no descriptor. (face-api drops its crop from the batch and then
    // pairs the remaining descriptors with the wrong faces; nothing here copies that.)
    const descriptor = descriptors.get(k);
    result[i] = descriptor ? { landmarks: positions[k]!, descriptor } : { landmarks: positions[k]! };
  });
  return result;
}
