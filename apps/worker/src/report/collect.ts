import sharp from 'sharp';
import { verifyAuditChain } from '@loupe/audit';
import type { PrismaClient, User } from '@loupe/db';
import { evaluationSummary, qualifyingRun } from '@loupe/eval';
import {
  BUNDLE_FORMAT,
  GENERATOR_VERSION,
  type ReportAnalysis,
  type ReportBundle,
  type ReportImages,
  type ReportOptions,
  type ReportPerson,
  type ReportSignals,
} from '@loupe/reports';
import type { EvidenceStore } from '@loupe/storage';

// What the analysis worker stores in Analysis.signals (see analyze/job.ts).
interface StoredSignals {
  detector?: { installed?: boolean; note?: string | null } | null;
  jpeg?: {
    isJpeg?: boolean;
    estimatedQuality?: number | null;
    doubleCompression?: { suspected: boolean; score: number; explanation: string } | null;
  } | null;
  metadata?: {
    camera?: { make: string | null; model: string | null };
    software?: string | null;
    missing?: string[];
    contradictions?: string[];
  } | null;
}

const THUMB_SIDE = 480;
const MAP_SIDE = 480;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const who = (u: Pick<User, 'id' | 'email' | 'displayName'> | null | undefined): ReportPerson | null =>
  u ? { id: u.id, email: u.email, displayName: u.displayName } : null;

function signals(stored: unknown, hashes: { phash: string; dhash: string } | undefined): ReportSignals {
  const s = (stored ?? {}) as StoredSignals;
  const camera = [s.metadata?.camera?.make, s.metadata?.camera?.model].filter(Boolean).join(' ');
  return {
    isJpeg: Boolean(s.jpeg?.isJpeg),
    jpegQuality: s.jpeg?.estimatedQuality ?? null,
    doubleCompression: s.jpeg?.doubleCompression
      ? {
          suspected: s.jpeg.doubleCompression.suspected,
          score: s.jpeg.doubleCompression.score,
          explanation: s.jpeg.doubleCompression.explanation,
        }
      : null,
    metadataContradictions: s.metadata?.contradictions ?? [],
    metadataMissing: s.metadata?.missing ?? [],
    software: s.metadata?.software ?? null,
    camera: camera || null,
    phash: hashes?.phash ?? null,
    dhash: hashes?.dhash ?? null,
  };
}

/**
 * Reads everything a case report shows from the database into its bundle (no rendering here).
 * The audit trail is read up to now; the report's own generation event follows it.
 */
