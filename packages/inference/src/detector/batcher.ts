import type { LoadedDetector } from '../registry/index.ts';
import type { DetectorSession } from '../registry/session-thread.ts';
import { batchLimit, checkTensorSizes, runDetector, type DetectorOutput } from './index.ts';

/**
 * Runs the detector for every analysis a worker has in flight through one queue, so its session
 * is never idle while work waits, and — when the model allows it — images of different analyses
 * share a session.run (on a GPU, batch 1 leaves most of the device idle).
 *
 * Continuous batching, no timer: a run starts as soon as the session is free and takes everything
 * queued by then, up to `maxBatch` images; whatever arrives during that run waits for the next.
 * When the detector is the bottleneck, batches fill by themselves; when it is not, nothing waits.
 *
 * Mixing analyses is allowed only for a batch-invariant model (LoadedDetector.batchInvariant,
 * probed at load): one whose output for an image is the same, to float32 rounding, whatever else
 * shares its batch. int8 models quantised dynamically are not: DynamicQuantizeLinear takes one scale over the
 * whole input tensor, so an image's score would depend on other cases' evidence. For such a model
 * requests still queue here (one session.run at a time), but each image runs alone, so every
 * number can be reproduced from its own input.
 *
 * With more than one session (`moreSessions`: copies of the detector's own, made by
 * openSessionLike) as many runs go side by side, each on a free session. On CPU, single-threaded
 * sessions side by side use the cores with fewer hand-offs than one session's intra-op threads
 * (npm run bench:throughput prints both); each copy holds the model's weights again.
 */
export class DetectorBatcher {
  private readonly queue: Pending[] = [];
  /** Sessions not running anything now. */
  private readonly idle: DetectorSession[];
  /** Images per session.run, and session.runs, so far (for logs and benchmarks). */
  readonly stats = { runs: 0, images: 0, largestBatch: 0 };
  /** The sessions runs go to: the detector's own, then `moreSessions` (read by benchmarks). */
  readonly sessions: readonly DetectorSession[];

  constructor(
    readonly detector: LoadedDetector,
    maxBatch: number,
    moreSessions: DetectorSession[] = [],
  ) {
    if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) {
      throw new RangeError(`DetectorBatcher: maxBatch must be an integer ≥ 1, got ${maxBatch}`);
    }
    this.maxBatch = batchLimit(detector, maxBatch);
    this.sessions = Object.freeze([detector.session, ...moreSessions]);
    this.idle = [...this.sessions];
  }

  /** Images per session.run: the configured batch, or 1 for a model whose outputs depend on it. */
  readonly maxBatch: number;

  /** Scores `tensors` (preprocessed, 3 × size × size each); resolves in their order. */
  run(tensors: Float32Array[]): Promise<DetectorOutput[]> {
    if (tensors.length === 0) return Promise.resolve([]);
    try {
      // Checked here, so one malformed request is refused alone instead of failing a shared batch.
      checkTensorSizes(this.detector, tensors);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ tensors, next: 0, scored: 0, outputs: new Array(tensors.length), resolve, reject });
      this.pump();
    });
  }

  /** Starts a run on each free session while images wait to be taken. */
  private pump(): void {
    while (this.idle.length > 0 && this.queue.some((r) => r.next < r.tensors.length)) {
      const session = this.idle.pop()!;
      void this.runOnce(session).finally(() => {
        this.idle.push(session);
        this.pump();
      });
    }
  }

  /** One session.run over the images at the head of the queue not yet taken by another run. */
  private async runOnce(session: DetectorSession): Promise<void> {
    const maxBatch = this.maxBatch;
    const slots: { request: Pending; index: number }[] = [];
    for (const request of this.queue) {
      while (request.next < request.tensors.length && slots.length < maxBatch) {
        slots.push({ request, index: request.next++ });
      }
      if (slots.length >= maxBatch) break;
    }
    if (slots.length === 0) return; // pump() saw work; a run started since took it
    const requests = [...new Set(slots.map((s) => s.request))];
    let outputs: DetectorOutput[];
    try {
      outputs = await runDetector(
        session === this.detector.session ? this.detector : { ...this.detector, session },
        slots.map((s) => s.request.tensors[s.index]!),
        { maxBatch },
      );
    } catch (error) {
      // A failed run fails the requests in it (their analyses are retried by the queue), not the
      // requests still waiting.
      for (const r of requests) {
        this.remove(r);
        r.reject(error);
      }
      return;
    }
    this.stats.runs++;
    this.stats.images += slots.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, slots.length);
    slots.forEach((s, i) => {
      s.request.outputs[s.index] = outputs[i]!;
      s.request.scored++;
    });
    for (const r of requests) {
      // A request larger than maxBatch spans runs, which may go side by side and end in any order.
      // One that failed in another run has left the queue and been rejected already.
      if (r.scored < r.tensors.length || !this.queue.includes(r)) continue;
      this.remove(r);
      r.resolve(r.outputs as DetectorOutput[]);
    }
  }

  private remove(r: Pending): void {
    const at = this.queue.indexOf(r);
    if (at >= 0) this.queue.splice(at, 1);
  }
}

