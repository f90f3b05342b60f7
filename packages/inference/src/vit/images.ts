import { uniformTensor } from '../onnx/random.ts';

/**
 * A deterministic CLIP-normalised test image [3, size, size] with its own global structure
 * (stripe frequency/orientation, brightness) plus noise. Random-init ViTs average i.i.d. noise
 * away in their near-uniform attention, so noise-only inputs all embed alike; these do not.
 */
export function syntheticImage(kind: number, size = 224): Float32Array {
  const plane = size * size;
  const img = uniformTensor(3 * plane, 0.4, kind, 'synthetic-image');
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const stripes = Math.sin((x * (kind + 1) + y * (3 - (kind % 3))) / 40 + c * kind);
        img[c * plane + y * size + x]! += 1.2 * stripes + 0.3 * ((kind % 4) - 1.5);
      }
    }
  }
  return img;
}
