/**
 * face-api's 68-point landmark net (FaceLandmark68Net: FaceFeatureExtractor's four dense blocks of
 * depthwise-separable convolutions, 7x7 average pool, fully connected 256 → 136) as an ONNX graph,
 * op for op from face-api src/faceFeatureExtractor and src/faceLandmarkNet.
 *
 * Input `face`: [N, 112, 112, 3] float RGB 0..255 (the centred, padded, resized face crop).
 * Output `landmarks`: [N, 136] interleaved (x, y) relative to the padded square, before face-api's
 * postProcess (done in TypeScript, see pipeline.ts).
 */
import { OnnxGraphBuilder } from '../../onnx/builder.ts';
import { int64s } from '../../onnx/tensors.ts';
import { ConvNet, type Act } from './nn.ts';
import { f32, type WeightMap } from './tfjs-weights.ts';

export const LANDMARK_INPUT_SIZE = 112;

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

export function buildLandmarkGraph(weights: WeightMap): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder({
    graphName: 'face_api_landmark_68',
    opsets: { '': 17 },
    docString: 'face-api FaceLandmark68Net (face_landmark_68_model) rebuilt from its tfjs weights',
  });
  const nn = new ConvNet(g);
  const S = LANDMARK_INPUT_SIZE;
  g.input('face', 'float32', ['batch', S, S, 3]);
  let x = normalisedFaceInput(g, 'face', S);

  const separable = (a: Act, p: string, stride: number): Act => {
    const c = a.c;
    const pw = weights.get(`${p}/pointwise_filter`);
    if (!pw) throw new Error(`landmarks: ${p}/pointwise_filter missing`);
    const co = pw.shape[3]!;
    const dw = nn.depthwise(
      a,
      f32(weights, `${p}/depthwise_filter`, [3, 3, c, 1]),
      [3, 3, c, 1],
      stride,
      'same',
    );
    return nn.conv(
      dw,
      f32(weights, `${p}/pointwise_filter`, [1, 1, c, co]),
      [1, 1, c, co],
      1,
      'valid',
      f32(weights, `${p}/bias`, [co]),
    );
  };
  const denseBlock4 = (a: Act, p: string, first: boolean): Act => {
    let conv0: Act;
    if (first) {
      const w = weights.get(`${p}/conv0/filters`);
      if (!w) throw new Error(`landmarks: ${p}/conv0/filters missing`);
      const co = w.shape[3]!;
      conv0 = nn.conv(
        a,
        f32(weights, `${p}/conv0/filters`, w.shape),
        w.shape,
        2,
        'same',
        f32(weights, `${p}/conv0/bias`, [co]),
      );
    } else {
      conv0 = separable(a, `${p}/conv0`, 2);
    }
    const out1 = nn.relu(conv0);
    const out2 = separable(out1, `${p}/conv1`, 1);
    const in3 = nn.relu(nn.add(out1, out2));
    const out3 = separable(in3, `${p}/conv2`, 1);
    const in4 = nn.relu(nn.add(out1, nn.add(out2, out3)));
    const out4 = separable(in4, `${p}/conv3`, 1);
    return nn.relu(nn.add(out1, nn.add(out2, nn.add(out3, out4))));
  };
  x = denseBlock4(x, 'dense0', true);
  x = denseBlock4(x, 'dense1', false);
  x = denseBlock4(x, 'dense2', false);
  x = denseBlock4(x, 'dense3', false);
  x = nn.pool('AveragePool', x, 7, 2);
  dense(
    g,
    flatten(g, x),
    f32(weights, 'fc/weights', [256, 136]),
    [256, 136],
    f32(weights, 'fc/bias', [136]),
    'landmarks',
  );
  g.output('landmarks', 'float32', ['batch', 136]);
  return g;
}
