import * as onnxProto from 'onnx-proto';

// onnx-proto is a CommonJS bundle that assigns `module.exports = $root`, so Node's native ESM
// loader (used by tsx and by production) exposes it only as `default`, while Vite/Vitest
// synthesises the named export. Resolve both shapes once here; everything else imports `onnx`
// from this module for values and `import type { onnx } from 'onnx-proto'` for types.
type OnnxProtoModule = typeof onnxProto;
const mod = onnxProto as OnnxProtoModule & { default?: OnnxProtoModule };
const resolved = mod.onnx ?? mod.default?.onnx;
if (!resolved) throw new Error('onnx-proto: could not resolve the `onnx` namespace export');

export const onnx: OnnxProtoModule['onnx'] = resolved;
