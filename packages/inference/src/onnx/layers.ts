import { float, type OnnxGraphBuilder } from './builder.ts';

// Graph fragments shared by the test fixture and the synthetic ViT, written to match what
// torch.onnx.export produces for the same PyTorch modules (so the benchmark model runs the same
// kernels as a real exported detector).

/** x / max(||x||₂, eps) over the last axis, like torch.nn.functional.normalize. */
export function l2Normalize(g: OnnxGraphBuilder, x: string, output?: string): string {
  const eps = g.initializer(g.uniqueName('l2_eps'), new Float32Array([1e-12]), []);
  // opset 17: Reduce* (other than ReduceSum) still take axes as an attribute
  const norm = g.op('ReduceL2', [x], { axes: [-1], keepdims: 1 });
  const safe = g.op('Max', [norm, eps]);
  return g.op('Div', [x, safe], {}, output ? { outputs: [output] } : {});
}

/** LayerNormalization over the last axis (opset 17 op; fused kernel in onnxruntime). */
export function layerNorm(g: OnnxGraphBuilder, x: string, gamma: string, beta: string, eps = 1e-5): string {
  return g.op('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: float(eps) });
}

/** x @ W (+ b), W stored [in, out] as MatMul expects (i.e. torch Linear weight transposed). */
export function linear(g: OnnxGraphBuilder, x: string, w: string, b?: string, output?: string): string {
  const opts = output ? { outputs: [output] } : {};
  if (!b) return g.op('MatMul', [x, w], {}, opts);
  return g.op('Add', [g.op('MatMul', [x, w]), b], {}, opts);
}