interface Pending {
  tensors: Float32Array[];
  /** Index of the next tensor not yet taken into a run. */
  next: number;
  /** How many of its tensors have outputs. */
  scored: number;
  outputs: (DetectorOutput | undefined)[];
  resolve: (outputs: DetectorOutput[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Largest difference allowed between an image's outputs alone and in a batch for the model to
 * count as batch-invariant: float32 rounding. ONNX Runtime's CPU GEMM picks kernels by batch size,
 * which moves fp32 outputs by ~1e-7; dynamic int8 quantisation moves them by 1e-4 and more.
 */
export const BATCH_INVARIANCE_TOLERANCE = 1e-5;

/**
 * Whether the detector gives an image the same outputs alone and in a batch, to float rounding
 * (BATCH_INVARIANCE_TOLERANCE on the embedding, logits and patch probabilities): two different
 * synthetic inputs, of clearly different ranges, run alone, then together in both orders. Costs
 * four small session.runs at load; measured rather than assumed because dynamic int8 quantisation,
 * and some GPU kernels, pick their numerics per batch. Models fixed to batch 1 report false.
 */
export async function probeBatchInvariance(detector: LoadedDetector): Promise<boolean> {
  if (detector.fixedBatch === 1) return false;
  // Probed as if batching were allowed: that is the question.
  detector = { ...detector, batchInvariant: true };
  const size = detector.manifest.input.size;
  // Different amplitudes, so a scale taken over the whole batch differs from either image's own.
  const a = probeImage(size, 1, 2);
  const b = probeImage(size, 2, 0.25);
  const [alone] = await runDetector(detector, [a], { maxBatch: 1 });
  const [bAlone] = await runDetector(detector, [b], { maxBatch: 1 });
  const together = await runDetector(detector, [a, b], { maxBatch: 2 });
  const reversed = await runDetector(detector, [b, a], { maxBatch: 2 });
  return (
    sameOutput(alone!, together[0]!) &&
    sameOutput(alone!, reversed[1]!) &&
    sameOutput(bAlone!, together[1]!) &&
    sameOutput(bAlone!, reversed[0]!)
  );
}

/** A deterministic, non-constant input with values in [-amplitude, amplitude). */
function probeImage(size: number, seed: number, amplitude: number): Float32Array {
  const t = new Float32Array(3 * size * size);
  let x = seed * 2654435761;
  for (let i = 0; i < t.length; i++) {
    // xorshift32: reproducible, and different images for different seeds.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t[i] = ((x >>> 0) / 2 ** 32 - 0.5) * 2 * amplitude;
  }
  return t;
}

function sameOutput(x: DetectorOutput, y: DetectorOutput): boolean {
  const close = (p: ArrayLike<number> | null, q: ArrayLike<number> | null): boolean => {
    if (p === null || q === null) return p === q;
    if (p.length !== q.length) return false;
    for (let i = 0; i < p.length; i++) {
      if (!(Math.abs(p[i]! - q[i]!) <= BATCH_INVARIANCE_TOLERANCE)) return false;
    }
    return true;
  };
  return close(x.embedding, y.embedding) && close(x.logits, y.logits) && close(x.patchFake, y.patchFake);
}

/**
 * Scores through the worker's shared batcher when it serves this detector (analyses in a worker),
 * else with a direct run in batches of `batchSize` (tests, tools, a detector the batcher is not for).
 */
export function scoreTensors(
  detector: LoadedDetector,
  tensors: Float32Array[],
  runs: { batchSize: number; batcher?: DetectorBatcher | undefined },
): Promise<DetectorOutput[]> {
  return runs.batcher?.detector === detector
    ? runs.batcher.run(tensors)
    : runDetector(detector, tensors, { maxBatch: runs.batchSize });
}
