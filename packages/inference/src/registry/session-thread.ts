import { Worker } from 'node:worker_threads';
import { Tensor, type InferenceSession } from 'onnxruntime-node';

/** What Loupe uses of an ONNX Runtime session: the in-process one or a ThreadedSession. */
export type DetectorSession = Pick<
  InferenceSession,
  'inputNames' | 'outputNames' | 'inputMetadata' | 'outputMetadata' | 'release'
> & {
  run(feeds: InferenceSession.FeedsType, fetches: string[]): Promise<InferenceSession.ReturnType>;
};

type Reply =
  | {
      op: 'created';
      inputNames: string[];
      outputNames: string[];
      inputMetadata?: InferenceSession.ValueMetadata[];
      outputMetadata?: InferenceSession.ValueMetadata[];
    }
  | { op: 'createFailed'; message: string }
  | { op: 'ran'; id: number; outputs: Record<string, PlainTensor> }
  | { op: 'runFailed'; id: number; message: string }
  | { op: 'released' };

interface PlainTensor {
  type: Tensor.Type;
  dims: number[];
  data: Tensor.DataType;
}

/**
 * An ONNX Runtime session in a thread of its own (session-thread-entry.mjs). onnxruntime-node runs
 * inference synchronously on the calling thread: a 0.3–1 s ViT-L/14 run on the worker's main
 * thread stops its event loop for that long (no face detection for the next analysis, no database
 * writes, no pixel-thread results, no heartbeats). Here the main thread only posts the inputs and
 * is free until the outputs come back, so the pipeline really overlaps the detector.
 *
 * Same options, same numbers: the thread creates the session exactly as the main thread would. A
 * thread that dies fails the runs in flight with a clear error and is started again for the next.
 */
export class ThreadedSession implements DetectorSession {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private released = false;
  inputNames: readonly string[] = [];
  outputNames: readonly string[] = [];
  inputMetadata: readonly InferenceSession.ValueMetadata[] = [];
  outputMetadata: readonly InferenceSession.ValueMetadata[] = [];

  private constructor(
    private readonly modelPath: string,
    private readonly options: InferenceSession.SessionOptions,
  ) {}

  /** Starts the thread and creates the session there; rejects as InferenceSession.create would. */
  static async create(modelPath: string, options: InferenceSession.SessionOptions): Promise<ThreadedSession> {
    const s = new ThreadedSession(modelPath, options);
    await s.start();
    return s;
  }

  async run(feeds: InferenceSession.FeedsType, fetches: string[]): Promise<InferenceSession.ReturnType> {
    if (this.released) throw new Error('detector session thread: the session was released');
    if (!this.worker) await this.start(); // the previous thread died: start a new one
    const plainFeeds: Record<string, PlainTensor> = {};
    for (const [name, value] of Object.entries(feeds)) {
      const t = value as Tensor;
      plainFeeds[name] = { type: t.type, dims: [...t.dims], data: t.data };
    }
    const reply = await this.request({ op: 'run', feeds: plainFeeds, fetches });
    if (reply.op === 'runFailed') throw new Error(reply.message);
    if (reply.op !== 'ran') throw new Error(`detector session thread answered ${reply.op} to run`);
    const out: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(reply.outputs)) {
      out[name] = new Tensor(t.type, t.data as Float32Array, t.dims);
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const worker = this.worker;
    if (!worker) return;
    await this.request({ op: 'release' }).catch(() => undefined);
    await worker.terminate();
  }

  private async start(): Promise<void> {
    const worker = new Worker(new URL('./session-thread-entry.mjs', import.meta.url));
    // Never keeps the process alive by itself; release() ends it.
    worker.unref();
    const stopped = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('message', (m: Reply) => {
      const key = 'id' in m ? m.id : 0; // create and release are one at a time: id 0
      const p = this.pending.get(key);
      this.pending.delete(key);
      p?.resolve(m);
    });
    worker.on('error', (e) => stopped(new Error(`detector session thread failed: ${e.message}`)));
    worker.on('exit', (code) => stopped(new Error(`detector session thread exited (code ${code})`)));
    this.worker = worker;
    const reply = await this.request({ op: 'create', modelPath: this.modelPath, options: this.options });
    if (reply.op !== 'created') {
      this.worker = null;
      await worker.terminate();
      throw new Error(reply.op === 'createFailed' ? reply.message : `unexpected ${reply.op}`);
    }
    this.inputNames = reply.inputNames;
    this.outputNames = reply.outputNames;
    this.inputMetadata = reply.inputMetadata ?? [];
    this.outputMetadata = reply.outputMetadata ?? [];
  }

  private request(message: { op: 'create' | 'run' | 'release'; [k: string]: unknown }): Promise<Reply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('detector session thread is not running'));
    const id = message.op === 'run' ? this.nextId++ : 0;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(message.op === 'run' ? { ...message, id } : message);
    });
  }
}
