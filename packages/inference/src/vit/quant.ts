/**
 * Symmetric per-output-channel int8 weight quantisation, as onnxruntime's quantize_dynamic does for
 * QInt8 weights (symmetric, zero point 0; per_channel=True). W is stored [in, out] (MatMul's B),
 * so a "channel" is a column.
 */
export interface QuantizedWeight {
  q: Int8Array;
  scale: Float32Array; // [out]
  zeroPoint: Int8Array; // [out], all zero (symmetric)
}

export function quantizeColumnsInt8(
  w: Float32Array,
  rows: number,
  cols: number,
  perChannel = true,
): QuantizedWeight {
  const scale = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) scale[c] = Math.max(scale[c]!, Math.abs(w[o + c]!));
  }
  if (!perChannel) scale.fill(scale.reduce((a, b) => Math.max(a, b), 0));
  // 127 not 128: keeps the range symmetric so -x and x quantise to opposite codes
  for (let c = 0; c < cols; c++) scale[c] = scale[c]! > 0 ? scale[c]! / 127 : 1;
  const q = new Int8Array(w.length);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++)
      q[o + c] = Math.max(-127, Math.min(127, Math.round(w[o + c]! / scale[c]!)));
  }
  return { q, scale, zeroPoint: new Int8Array(cols) };
}
