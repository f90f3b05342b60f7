import { OnnxGraphBuilder, type SavedModel } from '../onnx/builder.ts';
import { l2Normalize, layerNorm, linear } from '../onnx/layers.ts';
import { normalTensor } from '../onnx/random.ts';
import { INT64_MAX, int64s, toFloat16Bits } from '../onnx/tensors.ts';

// ONNX TensorProto data types, for Cast.
const ONNX_FLOAT32 = 1;
const ONNX_FLOAT16 = 10;
import { resolveVitConfig, vitFlops, type VitConfig, type VitFlops } from './config.ts';
import { quantizeColumnsInt8, type QuantizedWeight } from './quant.ts';

/**
 * A CLIP vision tower (HF CLIPVisionModel layout) + the seed paper's detection head, with random
 * weights, emitting the Loupe detector contract. It exists to benchmark and test the real model's
 * shape and kernels without its checkpoint; the graph mirrors what torch.onnx.export produces for
 * tools/export-detector (separate q/k/v/out MatMuls, LayerNormalization, QuickGELU as x·σ(1.702x)),
 * so onnxruntime applies the same fusions to both.
 */
export interface VitL14Options extends Partial<VitConfig> {
  seed?: number;
  quantize?: 'none' | 'int8-dynamic';
  /** int8 only: per-output-channel weight scales (default true) or one scale per matrix. */
  perChannel?: boolean;
  /**
   * float16: the tower's weights and arithmetic in half precision (what a `.half()` export gives,
   * for GPUs), the input cast from float32 on entry, and the head (post-LN features → L2
   * normalisation → linear) in float32, so the detector contract's outputs stay float32. Not with int8.
   */
  precision?: 'float32' | 'float16';
}

export interface BuiltVit extends SavedModel {
  config: VitConfig;
  quantize: 'none' | 'int8-dynamic';
  precision: 'float32' | 'float16';
  flops: VitFlops;
  /** Number of weights (all initializers, excluding tiny shape constants). */
  parameters: number;
}

export interface VitGraph {
  graph: OnnxGraphBuilder;
  config: VitConfig;
  parameters: number;
}

