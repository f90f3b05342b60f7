/**
 * tfjs layer semantics as ONNX nodes, for the face-api networks.
 *
 * Activations are NCHW (ONNX Conv's layout) with a dynamic batch and static spatial sizes, so
 * TensorFlow's 'same' padding (extra row/column at the bottom/right when the total is odd) can be
 * written as explicit pads. Filters arrive in tfjs layout (HWIO; depthwise HWC1) and are
 * transposed to ONNX's OIHW at build time.
 */
import { float, type OnnxGraphBuilder } from '../../onnx/builder.ts';
import { int64s } from '../../onnx/tensors.ts';

/** A value in the graph with its (static) channel count and spatial size. */
export interface Act {
  name: string;
  c: number;
  h: number;
  w: number;
}

export type Padding = 'same' | 'valid';

/** TensorFlow's output size and [before, after] padding for one spatial axis. */
export function tfPadding(
  size: number,
  k: number,
  stride: number,
  padding: Padding,
): [number, number, number] {
  if (padding === 'valid') return [Math.floor((size - k) / stride) + 1, 0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  const before = Math.floor(total / 2);
  return [out, before, total - before];
}

/** HWIO (tfjs conv2d filter) → OIHW (ONNX Conv weight). */
export function hwioToOihw(w: Float32Array, [kh, kw, ci, co]: readonly number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < ci!; i++)
        for (let o = 0; o < co!; o++)
          out[((o * ci! + i) * kh! + y) * kw! + x] = w[((y * kw! + x) * ci! + i) * co! + o]!;
  return out;
}

/** HWCM (tfjs depthwise filter) → [C*M, 1, H, W] (ONNX grouped Conv weight, group = C). */
export function hwcmToDepthwise(w: Float32Array, [kh, kw, c, m]: readonly number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let ch = 0; ch < c!; ch++)
        for (let j = 0; j < m!; j++)
          out[((ch * m! + j) * kh! + y) * kw! + x] = w[((y * kw! + x) * c! + ch) * m! + j]!;
  return out;
}

export class ConvNet {
  constructor(readonly g: OnnxGraphBuilder) {}

  private constant(prefix: string, data: Float32Array, dims: readonly number[]): string {
    return this.g.initializer(this.g.uniqueName(prefix), data, dims);
  }

  /** tf.conv2d(x, filter HWIO, stride, padding) (+ bias). */
  conv(
    x: Act,
    filter: Float32Array,
    shape: readonly number[],
    stride: number,
    padding: Padding,
    bias?: Float32Array,
  ): Act {
    const [kh, kw, ci, co] = shape as [number, number, number, number];
    if (ci !== x.c) throw new Error(`conv: filter expects ${ci} input channels, activation has ${x.c}`);
    const [h, top, bottom] = tfPadding(x.h, kh, stride, padding);
    const [w, left, right] = tfPadding(x.w, kw, stride, padding);
    const inputs = [x.name, this.constant('conv_w', hwioToOihw(filter, shape), [co, ci, kh, kw])];
    if (bias) inputs.push(this.constant('conv_b', bias, [co]));
    const name = this.g.op('Conv', inputs, {
      kernel_shape: [kh, kw],
      strides: [stride, stride],
      pads: [top, left, bottom, right],
    });
    return { name, c: co, h, w };
  }

  /** tf.depthwiseConv2d with channel multiplier 1 (+ bias). */
  depthwise(
    x: Act,
    filter: Float32Array,
    shape: readonly number[],
    stride: number,
    padding: Padding,
    bias?: Float32Array,
  ): Act {
    const [kh, kw, c, m] = shape as [number, number, number, number];
    if (c !== x.c || m !== 1)
      throw new Error(`depthwise: filter [${shape.join(', ')}] does not fit ${x.c} channels`);
    const [h, top, bottom] = tfPadding(x.h, kh, stride, padding);
    const [w, left, right] = tfPadding(x.w, kw, stride, padding);
    const inputs = [x.name, this.constant('dw_w', hwcmToDepthwise(filter, shape), [c, 1, kh, kw])];
    if (bias) inputs.push(this.constant('dw_b', bias, [c]));
    const name = this.g.op('Conv', inputs, {
      group: c,
      kernel_shape: [kh, kw],
      strides: [stride, stride],
      pads: [top, left, bottom, right],
    });
    return { name, c, h, w };
  }

