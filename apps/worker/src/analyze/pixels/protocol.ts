import type { ForensicReport } from '@loupe/forensics';
import type { DetectorMapImage, DetectorMapInput } from './tasks.ts';

/** Messages between pool.ts and a pixel thread (structured clone; Buffers arrive as Uint8Arrays). */

/** What pool.ts gives each thread as it starts (its workerData). */
export interface ThreadData {
  /** Linux nice value the thread sets on itself (0: left as it is). */
  nice: number;
}

export type TaskRequest =
  | { id: number; task: 'forensics'; bytes: Uint8Array; maxLongSide: number; overlays: boolean }
  | { id: number; task: 'detectorMap'; input: DetectorMapInput };

export type TaskReply =
  | { id: number; ok: true; task: 'forensics'; result: ForensicReport }
  | { id: number; ok: true; task: 'detectorMap'; result: DetectorMapImage }
  | { id: number; ok: false; error: { name: string; message: string } };
