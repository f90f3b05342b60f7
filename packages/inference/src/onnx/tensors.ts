import { endianness } from 'node:os';

// ONNX raw_data is little-endian. We hand typed arrays' bytes to protobuf (or the external-data
// file) without re-encoding them, which is only correct on a little-endian host; every platform
// onnxruntime-node ships for is, so fail loudly rather than silently corrupting weights.
if (endianness() !== 'LE') throw new Error('@loupe/inference ONNX builder requires a little-endian host');

/** Element types the builder can declare and store. */
export type ElemType = 'float32' | 'float64' | 'float16' | 'int8' | 'uint8' | 'int32' | 'int64' | 'bool';

/** Typed arrays accepted as initializer data (float16/bool are passed as raw Uint16Array/Uint8Array). */
export type TensorData =
  Float32Array | Float64Array | Int8Array | Uint8Array | Uint16Array | Int32Array | BigInt64Array;

/** onnx.TensorProto.DataType values (kept as literals so this file needs no runtime proto import). */
export const ONNX_DATA_TYPE: Record<ElemType, number> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
};

const BYTES_PER_ELEMENT: Record<ElemType, number> = {
  float32: 4,
  uint8: 1,
  int8: 1,
  int32: 4,
  int64: 8,
  bool: 1,
  float16: 2,
  float64: 8,
};

export function bytesPerElement(type: ElemType): number {
  return BYTES_PER_ELEMENT[type];
}

/** The natural element type of a typed array; Uint8Array/Uint16Array can also carry bool/float16. */
export function elemTypeOf(data: TensorData): ElemType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'float16';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

/** Zero-copy byte view: weights are referenced, never duplicated, until protobuf/fs writes them. */
export function byteView(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function numElements(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** int64 tensors (shapes, axes, Slice bounds) from plain numbers. */
export function int64s(values: readonly number[]): BigInt64Array {
  return BigInt64Array.from(values, (v) => BigInt(v));
}

/** Largest int64, the ONNX idiom for "slice to the end". */
export const INT64_MAX = 9223372036854775807n;

/**
 * float32 → IEEE 754 half-precision bit patterns (round to nearest, ties to even; overflow to
 * ±Infinity, subnormals kept), for float16 initializers: Node 20 has no Float16Array.
 */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i]!;
    const x = u[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity or a quiet NaN
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign; // below half the smallest subnormal: ±0
        continue;
      }
      mant |= 0x800000; // the implicit leading 1, then shift into a subnormal
      const shift = 14 - e;
      const half = 1 << (shift - 1);
      const rest = mant & ((1 << shift) - 1);
      let m = mant >>> shift;
      if (rest > half || (rest === half && m & 1)) m++;
      out[i] = sign | m;
      continue;
    }
    let h = sign | (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    // Carry into the exponent is right: it rounds up to the next power of two (or to Infinity).
    if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
    out[i] = h;
  }
  return out;
}
