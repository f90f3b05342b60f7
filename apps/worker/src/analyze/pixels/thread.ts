import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { detectorMapTask, forensicsTask } from './tasks.ts';
import type { TaskReply, TaskRequest, ThreadData } from './protocol.ts';

/** A pixel thread: runs one task at a time for pool.ts and answers with its result or its error. */

if (!parentPort) throw new Error('pixels/thread.ts runs only as a worker thread (see pool.ts)');
const port = parentPort;

// The pool's nice value (LOUPE_FORENSICS_NICE), on this thread alone: on Linux setpriority(2) with
// pid 0 changes the calling thread, so the main thread and the detector's thread keep theirs. On
// other systems it would lower the whole worker, so it is left there. Lowering one's own priority
// needs no privilege; if it fails anyway the work runs as before.
const { nice } = workerData as ThreadData;
if (nice > 0 && process.platform === 'linux') {
  try {
    setPriority(nice);
  } catch {
    // e.g. a sandbox that forbids setpriority: same results, only without the priority.
  }
}

/** Result buffers that own their whole ArrayBuffer move to the main thread instead of being copied. */
function movable(buffers: (Uint8Array | null)[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const b of buffers) {
    if (!b) continue;
    const ab = b.buffer;
    if (ab instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === ab.byteLength) seen.add(ab);
  }
  return [...seen];
}

async function run(request: TaskRequest): Promise<{ reply: TaskReply; transfer: ArrayBuffer[] }> {
  if (request.task === 'forensics') {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const report = await forensicsTask(bytes, request.maxLongSide, request.overlays);
    return {
      reply: { id: request.id, ok: true, task: 'forensics', result: report },
      transfer: movable(report.maps.flatMap((m) => [m.png, m.overlayPng])),
    };
  }
  const map = await detectorMapTask(request.input);
  return {
    reply: { id: request.id, ok: true, task: 'detectorMap', result: map },
    transfer: movable([map.png, map.overlayPng]),
  };
}

port.on('message', (request: TaskRequest) => {
  run(request).then(
    ({ reply, transfer }) => {
      try {
        port.postMessage(reply, transfer);
      } catch {
        // A buffer that cannot be moved (e.g. one libvips still owns) is copied instead.
        port.postMessage(reply);
      }
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message } });
    },
  );
});
