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
import { ConvNet, dense, flatten, normalisedFaceInput, type Act } from './nn.ts';
import { f32, type WeightMap } from './tfjs-weights.ts';

export const LANDMARK_INPUT_SIZE = 112;

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