  /** tf.batchNorm(x, mean, variance, offset, scale, epsilon) over channels. */
  batchNorm(
    x: Act,
    p: { mean: Float32Array; variance: Float32Array; offset: Float32Array; scale: Float32Array },
    epsilon: number,
  ): Act {
    const c = [x.c];
    const name = this.g.op(
      'BatchNormalization',
      [
        x.name,
        this.constant('bn_scale', p.scale, c),
        this.constant('bn_offset', p.offset, c),
        this.constant('bn_mean', p.mean, c),
        this.constant('bn_var', p.variance, c),
      ],
      { epsilon: float(epsilon) },
    );
    return { ...x, name };
  }

  /** tf.clipByValue(x, lo, hi). */
  clip(x: Act, lo: number, hi: number): Act {
    const min = this.constant('clip_min', new Float32Array([lo]), []);
    const max = this.constant('clip_max', new Float32Array([hi]), []);
    return { ...x, name: this.g.op('Clip', [x.name, min, max]) };
  }

  relu(x: Act): Act {
    return { ...x, name: this.g.op('Relu', [x.name]) };
  }

  add(a: Act, b: Act): Act {
    if (a.c !== b.c || a.h !== b.h || a.w !== b.w) throw new Error('add: shapes differ');
    return { ...a, name: this.g.op('Add', [a.name, b.name]) };
  }

  /** Per-channel x * weights + biases (face-api's scale layer). */
  scale(x: Act, weights: Float32Array, biases: Float32Array): Act {
    const dims = [x.c, 1, 1];
    const mul = this.g.op('Mul', [x.name, this.constant('scale_w', weights, dims)]);
    return { ...x, name: this.g.op('Add', [mul, this.constant('scale_b', biases, dims)]) };
  }

  /** tf.maxPool / tf.avgPool with 'valid' padding. */
  pool(kind: 'MaxPool' | 'AveragePool', x: Act, k: number, stride: number): Act {
    const [h] = tfPadding(x.h, k, stride, 'valid');
    const [w] = tfPadding(x.w, k, stride, 'valid');
    const name = this.g.op(kind, [x.name], { kernel_shape: [k, k], strides: [stride, stride] });
    return { name, c: x.c, h, w };
  }

  /** Zero padding: `channels` more channels after the existing ones, `bottom`/`right` rows/columns. */
  zeroPad(x: Act, channels: number, bottom: number, right: number): Act {
    const pads = this.g.initializer(
      this.g.uniqueName('pads'),
      int64s([0, 0, 0, 0, 0, channels, bottom, right]),
      [8],
    );
    const name = this.g.op('Pad', [x.name, pads], { mode: 'constant' });
    return { name, c: x.c + channels, h: x.h + bottom, w: x.w + right };
  }
}

/** face-api's mean RGB for the landmark and recognition nets (subtracted, then divided by 255). */
export const FACE_MEAN_RGB = [122.782, 117.001, 104.298] as const;

/** NHWC 0..255 input → (x - mean) / 255 as NCHW, as face-api's normalize(...).div(255). */
export function normalisedFaceInput(g: OnnxGraphBuilder, input: string, size: number): Act {
  const mean = g.initializer(g.uniqueName('mean_rgb'), new Float32Array(FACE_MEAN_RGB), [3]);
  const d255 = g.initializer(g.uniqueName('const'), new Float32Array([255]), []);
  const x = g.op('Div', [g.op('Sub', [input, mean]), d255]);
  return { name: g.op('Transpose', [x], { perm: [0, 3, 1, 2] }), c: 3, h: size, w: size };
}

/** x @ W + b on [N, C] (face-api's fullyConnectedLayer / the recognition net's final matMul). */
export function dense(
  g: OnnxGraphBuilder,
  x: string,
  w: Float32Array,
  dims: [number, number],
  b?: Float32Array,
  output?: string,
): string {
  const W = g.initializer(g.uniqueName('fc_w'), w, dims);
  const opts = output ? { outputs: [output] } : {};
  if (!b) return g.op('MatMul', [x, W], {}, opts);
  const B = g.initializer(g.uniqueName('fc_b'), b, [dims[1]]);
  return g.op('Add', [g.op('MatMul', [x, W]), B], {}, opts);
}

/** [N, C, 1, 1] → [N, C]. */
export function flatten(g: OnnxGraphBuilder, x: Act): string {
  if (x.h !== 1 || x.w !== 1) throw new Error(`flatten: expected 1x1, got ${x.h}x${x.w}`);
  return g.op('Reshape', [x.name, g.initializer(g.uniqueName('shape'), int64s([0, -1]), [2])]);
}
