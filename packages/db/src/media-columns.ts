import type { Prisma } from './generated/prisma/client.ts';

/** The probe facts a video's Media row keeps (packages/video's VideoFacts has these and more). */
export interface ProbedVideo {
  durationSec: number;
  fps: number;
  codec: string;
}

/**
 * The Media columns of a VIDEO: the facts the library filters and sorts on, and the whole probe
 * as JSON. Written once so the upload path and the tests' evidence factories store the same row.
 */
export function videoColumns(video: ProbedVideo) {
  return {
    kind: 'VIDEO' as const,
    durationSec: video.durationSec,
    frameRate: video.fps,
    videoCodec: video.codec,
    videoFacts: video as unknown as Prisma.InputJsonObject,
  };
}