export async function collectBundle(
  prisma: PrismaClient,
  report: { id: string; caseId: string; requestedById: string },
  options: ReportOptions,
  generatedAt: Date,
): Promise<ReportBundle> {
  const c = await prisma.case.findUniqueOrThrow({
    where: { id: report.caseId },
    include: {
      createdBy: true,
      members: { include: { user: true }, orderBy: { addedAt: 'asc' } },
      media: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: {
          uploadedBy: true,
          analyses: { orderBy: { queuedAt: 'desc' }, include: { heatmaps: { orderBy: { kind: 'asc' } } } },
          verdicts: { orderBy: { createdAt: 'desc' }, include: { givenBy: true } },
        },
      },
    },
  });
  const requestedBy = await prisma.user.findUnique({ where: { id: report.requestedById } });
  const hashRows = await prisma.$queryRaw<{ analysis_id: string; phash: string; dhash: string }[]>`
    SELECT p.analysis_id::text AS analysis_id, p.phash::text AS phash, p.dhash::text AS dhash
    FROM perceptual_hashes p WHERE p.case_id = ${report.caseId}::uuid`;
  const hashes = new Map(hashRows.map((r) => [r.analysis_id, r]));
  // The evaluation that qualifies each model's scores (same rule as GraphQL Analysis.evaluation).
  const evaluations = new Map<string, string | null>();
  for (const a of c.media.flatMap((m) => m.analyses)) {
    if (!a.modelId || !a.modelVersion || !a.modelSha256) continue;
    const key = `${a.modelId}\n${a.modelVersion}\n${a.modelSha256}`;
    if (evaluations.has(key)) continue;
    const runs = await prisma.evaluation.findMany({
      where: { modelId: a.modelId, modelVersion: a.modelVersion, modelSha256: a.modelSha256 },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 20,
    });
    const run = qualifyingRun(runs);
    evaluations.set(key, run ? evaluationSummary(run) : null);
  }

  const events = options.includeAuditTrail
    ? await prisma.auditEvent.findMany({ where: { caseId: report.caseId }, orderBy: { id: 'asc' } })
    : [];
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => Boolean(id)))];
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map(
      (u) => [u.id, u.email],
    ),
  );
  const chain = await verifyAuditChain(prisma);

  return {
    format: BUNDLE_FORMAT,
    reportId: report.id,
    generatorVersion: GENERATOR_VERSION,
    generatedAt: generatedAt.toISOString(),
    requestedBy: who(requestedBy),
    options,
    case: {
      id: c.id,
      title: c.title,
      status: c.status,
      description: c.description,
      createdAt: c.createdAt.toISOString(),
      closedAt: iso(c.closedAt),
      createdBy: who(c.createdBy),
      members: c.members.map((m) => ({ ...who(m.user)!, role: m.role, addedAt: m.addedAt.toISOString() })),
    },
    evidence: c.media.map((m) => ({
      id: m.id,
      originalName: m.originalName,
      sha256: m.sha256,
      sizeBytes: Number(m.sizeBytes),
      mimeType: m.mimeType,
      width: m.width,
      height: m.height,
      storageKey: m.storageKey,
      acquiredAt: m.createdAt.toISOString(),
      uploadedBy: who(m.uploadedBy),
      analyses: m.analyses.map((a): ReportAnalysis => ({
        id: a.id,
        status: a.status,
        error: a.error,
        codeVersion: a.codeVersion,
        finishedAt: iso(a.finishedAt),
        model:
          a.modelId && a.modelVersion && a.modelSha256
            ? {
                id: a.modelId,
                version: a.modelVersion,
                sha256: a.modelSha256,
                isTestFixture: Boolean(a.modelIsTestFixture),
              }
            : null,
        pFake: a.pFake,
        label: a.label,
        evaluation: evaluations.get(`${a.modelId}\n${a.modelVersion}\n${a.modelSha256}`) ?? null,
        detectorNote: (a.signals as StoredSignals | null)?.detector?.note ?? null,
        signals: a.status === 'DONE' ? signals(a.signals, hashes.get(a.id)) : null,
        heatmaps: a.heatmaps.map((h) => ({
          kind: h.kind,
          width: h.width,
          height: h.height,
          storageKey: h.storageKey,
          overlayStorageKey: h.overlayStorageKey,
        })),
      })),
      verdicts: m.verdicts.map((v) => ({
        id: v.id,
        value: v.value,
        rationale: v.rationale,
        analysisIds: v.analysisIds,
        givenBy: who(v.givenBy),
        createdAt: v.createdAt.toISOString(),
        supersedesId: v.supersedesId,
      })),
    })),
    auditTrail: events.map((e) => ({
      id: e.id.toString(),
      occurredAt: e.occurredAt.toISOString(),
      actor: e.actorId ? (actors.get(e.actorId) ?? e.actorId) : null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    auditChain: {
      ok: chain.ok,
      checked: chain.checked,
      firstBroken: chain.firstBroken
        ? { id: chain.firstBroken.id.toString(), reason: chain.firstBroken.reason }
        : null,
    },
  };
}

async function downscale(store: EvidenceStore, key: string, side: number): Promise<Buffer | null> {
  try {
    return await sharp(store.path(key), { failOn: 'none' })
      .rotate()
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer();
  } catch {
    // A missing or unreadable file shows as "(no thumbnail)" in the PDF; `loupe evidence verify` names it.
    return null;
  }
}

/** Downscaled thumbnails and maps for the PDF (never the full-resolution files). */
export async function collectImages(store: EvidenceStore, bundle: ReportBundle): Promise<ReportImages> {
  const images: ReportImages = { thumbnails: new Map(), maps: new Map() };
  for (const e of bundle.evidence) {
    const thumb = await downscale(store, e.storageKey, THUMB_SIDE);
    if (thumb) images.thumbnails.set(e.id, thumb);
    if (!bundle.options.includeMaps) continue;
    for (const a of e.analyses) {
      const maps = new Map<string, Buffer>();
      for (const h of a.heatmaps) {
        const wanted =
          h.kind === 'DETECTOR'
            ? { name: 'DETECTOR_OVERLAY', key: h.overlayStorageKey ?? h.storageKey }
            : { name: h.kind, key: h.storageKey };
        const img = await downscale(store, wanted.key, MAP_SIDE);
        if (img) maps.set(wanted.name, img);
      }
      images.maps.set(a.id, maps);
    }
  }
  return images;
}
