import { CODE_VERSION } from '@loupe/config';
import { ForensicsInputError, validateImageFile } from '@loupe/forensics';
import { overlayKey } from '@loupe/inference/heatmap';
import { type Analysis, type Media, type Prisma, type PrismaClient, videoColumns } from '@loupe/db';
import { QUEUES, type AnalyzeMediaJob, type PgBoss } from '@loupe/queue';
import {
  inspectSequenceZip,
  SequenceZipError,
  type EvidenceStore,
  type SequenceCaps,
  type SequenceFacts,
  type StreamedFile,
} from '@loupe/storage';
import { probeVideo, VideoError, type VideoCaps, type VideoContainer, type VideoFacts } from '@loupe/video';
import { badInput, notFound } from '../errors.ts';
import type { ByteRange } from '../http/range.ts';
import type { AcceptedSequenceType, AcceptedType, AcceptedVideoType } from '../http/sniff.ts';
import type { CasesService } from './cases.ts';
import type { RequestMeta } from './meta.ts';
import { after as afterCursor, newestFirst, pageSize, toPage, type Page } from './pagination.ts';
import type { Viewer } from './viewer.ts';
import { isUuid } from './ids.ts';
import { evidenceThumbnail } from './thumbnail.ts';
import { inVisibleCase } from './access.ts';
import { recordAudit } from './audit-log.ts';

export { CODE_VERSION } from '@loupe/config';
export type { RequestMeta };

export interface IngestResult {
  media: Media;
  analysisId: string | null;
  duplicate: boolean;
}

export type MediaPage = Page<Media>;

/** Rejects files that are not decodable images, with a message an investigator can act on. */
export async function validateImage(path: string): Promise<{ width: number; height: number }> {
  try {
    return await validateImageFile(path);
  } catch (error) {
    if (error instanceof ForensicsInputError) throw badInput(error.message);
    throw error;
  }
}

const CONTAINER: Record<AcceptedVideoType, VideoContainer> = {
  'video/mp4': 'MP4',
  'video/quicktime': 'MOV',
  'video/webm': 'WEBM',
  'video/x-matroska': 'MKV',
};

type UploadType = AcceptedType | AcceptedVideoType | AcceptedSequenceType;

const isVideoType = (type: UploadType): type is AcceptedVideoType => type in CONTAINER;

/**
 * Reads a face-sequence zip member by member (nothing extracted) and refuses it, naming the
 * member, unless every member is a decodable image within the caps; see @loupe/storage.
 */
export async function validateSequence(path: string, caps: SequenceCaps): Promise<SequenceFacts> {
  try {
    return await inspectSequenceZip(path, caps, async (bytes) => void (await validateImageFile(bytes)));
  } catch (error) {
    if (error instanceof SequenceZipError) throw badInput(error.message);
    throw error;
  }
}

/**
 * Probes a video with ffprobe (local file only, demuxer forced by the sniffed container) and
 * rejects one that cannot be evidence, with the reason: no video stream, no frames, a truncated
 * or corrupt container, a codec outside the allow-list, or over a cap.
 */
export async function validateVideo(
  path: string,
  type: AcceptedVideoType,
  caps: VideoCaps,
): Promise<VideoFacts> {
  try {
    return await probeVideo(path, CONTAINER[type], caps);
  } catch (error) {
    if (error instanceof VideoError) throw badInput(error.message);
    throw error;
  }
}

const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]
    ?.replace(/\.$/, '');

export type MediaService = ReturnType<typeof createMediaService>;

