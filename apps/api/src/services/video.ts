import type { PrismaClient } from '@loupe/db';

/**
 * Video results of an analysis: sampled frames, face tracks, suspicious segments. Callers reach an
 * analysis only through a media item the viewer may see, so these take an already-authorised id.
 */
export type VideoService = ReturnType<typeof createVideoService>;

export function createVideoService(prisma: PrismaClient) {
  return {
    frames: (analysisId: string) =>
      prisma.analysisFrame.findMany({ where: { analysisId }, orderBy: { frameIndex: 'asc' } }),
    tracks: (analysisId: string) =>
      prisma.faceTrack.findMany({ where: { analysisId }, orderBy: { trackIndex: 'asc' } }),
    segments: (analysisId: string) =>
      prisma.suspiciousSegment.findMany({ where: { analysisId }, orderBy: { startSec: 'asc' } }),
  };
}
