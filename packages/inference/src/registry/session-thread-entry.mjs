// Entry of a detector session thread (session-thread.ts). Plain JavaScript so it loads the same
// under node, tsx and vitest. It owns one ONNX Runtime session: onnxruntime-node's session.run is
// synchronous on the thread that calls it, so running it here keeps the worker's event loop free.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

let session = null;

const message = (e) => (e instanceof Error ? e.message : String(e));
const plain = (t) => ({ type: t.type, dims: [...t.dims], data: t.data });

parentPort.on('message', async (m) => {
  if (m.op === 'create') {
    try {
      session = await ort.InferenceSession.create(m.modelPath, m.options);
      parentPort.postMessage({
        op: 'created',
        inputNames: [...session.inputNames],
        outputNames: [...session.outputNames],
        inputMetadata: session.inputMetadata ? [...session.inputMetadata].map((v) => ({ ...v })) : undefined,
        outputMetadata: session.outputMetadata
          ? [...session.outputMetadata].map((v) => ({ ...v }))
          : undefined,
      });
    } catch (e) {
      parentPort.postMessage({ op: 'createFailed', message: message(e) });
    }
    return;
  }
  if (m.op === 'run') {
    try {
      const feeds = {};
      for (const [name, t] of Object.entries(m.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      const out = await session.run(feeds, m.fetches);
      const outputs = {};
      for (const [name, t] of Object.entries(out)) outputs[name] = plain(t);
      parentPort.postMessage({ op: 'ran', id: m.id, outputs });
    } catch (e) {
      parentPort.postMessage({ op: 'runFailed', id: m.id, message: message(e) });
    }
    return;
  }
  if (m.op === 'release') {
    await session?.release();
    session = null;
    parentPort.postMessage({ op: 'released' });
  }
});
