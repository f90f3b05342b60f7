import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDetector } from '../detector/index.ts';
import { buildVitL14 } from '../vit/vit.ts';
import { ModelRegistry } from './index.ts';
import { ThreadedSession } from './session-thread.ts';
import { writeTestDetector } from './test-model.ts';

const SIZE = 28;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'loupe-session-thread-'));
  writeTestDetector(root, { id: 'plain', size: SIZE, grid: [4, 4], gain: 4 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const uniform = (red: number) => {
  const t = new Float32Array(3 * SIZE * SIZE);
  t.fill(red, 0, SIZE * SIZE);
  return t;
};

describe('ThreadedSession', () => {
  it('gives the same outputs as the in-process session, through the registry', async () => {
    const inProcess = await ModelRegistry.load(root);
    const threaded = await ModelRegistry.load(root, { sessionThread: true });
    try {
      const a = inProcess.get('plain')!;
      const b = threaded.get('plain')!;
      expect(b.session).toBeInstanceOf(ThreadedSession);
      expect(b.batchInvariant).toBe(a.batchInvariant);
      const inputs = [0.3, -0.6, 0.9].map(uniform);
      const [x, y] = [await runDetector(a, inputs), await runDetector(b, inputs)];
      expect(y.map((o) => o.pFake)).toEqual(x.map((o) => o.pFake));
      expect(y.map((o) => Array.from(o.embedding))).toEqual(x.map((o) => Array.from(o.embedding)));
      expect(y.map((o) => Array.from(o.patchFake!))).toEqual(x.map((o) => Array.from(o.patchFake!)));
    } finally {
      await inProcess.close();
      await threaded.close();
    }
  });

  it("leaves the caller's event loop free while the model runs", async () => {
    const path = join(root, 'vit.onnx');
    await buildVitL14(path, { layers: 2, width: 256, heads: 4, mlp: 1024, seed: 1 });
    const session = await ThreadedSession.create(path, { intraOpNumThreads: 1 });
    try {
      const input = {
        pixel_values: new Tensor('float32', new Float32Array(4 * 3 * 224 * 224).fill(0.2), [4, 3, 224, 224]),
      };
      await session.run(input, ['logits']);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 2);
      const started = performance.now();
      for (let i = 0; i < 3; i++) await session.run(input, ['logits']);
      const ms = performance.now() - started;
      clearInterval(timer);
      // In-process, onnxruntime-node runs synchronously and no timer fires during a run.
      expect(ticks).toBeGreaterThan(Math.min(5, ms / 20));
    } finally {
      await session.release();
    }
  });

  it('starts a new thread for the next run after its thread dies; the run in flight fails clearly', async () => {
    const path = join(root, 'plain', 'model.onnx');
    const session = await ThreadedSession.create(path, {});
    const feeds = { pixel_values: new Tensor('float32', uniform(0.5), [1, 3, SIZE, SIZE]) };
    const before = await session.run(feeds, ['logits']);
    // The thread dies with this run unanswered. It never receives the run, so the test does not
    // depend on which comes first, a fast model's reply or the exit.
    const worker = (session as unknown as { worker: Worker }).worker;
    worker.postMessage = () => undefined;
    const inFlight = session.run(feeds, ['logits']);
    await worker.terminate();
    await expect(inFlight).rejects.toThrow(/detector session thread exited/);
    const after = await session.run(feeds, ['logits']);
    expect(Array.from(after.logits!.data as Float32Array)).toEqual(
      Array.from(before.logits!.data as Float32Array),
    );
    await session.release();
    await expect(session.run(feeds, ['logits'])).rejects.toThrow(/released/);
  });

  it('rejects as InferenceSession.create would for a file that is not a model', async () => {
    const bad = join(root, 'not-a-model.onnx');
    writeFileSync(bad, 'not onnx');
    await expect(ThreadedSession.create(bad, {})).rejects.toThrow(/protobuf|parse|load/i);
  });
});
