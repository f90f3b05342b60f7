/**
 * Tiny ONNX detectors for the registry/detector/heatmap tests, written with onnx-proto so these
 * tests depend on no downloaded weights and on nobody else's fixture. The graph is transparent so
 * tests can predict its outputs:
 *
 *   pooled       = ReduceMean(pixel_values, axes [2, 3])                      [N, 3]
 *   embedding    = pooled · We + be   (then LpNormalization when normalized)  [N, D]
 *   logits       = pooled · Wl + bl,  Wl = [[0, k], [0, 0], [0, 0]]          [N, 2]
 *   patch_logits = per-patch channel means · Wl + bl (AveragePool per patch) [N, P, 2]
 *
 * so logit(fake) − logit(real) = k · mean of the normalised red channel, whole image or per patch.
 * NOT a deepfake detector: manifests written here are always flagged isTestFixture.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as onnxProto from 'onnx-proto';

// onnx-proto is CommonJS: Node's ESM loader exposes it as `default`, Vite as a named export.
type OnnxProtoModule = typeof onnxProto;
const mod = onnxProto as OnnxProtoModule & { default?: OnnxProtoModule };
const onnx = (mod.onnx ?? mod.default?.onnx)!;

export interface TestModelOptions {
  size?: number;
  dim?: number;
  normalized?: boolean;
  /** Patch grid; null for a model without patch_logits. */
  grid?: [number, number] | null;
  /** Gain k on the red-channel mean. */
  gain?: number;
  names?: { input?: string; embedding?: string; logits?: string; patchLogits?: string };
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

function floats(name: string, dims: number[], values: number[]) {
  return { name, dataType: FLOAT, dims, floatData: values };
}

function valueInfo(name: string, dims: (number | string)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function buildTestModel(opts: TestModelOptions = {}): Uint8Array {
  const size = opts.size ?? 224;
  const dim = opts.dim ?? 8;
  const gain = opts.gain ?? 4;
  const grid: [number, number] | null = opts.grid === undefined ? [16, 16] : opts.grid;
  const n = {
    input: opts.names?.input ?? 'pixel_values',
    embedding: opts.names?.embedding ?? 'embedding',
    logits: opts.names?.logits ?? 'logits',
    patchLogits: opts.names?.patchLogits ?? 'patch_logits',
  };
  const we = Array.from({ length: 3 * dim }, (_, i) => Math.sin(i + 1));
  const be = Array.from({ length: dim }, (_, i) => 0.1 * Math.cos(i));
  const initializer: object[] = [
    floats('We', [3, dim], we),
    floats('be', [dim], be),
    floats('Wl', [3, 2], [0, gain, 0, 0, 0, 0]),
    floats('bl', [2], [0.25, 0]),
  ];
  const node: object[] = [
    {
      opType: 'ReduceMean',
      input: [n.input],
      output: ['pooled'],
      attribute: [ints('axes', [2, 3]), int('keepdims', 0)],
    },
    { opType: 'MatMul', input: ['pooled', 'We'], output: ['emb_mm'] },
    { opType: 'Add', input: ['emb_mm', 'be'], output: [opts.normalized === false ? n.embedding : 'emb_raw'] },
    { opType: 'MatMul', input: ['pooled', 'Wl'], output: ['logit_mm'] },
    { opType: 'Add', input: ['logit_mm', 'bl'], output: [n.logits] },
  ];
  if (opts.normalized !== false) {
    node.push({
      opType: 'LpNormalization',
      input: ['emb_raw'],
      output: [n.embedding],
      attribute: [int('axis', -1), int('p', 2)],
    });
  }
  const output = [valueInfo(n.embedding, ['batch', dim]), valueInfo(n.logits, ['batch', 2])];
  if (grid) {
    const [rows, cols] = grid;
    if (size % rows !== 0 || size % cols !== 0)
      throw new Error('test model: grid must divide the input size');
    const kernel = [size / rows, size / cols];
    initializer.push({ name: 'patch_shape', dataType: INT64, dims: [3], int64Data: [0, 3, -1] });
    node.push(
      {
        opType: 'AveragePool',
        input: [n.input],
        output: ['patch_means'],
        attribute: [ints('kernel_shape', kernel), ints('strides', kernel)],
      },
      { opType: 'Reshape', input: ['patch_means', 'patch_shape'], output: ['patch_flat'] },
      {
        opType: 'Transpose',
        input: ['patch_flat'],
        output: ['patch_rgb'],
        attribute: [ints('perm', [0, 2, 1])],
      },
      { opType: 'MatMul', input: ['patch_rgb', 'Wl'], output: ['patch_mm'] },
      { opType: 'Add', input: ['patch_mm', 'bl'], output: [n.patchLogits] },
    );
    output.push(valueInfo(n.patchLogits, ['batch', rows * cols, 2]));
  }
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'loupe-inference-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'loupe-test-detector',
      node,
      initializer,
      input: [valueInfo(n.input, ['batch', 3, size, size])],
      output,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function int(name: string, i: number) {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

function ints(name: string, values: number[]) {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: values };
}

export interface TestDetectorOptions extends TestModelOptions {
  id?: string;
  /** Override manifest fields after the defaults (e.g. a wrong sha256 or output name). */
  manifest?: (m: Record<string, unknown> & { outputs: Record<string, unknown> }) => void;
}

/** Writes `<modelsDir>/<id>/model.onnx` and a matching manifest.json; returns the folder. */
export function writeTestDetector(modelsDir: string, opts: TestDetectorOptions = {}): string {
  const id = opts.id ?? 'loupe-test-detector';
  const size = opts.size ?? 224;
  const grid: [number, number] | null = opts.grid === undefined ? [16, 16] : opts.grid;
  const bytes = buildTestModel(opts);
  const dir = join(modelsDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), bytes);
  const manifest = {
    id,
    version: '0.0.1',
    name: 'Loupe registry test detector (red-channel mean; not a detector)',
    isTestFixture: true,
    file: 'model.onnx',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    license: 'Apache-2.0',
    source: 'packages/inference/src/registry/test-model.ts',
    input: {
      name: 'pixel_values',
      size,
      mean: [0.48145466, 0.4578275, 0.40821073],
      std: [0.26862954, 0.26130258, 0.27577711],
      rescale: 1 / 255,
      resize: { shortestEdge: size, resample: 'bicubic' },
      crop: { type: 'center', size },
      faceCrop: { enabled: false, scale: 1.3 },
    },
    outputs: {
      embedding: { name: 'embedding', dim: opts.dim ?? 8, normalized: opts.normalized !== false },
      logits: { name: 'logits', classes: ['real', 'fake'] },
      ...(grid ? { patchLogits: { name: 'patch_logits', grid } } : {}),
    },
    calibration: { temperature: 1, threshold: 0.5 },
  };
  opts.manifest?.(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
