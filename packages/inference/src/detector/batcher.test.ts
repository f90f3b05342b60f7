import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAI_CLIP_INPUT } from '../preprocess/index.ts';
import { ModelRegistry, openSessionLike, type LoadedDetector } from '../registry/index.ts';
import type { DetectorSession } from '../registry/session-thread.ts';
import { writeTestDetector } from '../registry/test-model.ts';
import { buildVitL14 } from '../vit/vit.ts';
import { writeFixtureDetector } from '../fixture/fixture.ts';
import { DetectorBatcher, probeBatchInvariance } from './batcher.ts';
import { runDetector, type DetectorOutput } from './index.ts';

const SIZE = 28;
const PLANE = SIZE * SIZE;

let root: string;
let registry: ModelRegistry;
let plain: LoadedDetector;

/** A tensor whose normalised red channel is `red` everywhere: the test model's pFake grows with it. */
function uniform(red: number): Float32Array {
  const t = new Float32Array(3 * PLANE);
  t.fill(red, 0, PLANE);
  return t;
}

/** A small ViT with the real model's layout, quantised the way the int8 benchmark model is. */
async function writeTinyVit(dir: string, id: string, quantize: 'none' | 'int8-dynamic') {
  mkdirSync(join(dir, id), { recursive: true });
  const built = await buildVitL14(join(dir, id, 'model.onnx'), {
    layers: 1,
    width: 32,
    heads: 2,
    mlp: 64,
    seed: 3,
    quantize,
  });
  writeFileSync(
    join(dir, id, 'manifest.json'),
    JSON.stringify({
      id,
      version: '0.0.1',
      name: 'tiny random ViT (not a detector)',
      isTestFixture: true,
      file: 'model.onnx',
      sha256: createHash('sha256').update(readFileSync(built.modelPath)).digest('hex'),
      license: 'CC0-1.0',
      source: 'packages/inference buildVitL14',
      input: OPENAI_CLIP_INPUT,
      outputs: {
        embedding: { name: 'embedding', dim: 32, normalized: true },
        logits: { name: 'logits', classes: ['real', 'fake'] },
        patchLogits: { name: 'patch_logits', grid: [16, 16] },
      },
      calibration: { temperature: 1, threshold: 0.5 },
    }),
  );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loupe-batcher-'));
  writeTestDetector(root, { id: 'plain', size: SIZE, grid: [4, 4], gain: 4 });
  await writeTinyVit(root, 'vit-fp32', 'none');
  await writeTinyVit(root, 'vit-int8', 'int8-dynamic');
  registry = await ModelRegistry.load(root);
  expect(registry.problems).toEqual([]);
  plain = registry.get('plain')!;
});

