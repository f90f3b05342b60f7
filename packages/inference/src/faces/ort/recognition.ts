/**
 * face-api's face recognition net (a dlib-style ResNet-34: 7x7 stride-2 conv, max pool, residual
 * stages at 32/64/128/256 channels with scale layers, global average pool, 256 → 128 matMul) as
 * an ONNX graph, op for op from face-api src/faceRecognitionNet.
 *
 * Input `face`: [N, 150, 150, 3] float RGB 0..255 (the centred, padded, resized aligned face).
 * Output `descriptor`: [N, 128].
 */
import { OnnxGraphBuilder } from '../../onnx/builder.ts';
import { ConvNet, dense, normalisedFaceInput, type Act } from './nn.ts';
import { f32, type WeightMap } from './tfjs-weights.ts';

export const RECOGNITION_INPUT_SIZE = 150;
export const DESCRIPTOR_DIM = 128;

export function buildRecognitionGraph(weights: WeightMap): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder({
    graphName: 'face_api_recognition',
    opsets: { '': 17 },
    docString: 'face-api FaceRecognitionNet (face_recognition_model) rebuilt from its tfjs weights',
  });
  const nn = new ConvNet(g);
  const S = RECOGNITION_INPUT_SIZE;
  g.input('face', 'float32', ['batch', S, S, 3]);
  let x = normalisedFaceInput(g, 'face', S);

  // conv → + bias → scale layer (→ relu)
  const convLayer = (a: Act, p: string, stride: number, relu: boolean, padding: 'same' | 'valid'): Act => {
    const w = weights.get(`${p}/conv/filters`);
    if (!w) throw new Error(`recognition: ${p}/conv/filters missing`);
    const co = w.shape[3]!;
    let out = nn.conv(
      a,
      f32(weights, `${p}/conv/filters`, w.shape),
      w.shape,
      stride,
      padding,
      f32(weights, `${p}/conv/bias`, [co]),
    );
    out = nn.scale(out, f32(weights, `${p}/scale/weights`, [co]), f32(weights, `${p}/scale/biases`, [co]));
    return relu ? nn.relu(out) : out;
  };
  const residual = (a: Act, p: string): Act => {
    const out = convLayer(convLayer(a, `${p}/conv1`, 1, true, 'same'), `${p}/conv2`, 1, false, 'same');
    return nn.relu(nn.add(out, a));
  };
  const residualDown = (a: Act, p: string): Act => {
    let out = convLayer(convLayer(a, `${p}/conv1`, 2, true, 'valid'), `${p}/conv2`, 1, false, 'same');
    let pooled = nn.pool('AveragePool', a, 2, 2);
    // face-api pads the strided branch with a zero row and column when the sizes differ
    if (pooled.h !== out.h || pooled.w !== out.w) out = nn.zeroPad(out, 0, 1, 1);
    if (pooled.c !== out.c) pooled = nn.zeroPad(pooled, pooled.c, 0, 0);
    return nn.relu(nn.add(pooled, out));
  };

  x = convLayer(x, 'conv32_down', 2, true, 'valid');
  x = nn.pool('MaxPool', x, 3, 2);
  x = residual(x, 'conv32_1');
  x = residual(x, 'conv32_2');
  x = residual(x, 'conv32_3');
  x = residualDown(x, 'conv64_down');
  x = residual(x, 'conv64_1');
  x = residual(x, 'conv64_2');
  x = residual(x, 'conv64_3');
  x = residualDown(x, 'conv128_down');
  x = residual(x, 'conv128_1');
  x = residual(x, 'conv128_2');
  x = residualDown(x, 'conv256_down');
  x = residual(x, 'conv256_1');
  x = residual(x, 'conv256_2');
  x = residualDown(x, 'conv256_down_out');
  // x.mean([1, 2]) in NHWC; opset 17 ReduceMean takes axes as an attribute
  const mean = g.op('ReduceMean', [x.name], { axes: [2, 3], keepdims: 0 });
  dense(g, mean, f32(weights, 'fc', [256, DESCRIPTOR_DIM]), [256, DESCRIPTOR_DIM], undefined, 'descriptor');
  g.output('descriptor', 'float32', ['batch', DESCRIPTOR_DIM]);
  return g;
}
