/**
 * Process-wide face-api / tfjs runtime: one WASM backend, one set of weights.
 *
 * face-api keeps its networks as module-level singletons (`faceapi.nets`), so weights are loaded
 * once per process and shared by every detector; a reference count disposes them when the last
 * detector is closed (and a later `createFaceDetector` loads them again).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import type * as FaceApiModule from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadVerifiedWeights, type ModelName } from './weights.ts';

export type FaceApi = typeof FaceApiModule;

/** tfjs as face-api re-exports it; its own typings list only a handful of ops, hence tfjs-core's. */
export type Tf = typeof tfc & {
  setWasmPaths: typeof setWasmPaths;
  setThreadsCount: typeof setThreadsCount;
};

export interface Lib {
  faceapi: FaceApi;
  /**
   * The exact tfjs instance face-api was bundled against. Tensors must come from it: face-api
   * checks `input instanceof tf.Tensor`, which fails for a tensor made by another copy of tfjs.
   */
  tf: Tf;
}

let libReady: Promise<Lib> | null = null;

/**
 * Loads face-api + tfjs on first use only (~0.3 s and ~50 MB RSS), so importing this package for
 * the crop geometry does not pay for them. The node-wasm bundle is CommonJS: its `module.exports`
 * is the dynamic import's `default` under Node ESM, tsx and vitest alike. It require()s
 * @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm and re-exports both as `faceapi.tf`.
 */
export function loadLib(): Promise<Lib> {
  libReady ??= import('@vladmandic/face-api/dist/face-api.node-wasm.js').then((mod) => {
    const faceapi = ((mod as { default?: FaceApi }).default ?? mod) as FaceApi;
    return { faceapi, tf: faceapi.tf as unknown as Tf };
  });
  libReady.catch(() => (libReady = null)); // retry on a later call rather than cache the failure
  return libReady;
}

const MODELS: readonly ModelName[] = [
  'ssd_mobilenetv1_model',
  'face_landmark_68_model',
  'face_recognition_model',
];

export interface Runtime extends Lib {
  backend: string;
  simd: boolean;
  faceApiVersion: string;
  tfjsVersion: string;
  weightsSha256: Record<string, string>;
}

const requireHere = createRequire(import.meta.url);
let backendReady: Promise<{ simd: boolean }> | null = null;
let weightsReady: Promise<Runtime> | null = null;
let refs = 0;
const loadedTensors: tfc.Tensor[] = [];

/**
 * Selects the WASM backend once per process. The .wasm binaries are read from the installed
 * package (no CDN); `usePlatformFetch` stays false because Node's fetch cannot read file paths,
 * whereas Emscripten's own loader reads them with fs.
 *
 * `threads` only matters where tfjs enables WASM threads: tfjs-backend-wasm 4.22 hard-codes
 * WASM_HAS_MULTITHREAD_SUPPORT=false under Node (tfjs#3830), so in Node inference is
 * single-threaded and parallelism must come from worker processes/threads. Only the first call's
 * value counts, the backend cannot be re-initialised.
 */
function initBackend(tf: Tf, threads: number | undefined): Promise<{ simd: boolean }> {
  backendReady ??= (async () => {
    const wasmDir = path.dirname(
      requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
    );
    tf.setWasmPaths(wasmDir + path.sep);
    if (threads !== undefined) tf.setThreadsCount(threads);
    if (!(await tf.setBackend('wasm'))) throw new Error('faces: could not initialise the tfjs wasm backend');
    await tf.ready();
    return { simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) };
  })().catch((err: unknown) => {
    backendReady = null; // let a later call retry instead of caching the failure
    throw err;
  });
  return backendReady;
}

async function loadWeights(threads: number | undefined): Promise<Runtime> {
  const { faceapi, tf } = await loadLib();
  const { simd } = await initBackend(tf, threads);
  const modelDir = path.join(path.dirname(requireHere.resolve('@vladmandic/face-api/package.json')), 'model');
  const nets = {
    ssd_mobilenetv1_model: faceapi.nets.ssdMobilenetv1,
    face_landmark_68_model: faceapi.nets.faceLandmark68Net,
    face_recognition_model: faceapi.nets.faceRecognitionNet,
  };
  const weightsSha256: Record<string, string> = {};
  try {
    for (const name of MODELS) {
      const { weightMap, sha256 } = await loadVerifiedWeights(tf, modelDir, name);
      Object.assign(weightsSha256, sha256);
      // Some weights are used outside the nets' param lists (e.g. SSD's output anchors), which
      // net.dispose() would miss; keep every decoded tensor so release can free them all.
      loadedTensors.push(...Object.values(weightMap));
      const net = nets[name];
      net.loadFromWeightMap(weightMap as unknown as Parameters<typeof net.loadFromWeightMap>[0]);
    }
  } catch (err) {
    disposeWeights(faceapi); // e.g. the second model failed verification: free the first
    throw err;
  }
  return {
    faceapi,
    tf,
    backend: tf.getBackend(),
    simd,
    faceApiVersion: faceapi.version,
    tfjsVersion: tf.version_core,
    weightsSha256,
  };
}

/**
 * Takes a reference on the shared runtime, loading it on first use. Loading and disposal both go
 * through `serialize`, so a release followed by an acquire always disposes first, then reloads.
 */
export async function acquireRuntime(threads: number | undefined): Promise<Runtime> {
  refs += 1; // counted before awaiting so a concurrent release cannot dispose under us
  try {
    weightsReady ??= serialize(() => loadWeights(threads)).catch((err: unknown) => {
      weightsReady = null;
      throw err;
    });
    return await weightsReady;
  } catch (err) {
    refs -= 1;
    throw err;
  }
}

/** Drops a reference; the last one disposes the weights (≈46 MB of tensors). */
export async function releaseRuntime(): Promise<void> {
  refs -= 1;
  if (refs > 0 || !weightsReady) return;
  weightsReady = null;
  // Enqueued synchronously: behind any in-flight detection (and the load itself), ahead of any
  // later reload.
  await serialize(async () => disposeWeights((await loadLib()).faceapi));
}

function disposeWeights(faceapi: FaceApi): void {
  const { ssdMobilenetv1, faceLandmark68Net, faceRecognitionNet } = faceapi.nets;
  for (const net of [ssdMobilenetv1, faceLandmark68Net, faceRecognitionNet]) {
    if (net.isLoaded) net.dispose(false); // drops the nets' references (params -> undefined)
  }
  for (const t of loadedTensors.splice(0)) t.dispose(); // idempotent for already-disposed ones
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs inference jobs one at a time. The WASM backend is single-threaded, so this costs no
 * throughput, but it bounds peak memory (one decoded image in tensors at a time) and keeps weight
 * disposal from racing an in-flight detection.
 */
export function serialize<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}
