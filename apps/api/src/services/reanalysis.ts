import type { VideoLimits } from '@loupe/config';
import type { Analysis, Prisma, PrismaClient } from '@loupe/db';
import { samplingProblem, type VideoSampling } from '@loupe/video';
import { badInput } from '../errors.ts';
import type { CasesService } from './cases.ts';
import { CODE_VERSION, type MediaService } from './media.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { recordAudit } from './audit-log.ts';

/** A sampling request as GraphQL passes it: exactly one of the two set. */
export interface SamplingArgs {
  frames?: number | null;
  fps?: number | null;
}

/** Reads and checks a request against this video (caps from LOUPE_VIDEO_MAX_SAMPLED_FRAMES). */
export function toSampling(args: SamplingArgs, durationSec: number, maxFrames: number): VideoSampling {
  const hasFrames = args.frames !== undefined && args.frames !== null;
  const hasFps = args.fps !== undefined && args.fps !== null;
  if (hasFrames === hasFps) throw badInput('Give sampling either frames or fps, not both.', 'sampling');
  const sampling: VideoSampling = hasFrames ? { frames: args.frames! } : { fps: args.fps! };
  const problem = samplingProblem(sampling, durationSec, maxFrames);
  if (problem) throw badInput(problem, 'sampling');
  return sampling;
}

export type ReanalysisService = ReturnType<typeof createReanalysisService>;

/**
 * Running an item's analysis again, e.g. a video with a dense timeline: a new Analysis (the
 * previous ones stay on the record), audited, then queued like an upload's.
 */
export function createReanalysisService(deps: {
  prisma: PrismaClient;
  cases: CasesService;
  media: MediaService;
  video: Pick<VideoLimits, 'maxSampledFrames'>;
}) {
  const { prisma, cases, media } = deps;
  return {
    async reanalyze(
      viewer: Viewer,
      mediaId: string,
      samplingArgs: SamplingArgs | null | undefined,
      meta: RequestMeta,
    ): Promise<Analysis> {
      const item = await media.get(viewer, mediaId);
      await cases.requireEditor(viewer, item.caseId);
      let sampling: VideoSampling | null = null;
      if (samplingArgs) {
        if (item.kind !== 'VIDEO' || item.durationSec === null)
          throw badInput('Only a video has frames to sample; analyse an image without sampling.', 'sampling');
        sampling = toSampling(samplingArgs, item.durationSec, deps.video.maxSampledFrames);
      }
      const analysis = await prisma.$transaction(async (tx) => {
        // One analysis at a time per item: a second request would only repeat the first.
        const pending = await tx.analysis.findFirst({
          where: { mediaId: item.id, status: { in: ['QUEUED', 'RUNNING'] } },
        });
        if (pending)
          throw badInput(`An analysis of this item is already ${pending.status.toLowerCase()}.`, 'mediaId');
        const created = await tx.analysis.create({
          data: {
            mediaId: item.id,
            codeVersion: CODE_VERSION,
            ...(sampling && { sampling: sampling as Prisma.InputJsonObject }),
          },
        });
        await recordAudit(tx, viewer.id, meta, {
          action: 'analysis.request',
          targetType: 'Analysis',
          targetId: created.id,
          caseId: item.caseId,
          details: { mediaId: item.id, sha256: item.sha256, sampling },
        });
        return created;
      });
      await media.enqueue(analysis.id);
      return analysis;
    },
  };
}
