/**
 * face-api's SSD post-processing (src/ssdMobilenetv1/nonMaxSuppression.ts and
 * SsdMobilenetv1.locateFaces), reproduced exactly: greedy NMS over candidates scoring strictly
 * above the threshold, then boxes clipped to the unit square and mapped from the padded 512-px
 * square back to input pixels.
 */
import type { FaceBox } from '../types.ts';

/** face-api's fixed IoU threshold for SSD MobileNet v1. */
export const SSD_IOU_THRESHOLD = 0.5;

/** Box i of `boxes` ([ymin, xmin, ymax, xmax] rows). */
function iou(boxes: Float32Array, i: number, j: number): number {
  const a = 4 * i;
  const b = 4 * j;
  const yminI = Math.min(boxes[a]!, boxes[a + 2]!);
  const xminI = Math.min(boxes[a + 1]!, boxes[a + 3]!);
  const ymaxI = Math.max(boxes[a]!, boxes[a + 2]!);
  const xmaxI = Math.max(boxes[a + 1]!, boxes[a + 3]!);
  const yminJ = Math.min(boxes[b]!, boxes[b + 2]!);
  const xminJ = Math.min(boxes[b + 1]!, boxes[b + 3]!);
  const ymaxJ = Math.max(boxes[b]!, boxes[b + 2]!);
  const xmaxJ = Math.max(boxes[b + 1]!, boxes[b + 3]!);
  const areaI = (ymaxI - yminI) * (xmaxI - xminI);
  const areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const ih = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0);
  const iw = Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0);
  const intersection = ih * iw;
  return intersection / (areaI + areaJ - intersection);
}

/** Indices of the kept boxes, best first. */
export function nonMaxSuppression(
  boxes: Float32Array,
  scores: Float32Array,
  maxOutputSize: number,
  iouThreshold: number,
  scoreThreshold: number,
): number[] {
  const outputSize = Math.min(maxOutputSize, scores.length);
  const candidates: { score: number; index: number }[] = [];
  scores.forEach((score, index) => {
    if (score > scoreThreshold) candidates.push({ score, index });
  });
  candidates.sort((a, b) => b.score - a.score); // stable: ties keep anchor order, as in face-api
  const selected: number[] = [];
  for (const c of candidates) {
    if (selected.length >= outputSize) break;
    let suppressed = false;
    for (let j = selected.length - 1; j >= 0; --j) {
      const overlap = iou(boxes, c.index, selected[j]!);
      if (overlap === 0) continue;
      if (overlap > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) selected.push(c.index);
  }
  return selected;
}

/**
 * locateFaces' mapping of kept SSD boxes to pixels of the (unpadded) input image, with the same
 * float64 operations so results match face-api's FaceDetection.box.
 */
export function ssdBoxToPixels(
  boxes: Float32Array,
  index: number,
  input: { width: number; height: number },
  inputSize: number,
): FaceBox {
  const { width: W, height: H } = input;
  const scale = inputSize / Math.max(H, W);
  const padX = inputSize / Math.round(W * scale);
  const padY = inputSize / Math.round(H * scale);
  const b = 4 * index;
  const top = Math.max(0, boxes[b]!) * padY;
  const bottom = Math.min(1, boxes[b + 2]!) * padY;
  const left = Math.max(0, boxes[b + 1]!) * padX;
  const right = Math.min(1, boxes[b + 3]!) * padX;
  // Rect(left, top, right - left, bottom - top) rescaled by the input size (Box.rescale)
  return { x: left * W, y: top * H, width: (right - left) * W, height: (bottom - top) * H };
}
