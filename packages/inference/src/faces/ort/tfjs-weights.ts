/**
 * Decodes tfjs weight shards to plain typed arrays, without loading tfjs.
 *
 * Reproduces `tf.io.decodeWeights` value for value (parity with the tfjs path depends on it):
 * affine-quantised uint8/uint16 entries dequantise as `v * scale + min` in float64, stored to
 * float32 (int32 entries are rounded), and entries follow each other in one byte stream across
 * all shards in manifest order.
 */
import type { WeightsManifestEntry } from '../weights.ts';

export interface Weight {
  shape: number[];
  data: Float32Array | Int32Array;
}

export type WeightMap = ReadonlyMap<string, Weight>;

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

export function decodeTfjsWeights(
  specs: readonly WeightsManifestEntry[],
  shards: readonly ArrayBuffer[],
): WeightMap {
  const total = shards.reduce((s, b) => s + b.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const shard of shards) {
    bytes.set(new Uint8Array(shard), at);
    at += shard.byteLength;
  }
  const out = new Map<string, Weight>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
      throw new Error(`tfjs weights: ${spec.name} has unsupported dtype ${spec.dtype}`);
    }
    const q = spec.quantization;
    const stored = q ? q.dtype : spec.dtype;
    const width = BYTES[stored];
    if (width === undefined) throw new Error(`tfjs weights: ${spec.name} has unsupported storage ${stored}`);
    const length = size * width;
    if (offset + length > total)
      throw new Error(`tfjs weights: ${spec.name} runs past the end of the shards`);
    // Copy: the typed-array views below need an aligned, exactly-sized buffer.
    const raw = bytes.slice(offset, offset + length).buffer;
    offset += length;
    let data: Float32Array | Int32Array;
    if (!q) {
      data = spec.dtype === 'float32' ? new Float32Array(raw) : new Int32Array(raw);
    } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      if (q.scale === undefined || q.min === undefined) {
        throw new Error(`tfjs weights: ${spec.name} is ${q.dtype}-quantised without scale/min`);
      }
      const { scale, min } = q;
      const quantised = q.dtype === 'uint8' ? new Uint8Array(raw) : new Uint16Array(raw);
      if (spec.dtype === 'float32') {
        const f = new Float32Array(size);
        for (let i = 0; i < size; i++) f[i] = quantised[i]! * scale + min;
        data = f;
      } else {
        const n = new Int32Array(size);
        for (let i = 0; i < size; i++) n[i] = Math.round(quantised[i]! * scale + min);
        data = n;
      }
    } else {
      throw new Error(`tfjs weights: ${spec.name} uses ${q.dtype} quantisation, which is not supported`);
    }
    out.set(spec.name, { shape: [...spec.shape], data });
  }
  if (offset !== total) throw new Error(`tfjs weights: ${total - offset} bytes left after the last entry`);
  return out;
}

/** A float32 weight by name, with its shape checked. */
export function f32(weights: WeightMap, name: string, shape: readonly number[]): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`tfjs weights: ${name} is missing`);
  if (!(w.data instanceof Float32Array)) throw new Error(`tfjs weights: ${name} is not float32`);
  if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
    throw new Error(
      `tfjs weights: ${name} has shape [${w.shape.join(', ')}], expected [${shape.join(', ')}]`,
    );
  }
  return w.data;
}
