import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { float, OnnxGraphBuilder } from './builder.ts';
import { onnx } from './proto.ts';

// y = x @ W + b; z = LeakyRelu(y, alpha 0.25) exercises a FLOAT attribute.
function tinyGraph(lazy = false): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder({ graphName: 'tiny' });
  g.input('x', 'float32', ['batch', 3]);
  // 3x2 weight is 24 bytes; with a 16-byte threshold it goes external in the save() test.
  const w = new Float32Array([1, 2, 3, 4, 5, 6]);
  const W = lazy ? g.lazyInitializer('W', 'float32', [3, 2], () => w) : g.initializer('W', w, [3, 2]);
  const b = g.initializer('b', new Float32Array([0.5, -0.5]), [2]);
  const y = g.op('MatMul', ['x', W]);
  g.node('Add', [y, b], {}, { outputs: ['y'] });
  g.node('LeakyRelu', ['y'], { alpha: float(0.25) }, { outputs: ['z'] });
  g.output('y', 'float32', ['batch', 2]);
  g.output('z', 'float32', ['batch', 2]);
  return g;
}

async function run(model: string | Uint8Array) {
  const session = await ort.InferenceSession.create(model as Uint8Array);
  const x = new ort.Tensor('float32', new Float32Array([1, 0, 0, 0, 1, -1]), [2, 3]);
  const out = await session.run({ x });
  await session.release();
  return out;
}

describe('OnnxGraphBuilder', () => {
  it('round-trips a MatMul/Add graph through onnxruntime with the right numbers', async () => {
    const bytes = tinyGraph().toBytes();
    const decoded = onnx.ModelProto.decode(bytes);
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 17],
      ['com.microsoft', 1],
    ]);
    expect(decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam).toBe('batch');

    const out = await run(bytes);
    // row0 = [1,0,0]·W + b = [1.5, 1.5]; row1 = [0,1,-1]·W + b = [3-5+0.5, 4-6-0.5] = [-1.5, -2.5]
    expect(out.y?.dims).toEqual([2, 2]);
    expect(Array.from(out.y?.data as Float32Array)).toEqual([1.5, 1.5, -1.5, -2.5]);
    expect(Array.from(out.z?.data as Float32Array)).toEqual([1.5, 1.5, -0.375, -0.625]);
  });

  it('is byte-deterministic', () => {
    expect(Buffer.from(tinyGraph().toBytes()).equals(Buffer.from(tinyGraph().toBytes()))).toBe(true);
  });

  it('saves with external data that onnxruntime loads by path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-onnx-'));
    try {
      const path = join(dir, 'tiny.onnx');
      const saved = await tinyGraph(true).save(path, { externalData: { thresholdBytes: 16 } });
      expect(saved.dataPath).toBe(join(dir, 'tiny.onnx.data'));
      expect(saved.dataBytes).toBe(24);
      expect((await stat(saved.dataPath!)).size).toBe(24);

      const decoded = onnx.ModelProto.decode(await readFile(path));
      const W = decoded.graph?.initializer?.find((t) => t.name === 'W');
      expect(W?.dataLocation).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
      expect(W?.rawData?.length ?? 0).toBe(0);

      const out = await run(path);
      expect(Array.from(out.y?.data as Float32Array)).toEqual([1.5, 1.5, -1.5, -2.5]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects duplicate names, undeclared domains and non-integer int attributes', () => {
    const g = new OnnxGraphBuilder({ opsets: { '': 17 } });
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/duplicate/);
    expect(() => g.op('QuickGelu', ['x'], {}, { domain: 'com.microsoft' })).toThrow(/opset/);
    expect(() => g.op('LeakyRelu', ['x'], { alpha: 0.1 })).toThrow(/float\(\)/);
    expect(() => g.initializer('w', new Float32Array(3), [2])).toThrow(/elements/);
  });
});
