import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIT_L14, vitFlops } from './config.ts';
import { syntheticImage } from './images.ts';
import { buildVitL14, type BuiltVit } from './vit.ts';

const SMALL = { layers: 2, width: 64, heads: 4, mlp: 128, seed: 7 } as const;
const PIXELS = 3 * 224 * 224;

async function run(path: string, batch: number) {
  const session = await ort.InferenceSession.create(path);
  const data = new Float32Array(batch * PIXELS);
  for (let i = 0; i < batch; i++) data.set(syntheticImage(i), i * PIXELS);
  const out = await session.run({ pixel_values: new ort.Tensor('float32', data, [batch, 3, 224, 224]) });
  await session.release();
  return out;
}

const data = (t: ort.OnnxValue | undefined) => t!.data as Float32Array;
const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

describe('synthetic CLIP ViT', () => {
  let dir: string;
  let fp32: BuiltVit;
  let int8: BuiltVit;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-vit-'));
    fp32 = await buildVitL14(join(dir, 'fp32.onnx'), SMALL);
    int8 = await buildVitL14(join(dir, 'int8.onnx'), { ...SMALL, quantize: 'int8-dynamic' });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([1, 2])('fp32 and int8 meet the contract at batch %i', async (batch) => {
    for (const model of [fp32, int8]) {
      const out = await run(model.modelPath, batch);
      expect(out.embedding?.dims).toEqual([batch, 64]);
      expect(out.logits?.dims).toEqual([batch, 2]);
      expect(out.patch_logits?.dims).toEqual([batch, 256, 2]);
      for (const name of ['embedding', 'logits', 'patch_logits']) {
        expect(data(out[name]).every(Number.isFinite)).toBe(true);
      }
      for (let i = 0; i < batch; i++) {
        expect(Math.hypot(...data(out.embedding).subarray(i * 64, (i + 1) * 64))).toBeCloseTo(1, 4);
      }
    }
  });

  it('keeps batch items independent and image-dependent', async () => {
    const [one, two] = [await run(fp32.modelPath, 1), await run(fp32.modelPath, 2)];
    const e1 = data(one.embedding);
    const e2 = data(two.embedding);
    for (let i = 0; i < 64; i++) expect(e2[i]).toBeCloseTo(e1[i]!, 4);
    const delta = e2.subarray(0, 64).map((v, i) => Math.abs(v - e2[64 + i]!));
    expect(Math.max(...delta)).toBeGreaterThan(1e-3);
    const p = data(two.patch_logits);
    expect(Math.max(...p.subarray(0, 512).map((v, i) => Math.abs(v - p[512 + i]!)))).toBeGreaterThan(1e-2);
  });

  it('float16 keeps the contract (float32 in and out) at about half the size, close to fp32', async () => {
    const half = await buildVitL14(join(dir, 'fp16.onnx'), { ...SMALL, precision: 'float16' });
    expect(half.precision).toBe('float16');
    const [a, b] = [await run(fp32.modelPath, 2), await run(half.modelPath, 2)];
    expect(b.embedding?.type).toBe('float32');
    expect(b.logits?.dims).toEqual([2, 2]);
    for (let i = 0; i < 2; i++) {
      const s = [i * 64, (i + 1) * 64] as const;
      expect(cosine(data(a.embedding).subarray(...s), data(b.embedding).subarray(...s))).toBeGreaterThan(
        0.999,
      );
    }
    for (let i = 0; i < 4; i++) expect(Math.abs(data(b.logits)[i]! - data(a.logits)[i]!)).toBeLessThan(1e-2);
    const size = async (path: string) =>
      (await stat(path)).size + (await stat(`${path}.data`).catch(() => ({ size: 0 }))).size;
    expect((await size(half.modelPath)) / (await size(fp32.modelPath))).toBeLessThan(0.6);
    await expect(
      buildVitL14(join(dir, 'x.onnx'), { ...SMALL, precision: 'float16', quantize: 'int8-dynamic' }),
    ).rejects.toThrow(/do not combine/);
  });

  it('int8 embeddings stay close to fp32 (cosine ≥ 0.95), image-dependent part included', async () => {
    const [a, b] = [
      data((await run(fp32.modelPath, 2)).embedding),
      data((await run(int8.modelPath, 2)).embedding),
    ];
    for (let i = 0; i < 2; i++) {
      const s = [i * 64, (i + 1) * 64] as const;
      expect(cosine(a.subarray(...s), b.subarray(...s))).toBeGreaterThanOrEqual(0.95);
    }
    // Random-init CLS embeddings share a large image-independent component, which alone would make
    // the cosine above near 1; the difference between two images must survive quantisation too.
    const diff = (e: Float32Array) => e.subarray(0, 64).map((v, i) => v - e[64 + i]!);
    expect(cosine(diff(a), diff(b))).toBeGreaterThanOrEqual(0.95);
  });

  it('stores int8 weights smaller', () => {
    // Not 4x at this size: conv, embeddings, LN and biases stay fp32 and every external tensor is
    // page-aligned. For ViT-L/14 the bench prints the real sizes.
    expect(int8.dataBytes).toBeLessThan(fp32.dataBytes);
    expect(int8.parameters).toBe(fp32.parameters);
  });

  it('counts ViT-L/14 FLOPs from its shape', () => {
    const { macs, flops } = vitFlops(VIT_L14);
    expect(macs.total / 1e9).toBeGreaterThan(80);
    expect(macs.total / 1e9).toBeLessThan(82);
    expect(flops).toBe(2 * macs.total);
  });
});