/** Builds the graph with lazily generated weights (nothing is allocated until serialisation). */
export function vitL14Graph(opts: VitL14Options = {}): VitGraph {
  const cfg = resolveVitConfig(opts);
  const seed = opts.seed ?? 0;
  const quantize = opts.quantize ?? 'none';
  const perChannel = opts.perChannel ?? true;
  const half = (opts.precision ?? 'float32') === 'float16';
  if (half && quantize !== 'none')
    throw new Error('vitL14Graph: float16 and int8 quantisation do not combine');
  const { width: W, heads: H, patch: P } = cfg;
  const grid = cfg.image / P;
  const tokens = grid * grid + 1;
  const headDim = W / H;
  const g = new OnnxGraphBuilder({
    graphName: 'clip_vit_detector',
    docString: `Synthetic CLIP ViT (random weights, seed ${seed}, ${half ? 'float16' : quantize}) — benchmark/test model, not a detector`,
  });
  let parameters = 0;

  /** A tower weight: float16 in a half-precision model. */
  const normal = (name: string, dims: number[], std: number, mean = 0) => {
    const size = dims.reduce((a, b) => a * b, 1);
    parameters += size;
    return half
      ? g.lazyInitializer(name, 'float16', dims, () =>
          toFloat16Bits(normalTensor(size, std, seed, name, mean)),
        )
      : g.lazyInitializer(name, 'float32', dims, () => normalTensor(size, std, seed, name, mean));
  };
  /** A head weight: always float32. */
  const normal32 = (name: string, dims: number[], std: number) => {
    const size = dims.reduce((a, b) => a * b, 1);
    parameters += size;
    return g.lazyInitializer(name, 'float32', dims, () => normalTensor(size, std, seed, name));
  };
  const scalar = (name: string, value: number) =>
    half
      ? g.initializer(name, toFloat16Bits(new Float32Array([value])), [], 'float16')
      : constant(name, new Float32Array([value]), []);
  const constant = (name: string, data: Float32Array | BigInt64Array, dims: number[]) =>
    g.initializer(name, data, dims);
  const ln = (x: string, name: string) =>
    layerNorm(g, x, normal(`${name}.weight`, [W], 0.02, 1), normal(`${name}.bias`, [W], 0.02));

  // Linear layer, weight [in, out]. int8: DynamicQuantizeMatMul (what quantize_dynamic's
  // MatMulInteger output is fused into by onnxruntime) with the bias folded into the op.
  const dense = (x: string, name: string, inDim: number, outDim: number): string => {
    const bias = normal(`${name}.bias`, [outDim], 0.02);
    if (quantize === 'none') return linear(g, x, normal(`${name}.weight`, [inDim, outDim], 0.02), bias);
    parameters += inDim * outDim;
    // The int8 weights and their scales come from one fp32 draw; quantise once, hand out both.
    let cached: QuantizedWeight | undefined;
    const quantized = () => {
      const draw = () => normalTensor(inDim * outDim, 0.02, seed, `${name}.weight`);
      cached ??= quantizeColumnsInt8(draw(), inDim, outDim, perChannel);
      return cached;
    };
    const wq = g.lazyInitializer(`${name}.weight_quantized`, 'int8', [inDim, outDim], () => quantized().q);
    const scale = g.lazyInitializer(`${name}.weight_scale`, 'float32', [outDim], () => quantized().scale);
    const zp = g.lazyInitializer(`${name}.weight_zero_point`, 'int8', [outDim], () => {
      const z = quantized().zeroPoint;
      cached = undefined; // last of the three to be serialised: release the matrix
      return z;
    });
    return g.op('DynamicQuantizeMatMul', [x, wq, scale, zp, bias], {}, { domain: 'com.microsoft' });
  };

  // --- embeddings: patch conv (no bias) → tokens, prepend class token, add positions
  const x = g.input('pixel_values', 'float32', ['batch', 3, cfg.image, cfg.image]);
  const pixels = half ? g.op('Cast', [x], { to: ONNX_FLOAT16 }) : x;
  const conv = g.op('Conv', [pixels, normal('embeddings.patch_embedding.weight', [W, 3, P, P], 0.02)], {
    kernel_shape: [P, P],
    strides: [P, P],
  });
  const flat = g.op('Reshape', [conv, constant('patch_tokens_shape', int64s([0, W, grid * grid]), [3])]);
  const patchTokens = g.op('Transpose', [flat], { perm: [0, 2, 1] });
  const batch = g.op('Shape', [x], { start: 0, end: 1 });
  const clsShape = g.op('Concat', [batch, constant('cls_shape_tail', int64s([1, W]), [2])], { axis: 0 });
  const cls = g.op('Expand', [normal('embeddings.class_embedding', [1, 1, W], 0.02), clsShape]);
  const seq = g.op('Concat', [cls, patchTokens], { axis: 1 });
  const positions = normal('embeddings.position_embedding.weight', [tokens, W], 0.02);
  let h = ln(g.op('Add', [seq, positions]), 'pre_layrnorm');

  // --- encoder: pre-LN blocks, multi-head self-attention + QuickGELU MLP
  const headsShape = constant('heads_shape', int64s([0, 0, H, headDim]), [4]);
  const mergeShape = constant('merge_shape', int64s([0, 0, W]), [3]);
  const qScale = scalar('attn_scale', 1 / Math.sqrt(headDim));
  const geluAlpha = scalar('quick_gelu_alpha', 1.702);
  for (let l = 0; l < cfg.layers; l++) {
    const p = `encoder.layers.${l}`;
    const a = ln(h, `${p}.layer_norm1`);
    const split = (t: string, perm: number[]) =>
      g.op('Transpose', [g.op('Reshape', [t, headsShape])], { perm });
    // HF CLIPAttention scales q after the projection; same here so fp32 rounding matches
    const q = split(g.op('Mul', [dense(a, `${p}.self_attn.q_proj`, W, W), qScale]), [0, 2, 1, 3]);
    const kT = split(dense(a, `${p}.self_attn.k_proj`, W, W), [0, 2, 3, 1]);
    const v = split(dense(a, `${p}.self_attn.v_proj`, W, W), [0, 2, 1, 3]);
    const probs = g.op('Softmax', [g.op('MatMul', [q, kT])], { axis: -1 });
    const ctx = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] });
    const merged = g.op('Reshape', [ctx, mergeShape]);
    h = g.op('Add', [h, dense(merged, `${p}.self_attn.out_proj`, W, W)]);

    const m = ln(h, `${p}.layer_norm2`);
    const f1 = dense(m, `${p}.mlp.fc1`, W, cfg.mlp);
    const act = g.op('Mul', [f1, g.op('Sigmoid', [g.op('Mul', [f1, geluAlpha])])]);
    h = g.op('Add', [h, dense(act, `${p}.mlp.fc2`, cfg.mlp, W)]);
  }

  // --- head: post_layernorm on every token; CLS → embedding/logits, patches → patch_logits
  const postLn = ln(h, 'post_layernorm');
  const post = half ? g.op('Cast', [postLn], { to: ONNX_FLOAT32 }) : postLn;
  const headW = normal32('head.weight', [W, 2], 1); // unit-norm features: std 1 gives O(1) logits
  const headB = normal32('head.bias', [2], 0.02);
  const pooled = g.op('Gather', [post, constant('cls_index', int64s([0]), [])], { axis: 1 });
  const embedding = l2Normalize(g, pooled, 'embedding');
  linear(g, embedding, headW, headB, 'logits');
  const patchSlice = [
    constant('patch_start', int64s([1]), [1]),
    constant('patch_end', BigInt64Array.of(INT64_MAX), [1]),
  ];
  const patches = g.op('Slice', [post, ...patchSlice, constant('patch_axis', int64s([1]), [1])]);
  linear(g, l2Normalize(g, patches), headW, headB, 'patch_logits');

  g.output('embedding', 'float32', ['batch', W]);
  g.output('logits', 'float32', ['batch', 2]);
  g.output('patch_logits', 'float32', ['batch', grid * grid, 2]);
  return { graph: g, config: cfg, parameters };
}

/**
 * Writes the synthetic ViT to `path` (+ `path.data`, ONNX external data: weights are generated
 * and streamed to disk one tensor at a time, so building the 1.2 GB fp32 model needs ~tens of MB).
 * Load it by path so onnxruntime can find the side file.
 */
export async function buildVitL14(path: string, opts: VitL14Options = {}): Promise<BuiltVit> {
  const { graph, config, parameters } = vitL14Graph(opts);
  const saved = await graph.save(path, { externalData: true });
  return {
    ...saved,
    config,
    quantize: opts.quantize ?? 'none',
    precision: opts.precision ?? 'float32',
    flops: vitFlops(config),
    parameters,
  };
}