export function createMediaService(deps: {
  prisma: PrismaClient;
  store: EvidenceStore;
  cases: CasesService;
  queue: () => PgBoss;
  videoCaps: VideoCaps;
  sequenceCaps: SequenceCaps;
}) {
  const { prisma, store, cases } = deps;

  /** The media item if the viewer may see its case; NOT_FOUND otherwise. */
  async function visible(viewer: Viewer, id: string): Promise<Media> {
    if (!isUuid(id)) throw notFound('Media not found.');
    const media = await prisma.media.findFirst({
      where: {
        id,
        ...inVisibleCase(viewer),
      },
    });
    if (!media) throw notFound('Media not found.');
    return media;
  }

  return {
    get: visible,

    /**
     * Takes a streamed, hashed upload into a case: validates it decodes, stores it
     * content-addressed, records Media + a queued Analysis + an audit event in one transaction,
     * then enqueues the analysis. The same bytes uploaded again into the case are the same evidence.
     */
    async ingest(
      viewer: Viewer,
      caseId: string,
      file: StreamedFile & { originalName: string; type: UploadType },
      meta: RequestMeta,
    ): Promise<IngestResult> {
      const video = isVideoType(file.type) ? await validateVideo(file.path, file.type, deps.videoCaps) : null;
      const sequence =
        file.type === 'application/zip' ? await validateSequence(file.path, deps.sequenceCaps) : null;
      // A sequence's crops differ in size: its dimensions are per frame, not per item.
      const { width, height } =
        video ?? (sequence ? { width: null, height: null } : await validateImage(file.path));
      const storageKey = await store.adoptOriginal(file.path, file.sha256);
      const result = await prisma.$transaction(async (tx) => {
        const existing = await tx.media.findUnique({
          where: { caseId_sha256: { caseId, sha256: file.sha256 } },
        });
        if (existing) return { media: existing, analysis: null as Analysis | null, duplicate: true };
        const media = await tx.media.create({
          data: {
            caseId,
            sha256: file.sha256,
            sizeBytes: BigInt(file.size),
            mimeType: file.type,
            originalName: file.originalName.slice(0, 255) || 'unnamed',
            width,
            height,
            ...(video && videoColumns(video)),
            ...(sequence && {
              kind: 'SEQUENCE' as const,
              sequenceFacts: sequence as unknown as Prisma.InputJsonObject,
            }),
            storageKey,
            uploadedById: viewer.id,
          },
        });
        const analysis = await tx.analysis.create({ data: { mediaId: media.id, codeVersion: CODE_VERSION } });
        await recordAudit(tx, viewer.id, meta, {
          action: 'media.upload',
          targetType: 'Media',
          targetId: media.id,
          caseId,
          details: {
            sha256: file.sha256,
            sizeBytes: file.size,
            mimeType: file.type,
            originalName: media.originalName,
            ...(video && { kind: 'VIDEO', durationSec: video.durationSec, videoCodec: video.codec }),
            ...(sequence && {
              kind: 'SEQUENCE',
              sequences: sequence.sequences.length,
              frames: sequence.frameCount,
              uncompressedBytes: sequence.uncompressedBytes,
            }),
          },
        });
        return { media, analysis, duplicate: false };
      });
      if (result.analysis) await this.enqueue(result.analysis.id);
      return { media: result.media, analysisId: result.analysis?.id ?? null, duplicate: result.duplicate };
    },

    async enqueue(analysisId: string): Promise<void> {
      try {
        const job: AnalyzeMediaJob = { analysisId };
        await deps.queue().send(QUEUES.analyzeMedia.name, job, { singletonKey: analysisId });
      } catch (error) {
        await prisma.analysis.update({
          where: { id: analysisId },
          data: { status: 'FAILED', error: `Could not queue the analysis: ${firstLine(error)}` },
        });
        throw error;
      }
    },

    async list(viewer: Viewer, caseId: string, first: number, after?: string | null): Promise<MediaPage> {
      await cases.get(viewer, caseId);
      pageSize(first, 100);
      // The page and the total at once: two round trips in parallel, not one after the other.
      const [rows, total] = await Promise.all([
        prisma.media.findMany({
          where: { caseId, ...afterCursor(after) },
          orderBy: newestFirst,
          take: first + 1,
        }),
        prisma.media.count({ where: { caseId } }),
      ]);
      return toPage(rows, first, total);
    },

    /** The latest analysis of a media item. */
    latestAnalysis: (mediaId: string) =>
      prisma.analysis.findFirst({ where: { mediaId }, orderBy: { queuedAt: 'desc' } }),

    heatmaps: (analysisId: string) =>
      prisma.heatmap.findMany({ where: { analysisId }, orderBy: { kind: 'asc' } }),

    perceptualHash: async (analysisId: string) => {
      const rows = await prisma.$queryRaw<{ phash: string; dhash: string }[]>`
        SELECT phash::text AS phash, dhash::text AS dhash FROM perceptual_hashes WHERE analysis_id = ${analysisId}::uuid`;
      return rows[0] ?? null;
    },

    /**
     * Opens a stored file for download after checking the viewer may see it, recording the read
     * in the audit trail before a byte leaves.
     */
    async openForRead(
      viewer: Viewer,
      what:
        | { kind: 'original'; mediaId: string }
        | { kind: 'media-thumbnail'; mediaId: string }
        | { kind: 'heatmap' | 'overlay'; heatmapId: string }
        | { kind: 'thumbnail'; frameId: string },
      meta: RequestMeta,
    ) {
      let media: Media;
      let key: string;
      let mimeType: string;
      let filename: string;
      if (what.kind === 'original') {
        media = await visible(viewer, what.mediaId);
        key = media.storageKey;
        mimeType = media.mimeType;
        filename = media.originalName;
      } else if (what.kind === 'media-thumbnail') {
        media = await visible(viewer, what.mediaId);
        const thumb = media.kind === 'IMAGE' ? await evidenceThumbnail(store, media) : null;
        if (!thumb) throw notFound('This item has no thumbnail.');
        key = thumb;
        mimeType = 'image/jpeg';
        filename = `${media.id}-thumbnail.jpg`;
      } else if (what.kind === 'thumbnail') {
        if (!isUuid(what.frameId)) throw notFound('Frame not found.');
        const frame = await prisma.analysisFrame.findUnique({
          where: { id: what.frameId },
          include: { analysis: true },
        });
        if (!frame?.analysis.mediaId || !frame.thumbnailStorageKey) throw notFound('Frame not found.');
        media = await visible(viewer, frame.analysis.mediaId).catch(() => {
          throw notFound('Frame not found.');
        });
        key = frame.thumbnailStorageKey;
        mimeType = 'image/jpeg';
        filename = `${media.id}-frame-${frame.frameIndex}.jpg`;
      } else {
        if (!isUuid(what.heatmapId)) throw notFound('Heatmap not found.');
        const heatmap = await prisma.heatmap.findUnique({
          where: { id: what.heatmapId },
          include: { analysis: true },
        });
        if (!heatmap?.analysis.mediaId) throw notFound('Heatmap not found.');
        media = await visible(viewer, heatmap.analysis.mediaId).catch(() => {
          throw notFound('Heatmap not found.');
        });
        // An image's overlay is rendered from the map and the original on its first view, then kept.
        const k =
          what.kind === 'overlay' ? await overlayKey(store, heatmap, media.storageKey) : heatmap.storageKey;
        if (!k) throw notFound('This heatmap has no overlay.');
        key = k;
        mimeType = 'image/png';
        filename = `${media.id}-${heatmap.kind.toLowerCase()}${what.kind === 'overlay' ? '-overlay' : ''}.png`;
      }
      // Thumbnail-size views (list thumbnails, frame thumbnails, maps) are actions of their own,
      // so the timeline can hide them by default (VIEW_ACTIONS) while reads of originals stay.
      const event =
        what.kind === 'original'
          ? {
              action: 'media.read',
              targetType: 'Media',
              targetId: media.id,
              details: { sha256: media.sha256 },
            }
          : what.kind === 'media-thumbnail'
            ? {
                action: 'media.thumbnail.read',
                targetType: 'Media',
                targetId: media.id,
                details: { sha256: media.sha256 },
              }
            : what.kind === 'thumbnail'
              ? {
                  action: 'frame.read',
                  targetType: 'AnalysisFrame',
                  targetId: what.frameId,
                  details: { mediaId: media.id },
                }
              : {
                  action: 'heatmap.read',
                  targetType: 'Heatmap',
                  targetId: what.heatmapId,
                  details: { variant: what.kind },
                };
      await prisma.$transaction((tx) =>
        recordAudit(tx, viewer.id, meta, {
          ...event,
          caseId: media.caseId,
        }),
      );
      // Opened by the caller, so a Range request reads only the bytes it asked for.
      return {
        open: (range?: ByteRange) => store.read(key, range),
        size: await store.size(key),
        mimeType,
        filename,
      };
    },
  };
}
