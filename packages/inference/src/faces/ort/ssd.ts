/**
 * face-api's SSD MobileNet v1 face detector as an ONNX graph: MobileNet v1 backbone, six box
 * predictors, and the output layer's anchor decoding (face-api src/ssdMobilenetv1: mobileNetV1.ts,
 * predictionLayer.ts, boxPredictionLayer.ts, outputLayer.ts), op for op. Non-max suppression stays
 * in TypeScript (nms.ts), as in face-api.
 *
 * Input `image`: [N, 512, 512, 3] float RGB 0..255 (the padded, resized image; see image.ts).
 * Outputs `boxes`: [N, 5118, 4] as (ymin, xmin, ymax, xmax) relative to the 512 square, and
 * `scores`: [N, 5118] face probability.
 */
import { OnnxGraphBuilder } from '../../onnx/builder.ts';
import { int64s } from '../../onnx/tensors.ts';
import { ConvNet, type Act } from './nn.ts';
import { f32, type WeightMap } from './tfjs-weights.ts';

export const SSD_INPUT_SIZE = 512;
export const SSD_ANCHORS = 5118;

// face-api's batch-norm epsilon: 0.001 as float32, written as its exact value.
const BN_EPSILON = 0.0010000000474974513;

export function buildSsdGraph(weights: WeightMap): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder({
    graphName: 'face_api_ssd_mobilenetv1',
    opsets: { '': 17 },
    docString: 'face-api SSD MobileNet v1 (ssd_mobilenetv1_model) rebuilt from its tfjs weights',
  });
  const nn = new ConvNet(g);
  const S = SSD_INPUT_SIZE;
  g.input('image', 'float32', ['batch', S, S, 3]);
  const scalar = (v: number) => g.initializer(g.uniqueName('const'), new Float32Array([v]), []);

  // tf.sub(tf.div(x, 127.5), 1), then NHWC → NCHW
  const normalised = g.op('Sub', [g.op('Div', ['image', scalar(127.5)]), scalar(1)]);
  let x: Act = { name: g.op('Transpose', [normalised], { perm: [0, 3, 1, 2] }), c: 3, h: S, w: S };

  const pointwise = (a: Act, prefix: string, stride: number): Act => {
    const w = weights.get(`${prefix}/weights`);
    if (!w) throw new Error(`ssd: ${prefix}/weights missing`);
    const co = w.shape[3]!;
    const filter = f32(weights, `${prefix}/weights`, w.shape);
    const offset = f32(weights, `${prefix}/convolution_bn_offset`, [co]);
    return nn.clip(nn.conv(a, filter, w.shape, stride, 'same', offset), 0, 6);
  };

  // MobileNet v1
  x = pointwise(x, 'MobilenetV1/Conv2d_0_pointwise', 2);
  let conv11: Act | undefined;
  for (let i = 1; i <= 13; i++) {
    const p = `MobilenetV1/Conv2d_${i}_depthwise`;
    const c = x.c;
    const stride = [2, 4, 6, 12].includes(i) ? 2 : 1;
    x = nn.depthwise(x, f32(weights, `${p}/depthwise_weights`, [3, 3, c, 1]), [3, 3, c, 1], stride, 'same');
    x = nn.batchNorm(
      x,
      {
        mean: f32(weights, `${p}/BatchNorm/moving_mean`, [c]),
        variance: f32(weights, `${p}/BatchNorm/moving_variance`, [c]),
        offset: f32(weights, `${p}/BatchNorm/beta`, [c]),
        scale: f32(weights, `${p}/BatchNorm/gamma`, [c]),
      },
      BN_EPSILON,
    );
    x = nn.clip(x, 0, 6);
    x = pointwise(x, `MobilenetV1/Conv2d_${i}_pointwise`, 1);
    if (i === 11) conv11 = x;
  }
  if (!conv11) throw new Error('ssd: conv 11 missing');

  // Prediction layer: extra feature maps, then a box predictor on each of six maps.
  const extra: Act[] = [];
  let y = x;
  for (let i = 0; i <= 7; i++) {
    y = pointwise(y, `Prediction/Conv2d_${i}_pointwise`, i % 2 === 1 ? 2 : 1);
    extra.push(y);
  }
  const maps = [conv11, x, extra[1]!, extra[3]!, extra[5]!, extra[7]!];
  const boxParts: string[] = [];
  const classParts: string[] = [];
  maps.forEach((m, i) => {
    const predictor = (kind: string, per: number) => {
      const p = `Prediction/BoxPredictor_${i}/${kind}`;
      const w = weights.get(`${p}/weights`);
      if (!w) throw new Error(`ssd: ${p}/weights missing`);
      const co = w.shape[3]!;
      const out = nn.conv(
        m,
        f32(weights, `${p}/weights`, [1, 1, m.c, co]),
        w.shape,
        1,
        'same',
        f32(weights, `${p}/biases`, [co]),
      );
      // tf.reshape of NHWC: anchors run over (row, column, anchor)
      const nhwc = g.op('Transpose', [out.name], { perm: [0, 2, 3, 1] });
      const shape = g.initializer(g.uniqueName('shape'), int64s([0, -1, per]), [3]);
      return g.op('Reshape', [nhwc, shape]);
    };
    boxParts.push(predictor('BoxEncodingPredictor', 4));
    classParts.push(predictor('ClassPredictor', 3));
  });
  const boxPredictions = g.op('Concat', boxParts, { axis: 1 });
  const classPredictions = g.op('Concat', classParts, { axis: 1 });

  // Output layer: decode (ty, tx, th, tw) against the anchors.
  const { sizes, centres } = anchorGeometry(f32(weights, 'Output/extra_dim', [1, SSD_ANCHORS, 4]));
  const column = (v: Float32Array) => g.initializer(g.uniqueName('anchor'), v, [SSD_ANCHORS, 1]);
  const [p0, p1, p2, p3] = g.node('Split', [boxPredictions], { axis: 2 }, { outputs: 4 }) as [
    string,
    string,
    string,
    string,
  ];
  const half = (p: string, size: string) =>
    g.op('Div', [g.op('Mul', [g.op('Exp', [g.op('Div', [p, scalar(5)])]), size]), scalar(2)]);
  const centre = (p: string, size: string, c: string) =>
    g.op('Add', [g.op('Mul', [g.op('Div', [p, scalar(10)]), size]), c]);
  const s0 = column(sizes[0]);
  const s1 = column(sizes[1]);
  const div0 = half(p2, s0);
  const add0 = centre(p0, s0, column(centres[0]));
  const div1 = half(p3, s1);
  const add1 = centre(p1, s1, column(centres[1]));
  g.node(
    'Concat',
    [
      g.op('Sub', [add0, div0]),
      g.op('Sub', [add1, div1]),
      g.op('Add', [add0, div0]),
      g.op('Add', [add1, div1]),
    ],
    { axis: 2 },
    { outputs: ['boxes'] },
  );
  const start = g.initializer(g.uniqueName('start'), int64s([1]), [1]);
  const end = g.initializer(g.uniqueName('end'), int64s([2]), [1]);
  const axis = g.initializer(g.uniqueName('axis'), int64s([2]), [1]);
  const face = g.op('Sigmoid', [g.op('Slice', [classPredictions, start, end, axis])]);
  g.node('Squeeze', [face, axis], {}, { outputs: ['scores'] });
  g.output('boxes', 'float32', ['batch', SSD_ANCHORS, 4]);
  g.output('scores', 'float32', ['batch', SSD_ANCHORS]);
  return g;
}

/**
 * Anchor sizes and centres, in float32 as tfjs computes them (a single float32 add/sub/div of
 * float32 values is exactly the double result rounded, so Math.fround reproduces it).
 */
function anchorGeometry(anchors: Float32Array): {
  sizes: [Float32Array, Float32Array];
  centres: [Float32Array, Float32Array];
} {
  const n = anchors.length / 4;
  const sizes: [Float32Array, Float32Array] = [new Float32Array(n), new Float32Array(n)];
  const centres: [Float32Array, Float32Array] = [new Float32Array(n), new Float32Array(n)];
  const fr = Math.fround;
  for (let i = 0; i < n; i++) {
    const [a0, a1, a2, a3] = [anchors[4 * i]!, anchors[4 * i + 1]!, anchors[4 * i + 2]!, anchors[4 * i + 3]!];
    sizes[0][i] = fr(a2 - a0);
    sizes[1][i] = fr(a3 - a1);
    centres[0][i] = fr(a0 + fr(sizes[0][i]! / 2));
    centres[1][i] = fr(a1 + fr(sizes[1][i]! / 2));
  }
  return { sizes, centres };
}
