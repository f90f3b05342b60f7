/**
 * face-api's input preparation (NetInput.toBatchTensor): pad a region of the image to a square
 * with zeros, then resize it to the network's input size with tfjs' bilinear resize.
 *
 * tfjs' WASM backend resizes with XNNPACK in "TensorFlow legacy" mode (align_corners and
 * half_pixel_centers both false): source coordinate = output index × (in / out), computed in
 * float32, and two horizontal lerps followed by a vertical one. This is written out in float32
 * steps (Math.fround) so the networks see the same pixels as on the tfjs path.
 */
import type { RgbImage } from '../types.ts';

/** An integer pixel rectangle inside the image. */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Writes `size × size × 3` float RGB (0..255, NHWC) into `out` at `offset`: the region padded to a
 * square (bottom/right only, or centred as face-api does for crops), then resized to `size`.
 */
export function squareResize(
  image: RgbImage,
  region: PixelRegion,
  size: number,
  centre: boolean,
  out: Float32Array,
  offset = 0,
): void {
  const { x: rx, y: ry, width: rw, height: rh } = region;
  if (!(rw > 0 && rh > 0 && rx >= 0 && ry >= 0 && rx + rw <= image.width && ry + rh <= image.height)) {
    throw new RangeError(
      `squareResize: region ${rw}x${rh}+${rx}+${ry} is not inside ${image.width}x${image.height}`,
    );
  }
  const S = Math.max(rw, rh);
  const diff = Math.abs(rw - rh);
  // padToSquare: round(diff / 2) zeros after, the rest before (centred); all after otherwise.
  const before = centre ? diff - Math.round(diff * 0.5) : 0;
  const padLeft = rw < rh ? before : 0;
  const padTop = rh < rw ? before : 0;
  const src = image.data;
  const stride = image.width * 3;
  // Byte offsets of padded-square rows/columns in the image, -1 for padding (zeros).
  const rowAt = (py: number) => (py < padTop || py >= padTop + rh ? -1 : (ry + py - padTop) * stride);
  const colAt = (px: number) => (px < padLeft || px >= padLeft + rw ? -1 : (rx + px - padLeft) * 3);
  const value = (row: number, col: number, ch: number) => (row < 0 || col < 0 ? 0 : src[row + col + ch]!);
  if (S === size) {
    for (let y = 0; y < size; y++) {
      const row = rowAt(y);
      for (let x = 0; x < size; x++) {
        const col = colAt(x);
        const o = offset + (y * size + x) * 3;
        for (let ch = 0; ch < 3; ch++) out[o + ch] = value(row, col, ch);
      }
    }
    return;
  }
  const fr = Math.fround;
  const scale = fr(S / size);
  const max = S - 1;
  const cols = new Int32Array(size * 2);
  const alphaX = new Float32Array(size);
  for (let x = 0; x < size; x++) {
    const ix = fr(x * scale);
    const left = Math.trunc(ix);
    cols[2 * x] = colAt(left);
    cols[2 * x + 1] = colAt(Math.min(left + 1, max));
    alphaX[x] = fr(ix - left);
  }
  for (let y = 0; y < size; y++) {
    const iy = fr(y * scale);
    const top = Math.trunc(iy);
    const rowT = rowAt(top);
    const rowB = rowAt(Math.min(top + 1, max));
    const ay = fr(iy - top);
    for (let x = 0; x < size; x++) {
      const left = cols[2 * x]!;
      const right = cols[2 * x + 1]!;
      const ax = alphaX[x]!;
      const o = offset + (y * size + x) * 3;
      const inside = rowT >= 0 && rowB >= 0 && left >= 0 && right >= 0;
      for (let ch = 0; ch < 3; ch++) {
        let tl: number, tr: number, bl: number, br: number;
        if (inside) {
          tl = src[rowT + left + ch]!;
          tr = src[rowT + right + ch]!;
          bl = src[rowB + left + ch]!;
          br = src[rowB + right + ch]!;
        } else {
          tl = value(rowT, left, ch);
          tr = value(rowT, right, ch);
          bl = value(rowB, left, ch);
          br = value(rowB, right, ch);
        }
        // XNNPACK's f32 ibilinear kernel, one float32 rounding per operation
        const t = fr(tl + fr(fr(tr - tl) * ax));
        const b = fr(bl + fr(fr(br - bl) * ax));
        out[o + ch] = fr(t + fr(fr(b - t) * ay));
      }
    }
  }
}