afterAll(async () => {
  await registry?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('DetectorBatcher', () => {
  it('forms batches across concurrent requests and gives each its own outputs, in order', async () => {
    const batcher = new DetectorBatcher(plain, 8);
    const requests = [[0.1], [0.5, -0.3], [0.9, 0.2, -0.8]].map((reds) => reds.map(uniform));
    const results = await Promise.all(requests.map((r) => batcher.run(r)));
    for (const [i, r] of requests.entries()) {
      const alone = await runDetector(plain, r, { maxBatch: 1 });
      expect(results[i]!.map((o) => o.pFake)).toEqual(alone.map((o) => o.pFake));
      expect(results[i]!.map((o) => Array.from(o.embedding))).toEqual(
        alone.map((o) => Array.from(o.embedding)),
      );
    }
    // The first request starts the session at once; the two that arrive meanwhile share the next run.
    expect(batcher.stats).toEqual({ runs: 2, images: 6, largestBatch: 5 });
  });

  it('splits a request larger than maxBatch over several runs, in order', async () => {
    const batcher = new DetectorBatcher(plain, 2);
    const big = [0.1, 0.2, 0.3, 0.4, 0.5].map(uniform);
    const [a, b] = await Promise.all([batcher.run(big), batcher.run([uniform(0.9)])]);
    expect(a!.map((o) => o.pFake)).toEqual(
      (await runDetector(plain, big, { maxBatch: 1 })).map((o) => o.pFake),
    );
    expect(b!).toHaveLength(1);
    // 5 + 1 images in runs of at most 2; the last run takes the big request's tail and the other.
    expect(batcher.stats).toEqual({ runs: 3, images: 6, largestBatch: 2 });
  });

  it('runs every image alone for a model whose outputs depend on their batch mates', async () => {
    const int8 = registry.get('vit-int8')!;
    const batcher = new DetectorBatcher(int8, 8);
    expect(batcher.maxBatch).toBe(1);
    const x = ramp(1);
    const y = ramp(2);
    const [[fromBatcher], [alone]] = await Promise.all([
      batcher.run([x, y]),
      runDetector(int8, [x], { maxBatch: 8 }),
    ]);
    expect(Array.from(fromBatcher!.logits)).toEqual(Array.from(alone!.logits));
    expect(batcher.stats).toEqual({ runs: 2, images: 2, largestBatch: 1 });
  });

  it('refuses a malformed request alone; the others still get their scores', async () => {
    const batcher = new DetectorBatcher(plain, 8);
    const [good, bad, other] = await Promise.allSettled([
      batcher.run([uniform(0.2)]),
      batcher.run([new Float32Array(5)]),
      batcher.run([uniform(-0.2)]),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(other.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/has 5 values/);
    expect(await batcher.run([])).toEqual([]);
  });

  it('with more sessions runs side by side, one run per session, and gives the same outputs', async () => {
    const int8 = registry.get('vit-int8')!;
    const more = [await openSessionLike(int8, {}), await openSessionLike(int8, {})];
    try {
      // Counts the runs in flight on each real session.
      let inFlight = 0;
      let most = 0;
      const used = new Set<unknown>();
      const counting = (s: DetectorSession): DetectorSession => {
        const run = s.run.bind(s);
        return Object.assign(Object.create(s) as DetectorSession, {
          run: async (...a: Parameters<DetectorSession['run']>) => {
            used.add(s);
            most = Math.max(most, ++inFlight);
            try {
              return await run(...a);
            } finally {
              inFlight--;
            }
          },
        });
      };
      const batcher = new DetectorBatcher(
        { ...int8, session: counting(int8.session) },
        8,
        more.map(counting),
      );
      expect(batcher.sessions).toHaveLength(3);
      const inputs = [1, 2, 3, 4, 5, 6, 7].map(ramp);
      const [big, one] = await Promise.all([batcher.run(inputs.slice(0, 6)), batcher.run([inputs[6]!])]);
      const alone = await runDetector(int8, inputs, { maxBatch: 1 });
      expect([...big!, ...one!].map((o) => Array.from(o.logits))).toEqual(
        alone.map((o) => Array.from(o.logits)),
      );
      expect(batcher.stats).toEqual({ runs: 7, images: 7, largestBatch: 1 });
      expect(most).toBe(3);
      expect(used.size).toBe(3);
    } finally {
      await Promise.all(more.map((s) => s.release()));
    }
  });

  it('fails only the requests of a failed run; a request split over sessions is failed once', async () => {
    // A second session whose first run fails (a session thread that died, say), then works.
    let failures = 0;
    const flaky: DetectorSession = Object.assign(Object.create(plain.session) as DetectorSession, {
      run: async (...a: Parameters<DetectorSession['run']>) => {
        if (failures++ === 0) throw new Error('session lost');
        return plain.session.run(...a);
      },
    });
    const batcher = new DetectorBatcher(plain, 1, [flaky]);
    // The split request's two images go to the two sessions at once; the other waits for a free one.
    const [split, after] = await Promise.allSettled([
      batcher.run([uniform(0.1), uniform(0.2)]),
      batcher.run([uniform(0.3)]),
    ]);
    expect(split.status).toBe('rejected');
    expect(String((split as PromiseRejectedResult).reason)).toMatch(/session lost/);
    expect(after.status).toBe('fulfilled');
    const [expected] = await runDetector(plain, [uniform(0.3)], { maxBatch: 1 });
    expect((after as PromiseFulfilledResult<DetectorOutput[]>).value[0]!.pFake).toBe(expected!.pFake);
    // The image scored beside the failed one did not resolve its request a second time, nor get lost.
    expect(batcher.stats.runs).toBe(2);
    expect(await batcher.run([uniform(0.4)])).toHaveLength(1);
  });

  it('rejects a maxBatch that is not a positive integer', () => {
    expect(() => new DetectorBatcher(plain, 0)).toThrow(/maxBatch/);
  });
});

describe('probeBatchInvariance', () => {
  it('is true for fp32 models and false for dynamically quantised int8 (one scale per input tensor)', async () => {
    expect(await probeBatchInvariance(plain)).toBe(true);
    // The product's test fixture: its fp32 GEMMs differ by ~1e-7 between batch sizes, float rounding.
    const fixtureDir = join(root, 'fixture-only');
    await writeFixtureDetector(fixtureDir);
    const fixtures = await ModelRegistry.load(fixtureDir);
    expect(fixtures.primary()!.batchInvariant).toBe(true);
    await fixtures.close();
    expect(registry.get('vit-fp32')!.batchInvariant).toBe(true);
    const int8 = registry.get('vit-int8')!;
    expect(int8.batchInvariant).toBe(false);
    expect(await probeBatchInvariance(int8)).toBe(false);
    // Why it matters: batched anyway, the same image scores differently beside another one.
    const session = { ...int8, batchInvariant: true };
    const [alone] = await runDetector(session, [ramp(1)], { maxBatch: 1 });
    const [besideOther] = await runDetector(session, [ramp(1), ramp(2)], { maxBatch: 2 });
    expect(Array.from(besideOther!.logits)).not.toEqual(Array.from(alone!.logits));
  });
});

/** A 224-px input that differs by seed. */
function ramp(seed: number): Float32Array {
  return new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i * seed * 0.37) * (1 + seed / 2));
}
