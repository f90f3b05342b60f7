import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../registry/index.ts';
import { writeTestDetector } from '../registry/test-model.ts';
import { runDetector, softmaxFake } from './index.ts';

// The test model: logit(real) = 0.25, logit(fake) = GAIN · mean(normalised red), see test-model.ts.
const GAIN = 4;
const SIZE = 28; // small input keeps the tests fast; grid 4×4 → 7-pixel patches
const PLANE = SIZE * SIZE;

let root: string;
let registry: ModelRegistry;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loupe-detector-'));
  writeTestDetector(root, { id: 'plain', size: SIZE, grid: [4, 4], gain: GAIN });
  writeTestDetector(root, { id: 'unnormalised', size: SIZE, grid: [4, 4], gain: GAIN, normalized: false });
  writeTestDetector(root, {
    id: 'hot',
    size: SIZE,
    grid: [4, 4],
    gain: GAIN,
    manifest: (m) => void (m.calibration = { temperature: 2, threshold: 0.9 }),
  });
  writeTestDetector(root, {
    id: 'swapped',
    size: SIZE,
    grid: null,
    gain: GAIN,
    manifest: (m) => void (m.outputs.logits = { name: 'logits', classes: ['fake', 'real'] }),
  });
  registry = await ModelRegistry.load(root);
  expect(registry.problems).toEqual([]);
});

afterAll(async () => {
  await registry?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A tensor whose normalised red channel is `red` everywhere (green/blue 0). */
function uniform(red: number): Float32Array {
  const t = new Float32Array(3 * PLANE);
  t.fill(red, 0, PLANE);
  return t;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('runDetector', () => {
  it('computes logits, pFake = softmax(logits)[fake], the label and provenance', async () => {
    const d = registry.get('plain')!;
    const [out] = await runDetector(d, [uniform(0.5)]);
    expect(out!.logits[0]).toBeCloseTo(0.25, 5);
    expect(out!.logits[1]).toBeCloseTo(GAIN * 0.5, 5);
    expect(out!.pFake).toBeCloseTo(sigmoid(GAIN * 0.5 - 0.25), 6);
    expect(out!.label).toBe('fake');
    expect(out!.model).toEqual(d.provenance);
    expect(out!.model.isTestFixture).toBe(true);
    const [real] = await runDetector(d, [uniform(-1)]);
    expect(real!.label).toBe('real');
  });

  it('returns unit embeddings, normalising them itself when the manifest says normalized: false', async () => {
    const [a] = await runDetector(registry.get('plain')!, [uniform(0.3)]);
    const [b] = await runDetector(registry.get('unnormalised')!, [uniform(0.3)]);
    const norm = (e: Float32Array) => Math.hypot(...e);
    expect(norm(a!.embedding)).toBeCloseTo(1, 5);
    expect(norm(b!.embedding)).toBeCloseTo(1, 5);
    for (let i = 0; i < a!.embedding.length; i++) expect(b!.embedding[i]).toBeCloseTo(a!.embedding[i]!, 5);
  });

  it('applies temperature and threshold from the calibration', async () => {
    const [out] = await runDetector(registry.get('hot')!, [uniform(0.5)]);
    const p = sigmoid((GAIN * 0.5 - 0.25) / 2);
    expect(out!.pFake).toBeCloseTo(p, 6);
    expect(p).toBeLessThan(0.9);
    expect(out!.label).toBe('real');
  });

  it('follows the manifest class order', async () => {
    const [out] = await runDetector(registry.get('swapped')!, [uniform(0.5)]);
    // classes ["fake", "real"]: index 0 is fake, so pFake = softmax([0.25, 2])[0]
    expect(out!.pFake).toBeCloseTo(sigmoid(0.25 - GAIN * 0.5), 6);
    expect(out!.patchFake).toBeNull();
    expect(out!.grid).toBeNull();
  });

  it('gives per-patch p(fake) in row-major grid order', async () => {
    const t = uniform(-1);
    // Patch (row 2, column 1) of the 4×4 grid: pixels y 14..20, x 7..13.
    for (let y = 14; y < 21; y++) for (let x = 7; x < 14; x++) t[y * SIZE + x] = 1;
    const [out] = await runDetector(registry.get('plain')!, [t]);
    expect(out!.grid).toEqual([4, 4]);
    const p = Array.from(out!.patchFake!);
    expect(p.indexOf(Math.max(...p))).toBe(2 * 4 + 1);
    expect(p[9]).toBeCloseTo(sigmoid(GAIN - 0.25), 5);
    expect(p[0]).toBeCloseTo(sigmoid(-GAIN - 0.25), 5);
  });

  it('batches without changing results', async () => {
    const d = registry.get('plain')!;
    const inputs = [-0.8, -0.2, 0, 0.4, 1.1].map(uniform);
    const one = await runDetector(d, inputs, { maxBatch: 1 });
    const two = await runDetector(d, inputs, { maxBatch: 2 });
    const all = await runDetector(d, inputs);
    expect(two.map((o) => o.pFake)).toEqual(one.map((o) => o.pFake));
    expect(all.map((o) => o.pFake)).toEqual(one.map((o) => o.pFake));
    expect(all).toHaveLength(5);
    expect(await runDetector(d, [])).toEqual([]);
  });

  it('rejects tensors of the wrong size', async () => {
    await expect(runDetector(registry.get('plain')!, [new Float32Array(10)])).rejects.toThrow(
      /expects 3×28×28/,
    );
  });
});

describe('softmaxFake', () => {
  it('is stable for extreme logits', () => {
    expect(softmaxFake(1000, 0, 1)).toBe(1);
    expect(softmaxFake(0, 1000, 1)).toBe(0);
    expect(softmaxFake(-800, -801, 1)).toBeCloseTo(sigmoid(1), 12);
    expect(softmaxFake(0, 0, 1)).toBe(0.5);
  });
});
