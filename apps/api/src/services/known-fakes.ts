import { ManipulationFamily, Prisma, type KnownFake, type PrismaClient } from '@loupe/db';
import { badInput, notFound } from '../errors.ts';
import { CODE_VERSION, type MediaService } from './media.ts';
import { isUuid } from './ids.ts';
import type { RequestMeta } from './meta.ts';
import { after as afterCursor, newestFirst, pageSize, toPage, type Page } from './pagination.ts';
import type { Viewer } from './viewer.ts';
import { cleanText } from './text.ts';
import type { EvidenceStore } from '@loupe/storage';
import type { ByteRange } from '../http/range.ts';
import { requireAdmin } from './access.ts';
import { recordAudit } from './audit-log.ts';

/** Labels an administrator gives a known fake. */
export interface KnownFakeLabels {
  family?: ManipulationFamily | null;
  generator?: string | null;
  source?: string | null;
  dataset?: string | null;
  notes?: string | null;
}

export type KnownFakePage = Page<KnownFake>;

const text = (value: string | null | undefined, field: string, max = 2000) => {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return cleanText(value, { field, label: field, max, multiline: field === 'notes' }) || null;
};

function labelData(labels: KnownFakeLabels) {
  if (labels.family === null) throw badInput('family cannot be empty.', 'family');
  if (labels.family !== undefined && !Object.values(ManipulationFamily).includes(labels.family))
    throw badInput(`Unknown family ${String(labels.family)}.`, 'family');
  return {
    ...(labels.family ? { family: labels.family } : {}),
    generator: text(labels.generator, 'generator', 200),
    source: text(labels.source, 'source', 500),
    dataset: text(labels.dataset, 'dataset', 200),
    notes: text(labels.notes, 'notes'),
  };
}

const requireLibraryAdmin = (viewer: Viewer) => requireAdmin(viewer, 'manage the known-fakes library');

export type KnownFakesService = ReturnType<typeof createKnownFakesService>;

/**
 * The library of known fakes: reference items analysed by the same pipeline as evidence, so
 * evidence can be compared with them. Everyone signed in reads it; administrators manage it.
 */
export function createKnownFakesService(deps: {
  prisma: PrismaClient;
  media: MediaService;
  store: EvidenceStore;
}) {
  const { prisma, media, store } = deps;

  async function get(_viewer: Viewer, id: string): Promise<KnownFake> {
    if (!isUuid(id)) throw notFound('Known fake not found.');
    const found = await prisma.knownFake.findUnique({ where: { id } });
    if (!found) throw notFound('Known fake not found.');
    return found;
  }

  return {
    get,
    byId: (id: string) => prisma.knownFake.findUnique({ where: { id } }),

    /**
     * Copies a media item's original into the library (same content-addressed file, so nothing
     * is duplicated on disk), records KnownFake + a queued Analysis + an audit event in one
     * transaction, then enqueues analyze-media.
     */
    async promote(
      viewer: Viewer,
      mediaId: string,
      labels: KnownFakeLabels & { family: ManipulationFamily },
      meta: RequestMeta,
    ): Promise<KnownFake> {
      requireLibraryAdmin(viewer);
      const source = await media.get(viewer, mediaId);
      const data = labelData(labels);
      const { knownFake, analysisId } = await prisma.$transaction(async (tx) => {
        const existing = await tx.knownFake.findUnique({ where: { sha256: source.sha256 } });
        if (existing)
          throw badInput(`These bytes are already in the known-fakes library (${existing.id}).`, 'mediaId');
        const knownFake = await tx.knownFake.create({
          data: {
            sha256: source.sha256,
            sizeBytes: source.sizeBytes,
            mimeType: source.mimeType,
            originalName: source.originalName,
            width: source.width,
            height: source.height,
            // A video stays a video: the worker samples it like the evidence it came from.
            kind: source.kind,
            durationSec: source.durationSec,
            frameRate: source.frameRate,
            videoCodec: source.videoCodec,
            videoFacts: source.videoFacts ?? Prisma.JsonNull,
            storageKey: source.storageKey,
            family: labels.family,
            generator: data.generator ?? null,
            source: data.source ?? null,
            dataset: data.dataset ?? null,
            notes: data.notes ?? null,
            promotedFromMediaId: source.id,
            createdById: viewer.id,
          },
        });
        const analysis = await tx.analysis.create({
          data: { knownFakeId: knownFake.id, codeVersion: CODE_VERSION },
        });
        await recordAudit(tx, viewer.id, meta, {
          action: 'knownFake.promote',
          targetType: 'KnownFake',
          targetId: knownFake.id,
          caseId: source.caseId,
          details: { mediaId: source.id, sha256: source.sha256, ...data },
        });
        return { knownFake, analysisId: analysis.id };
      });
      await media.enqueue(analysisId);
      return knownFake;
    },

    async list(
      _viewer: Viewer,
      first: number,
      after?: string | null,
      family?: ManipulationFamily | null,
    ): Promise<KnownFakePage> {
      pageSize(first, 100);
      const where: Prisma.KnownFakeWhereInput = family ? { family } : {};
      const rows = await prisma.knownFake.findMany({
        where: { ...where, ...afterCursor(after) },
        orderBy: newestFirst,
        take: first + 1,
      });
      return toPage(rows, first, await prisma.knownFake.count({ where }));
    },

    async update(viewer: Viewer, id: string, labels: KnownFakeLabels, meta: RequestMeta): Promise<KnownFake> {
      requireLibraryAdmin(viewer);
      await get(viewer, id);
      const data = labelData(labels);
      return prisma.$transaction(async (tx) => {
        const updated = await tx.knownFake.update({ where: { id }, data });
        await recordAudit(tx, viewer.id, meta, {
          action: 'knownFake.update',
          targetType: 'KnownFake',
          targetId: id,
          details: data,
        });
        return updated;
      });
    },

    /** Removes the item and (by cascade) its analyses and vectors; the stored file stays (content-addressed, maybe shared). */
    async delete(viewer: Viewer, id: string, meta: RequestMeta): Promise<boolean> {
      requireLibraryAdmin(viewer);
      const found = await get(viewer, id);
      await prisma.$transaction(async (tx) => {
        await tx.knownFake.delete({ where: { id } });
        await recordAudit(tx, viewer.id, meta, {
          action: 'knownFake.delete',
          targetType: 'KnownFake',
          targetId: id,
          details: { sha256: found.sha256, family: found.family },
        });
      });
      return true;
    },

    /**
     * The library item's original bytes (GET /api/known-fakes/:id/original), so an investigator can
     * look at a match even without access to the case it was promoted from. The library is readable
     * by everyone signed in; each read is audited like an evidence read.
     */
    async openForRead(viewer: Viewer, id: string, meta: RequestMeta) {
      const found = await get(viewer, id);
      await prisma.$transaction((tx) =>
        recordAudit(tx, viewer.id, meta, {
          action: 'knownFake.read',
          targetType: 'KnownFake',
          targetId: found.id,
          details: { sha256: found.sha256 },
        }),
      );
      return {
        open: (range?: ByteRange) => store.read(found.storageKey, range),
        size: await store.size(found.storageKey),
        mimeType: found.mimeType,
        filename: found.originalName,
      };
    },

    latestAnalysis: (knownFakeId: string) =>
      prisma.analysis.findFirst({ where: { knownFakeId }, orderBy: { queuedAt: 'desc' } }),
  };
}
