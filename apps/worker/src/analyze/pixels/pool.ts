// sharp first: on glibc Linux the main thread must load sharp before any worker thread does, so
// libvips stays loaded until every thread has finished (sharp's documentation, "Worker threads").
import 'sharp';
import { Worker } from 'node:worker_threads';
import { ForensicsInputError, type ForensicReport } from '@loupe/forensics';
import type { TaskReply, TaskRequest, ThreadData } from './protocol.ts';
import type { DetectorMapImage, DetectorMapInput, PixelWork } from './tasks.ts';

/**
 * A fixed pool of pixel threads (node:worker_threads) for the forensics and map rendering, so their
 * JS pixel loops use the other cores and the main thread's event loop stays free for face detection
 * and the detector (ONNX Runtime has its own threads). Written here rather than taken from a pool
 * library: two task kinds, one task per thread at a time, and it adds no dependency.
 *
 * Created once per worker process and closed on shutdown. Threads start on first use; a thread that
 * throws or dies fails only its own task, with a clear error, and is replaced for the next one.
 */
export class PixelPool implements PixelWork {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private closed = false;

  /**
   * `nice`: the threads' Linux nice value (0–19), set by each thread on itself as it starts. On
   * Linux a nice value belongs to a thread, so this lowers the pixel work alone, below the main
   * thread and the detector's session thread; elsewhere it is ignored (it would renice the whole
   * process).
   */
  constructor(
    readonly size: number,
    readonly nice = 0,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`PixelPool size must be ≥ 1, got ${size}`);
    if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
      throw new RangeError(`PixelPool nice must be an integer 0–19, got ${nice}`);
    }
  }

  async forensics(bytes: Buffer, maxLongSide: number, overlays: boolean): Promise<ForensicReport> {
    // A private copy moves to the thread; the caller keeps its own bytes.
    const copy = new Uint8Array(bytes);
    const reply = await this.run(
      { id: this.nextId++, task: 'forensics', bytes: copy, maxLongSide, overlays },
      [copy.buffer],
    );
    if (reply.task !== 'forensics') throw new Error(`pixel thread answered ${reply.task} to forensics`);
    const report = reply.result;
    return {
      ...report,
      maps: report.maps.map((m) => ({
        ...m,
        png: asBuffer(m.png),
        overlayPng: m.overlayPng && asBuffer(m.overlayPng),
      })),
    };
  }

  async detectorMap(input: DetectorMapInput): Promise<DetectorMapImage> {
    // Copied, not moved: the caller still uses the image and scores. The image's pixels only go
    // when an overlay is drawn (video frames); the grey map needs the image's size alone, and a
    // 2 Mpx photo's pixels are 6 MB to copy twice for each scored face.
    const sent = input.overlay
      ? input
      : { ...input, image: { width: input.image.width, height: input.image.height, data: NO_PIXELS } };
    const reply = await this.run({ id: this.nextId++, task: 'detectorMap', input: sent }, []);
    if (reply.task !== 'detectorMap') throw new Error(`pixel thread answered ${reply.task} to detectorMap`);
    const map = reply.result;
    return { ...map, png: asBuffer(map.png), overlayPng: map.overlayPng && asBuffer(map.overlayPng) };
  }

  /** Stops every thread; queued and running tasks fail with "closed". */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('pixel thread pool closed'));
    const all = [...this.idle.splice(0), ...this.busy.keys()];
    for (const [, p] of this.busy) p.reject(new Error('pixel thread pool closed'));
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private run(request: TaskRequest, transfer: ArrayBuffer[]): Promise<Extract<TaskReply, { ok: true }>> {
    if (this.closed) return Promise.reject(new Error('pixel thread pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : null);
      if (!worker) return;
      const { request, transfer, resolve, reject } = this.queue.shift()!;
      this.busy.set(worker, { id: request.id, task: request.task, resolve, reject });
      worker.ref(); // a running task keeps the process alive; idle threads do not
      worker.postMessage(request, transfer);
    }
  }

  private spawn(): Worker {
    const workerData: ThreadData = { nice: this.nice };
    const worker = new Worker(new URL('./thread.mjs', import.meta.url), { workerData });
    worker.on('message', (reply: TaskReply) => {
      const pending = this.busy.get(worker);
      if (!pending || pending.id !== reply.id) return;
      this.busy.delete(worker);
      if (reply.ok) pending.resolve(reply);
      else pending.reject(rebuildError(reply.error));
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
    });
    // An uncaught error ends the thread ('error', then 'exit'); either way its task fails, the
    // thread is dropped, and the next task starts a fresh one.
    const fail = (why: string) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      pending?.reject(new Error(`${pending.task} failed: the pixel thread ${why}`));
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (e) => fail(`crashed (${e.message.split('\n')[0]})`));
    worker.on('exit', (code) => fail(`exited (code ${code})`));
    return worker;
  }
}

interface Pending {
  id: number;
  task: TaskRequest['task'];
  resolve: (reply: Extract<TaskReply, { ok: true }>) => void;
  reject: (error: Error) => void;
}

interface Queued {
  request: TaskRequest;
  transfer: ArrayBuffer[];
  resolve: Pending['resolve'];
  reject: Pending['reject'];
}

const NO_PIXELS = new Uint8Array(0);

/** Structured clone delivers Buffers as plain Uint8Arrays; callers expect Buffers. */
const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The thread's error as the caller would have seen it inline (undecodable input stays permanent). */
function rebuildError(e: { name: string; message: string }): Error {
  if (e.name === 'ForensicsInputError') return new ForensicsInputError(e.message);
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}
