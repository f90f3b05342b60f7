import { appendAuditEvent } from '@loupe/audit';
import { checkAnalysisJson, insertVectors, Prisma, type PrismaClient, type RowSubject } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';
import { lockForWrite, RESULT_WRITE_TX } from './claim.ts';
import { findNearDuplicates } from './near-duplicates.ts';
import type { PipelineResult } from './pipeline.ts';

type Tx = Prisma.TransactionClient;
type ModelRef = { id: string; version: string; sha256: string; isTestFixture: boolean };

type Scored =
  | { installed: false }
  | {
      installed: true;
      model: ModelRef;
      pFake: number;
      label: string;
      preprocessing: Record<string, unknown>;
    };

/**
 * Last in a results transaction: marks the analysis DONE with the model that scored it (all null
 * without a detector), its faces and signals, and appends `analysis.complete` (what it was about,
 * the model and score, plus `details`).
 */
export async function markDone(
  tx: Tx,
  analysisId: string,
  subject: RowSubject & { sha256: string },
  d: Scored,
  row: { kind: 'image' | 'video'; faces: unknown; signals: Record<string, unknown> },
  details: Record<string, unknown>,
): Promise<void> {
  // The stored JSON's contract (@loupe/db analysis-json.ts): a shape readers do not know fails here.
  checkAnalysisJson(row.kind, row.signals, row.faces);
  await tx.analysis.update({
    where: { id: analysisId },
    data: {
      status: 'DONE',
      progress: 1,
      error: null,
      finishedAt: new Date(),
      heartbeatAt: null,
      modelId: d.installed ? d.model.id : null,
      modelVersion: d.installed ? d.model.version : null,
      modelSha256: d.installed ? d.model.sha256 : null,
      modelIsTestFixture: d.installed ? d.model.isTestFixture : null,
      pFake: d.installed ? d.pFake : null,
      label: d.installed ? d.label : null,
      preprocessing: d.installed ? (d.preprocessing as Prisma.InputJsonValue) : Prisma.JsonNull,
      faces: row.faces as Prisma.InputJsonValue,
      signals: row.signals as Prisma.InputJsonValue,
    },
  });
  await appendAuditEvent(tx, {
    action: 'analysis.complete',
    targetType: 'Analysis',
    targetId: analysisId,
    caseId: subject.caseId,
    details: {
      ...(subject.mediaId ? { mediaId: subject.mediaId } : { knownFakeId: subject.knownFakeId }),
      sha256: subject.sha256,
      ...details,
      model: d.installed ? d.model : null,
      pFake: d.installed ? d.pFake : null,
    },
  });
}

/** A map's grey PNG (and overlay, when drawn) as `<base>.png` / `<base>-overlay.png` of the analysis. */
export async function writeMapFiles(
  store: EvidenceStore,
  analysisId: string,
  base: string,
  m: { png: Buffer; overlayPng: Buffer | null },
): Promise<{ storageKey: string; overlayStorageKey: string | null }> {
  const storageKey = store.derivedKey(analysisId, `${base}.png`);
  await store.writeDerived(storageKey, m.png);
  if (!m.overlayPng) return { storageKey, overlayStorageKey: null };
  const overlayStorageKey = store.derivedKey(analysisId, `${base}-overlay.png`);
  await store.writeDerived(overlayStorageKey, m.overlayPng);
  return { storageKey, overlayStorageKey };
}

/**
 * Stores an image analysis: the map files first (named by analysis, kind and face, so a retry
 * overwrites the same files), then one transaction that replaces every derived row — heatmaps,
 * detector and face embeddings, perceptual hashes — marks the analysis DONE and appends the audit
 * event. Returns false, writing nothing, when another attempt already completed it.
 */
export async function writeImageAnalysis(
  deps: { prisma: PrismaClient; store: EvidenceStore },
  analysisId: string,
  /** Evidence in a case (mediaId, caseId) or an item of the known-fakes library (knownFakeId). */
  subject: RowSubject & { sha256: string },
  result: PipelineResult,
): Promise<boolean> {
  const { prisma, store } = deps;
  const files = await Promise.all(
    result.maps.map(async (m) => {
      // The primary face's map keeps its old name; other faces' maps are named by face, so a
      // retry overwrites the same files.
      const base = m.faceIndex ? `${m.kind.toLowerCase()}-face-${m.faceIndex}` : m.kind.toLowerCase();
      return {
        kind: m.kind,
        faceIndex: m.faceIndex,
        width: m.width,
        height: m.height,
        ...(await writeMapFiles(store, analysisId, base, m)),
        analysedRegion: m.analysed ? { ...m.analysed } : Prisma.JsonNull,
      };
    }),
  );

  const d = result.detector;
  const f = result.forensics;
  return prisma.$transaction(async (tx) => {
    if (!(await lockForWrite(tx, analysisId))) return false;
    await tx.heatmap.deleteMany({ where: { analysisId } });
    await tx.detectorEmbedding.deleteMany({ where: { analysisId } });
    await tx.faceEmbedding.deleteMany({ where: { analysisId } });
    await tx.perceptualHash.deleteMany({ where: { analysisId } });
    await tx.heatmap.createMany({ data: files.map((file) => ({ analysisId, ...file })) });
    if (d.installed) {
      for (const e of d.embeddings)
        await insertVectors.detectorEmbedding(tx, analysisId, subject, d.model, e.faceIndex, e.vector);
    }
    for (const fd of result.faceDescriptors)
      await insertVectors.faceEmbedding(tx, analysisId, subject, result.faceModel.id, fd);
    await insertVectors.perceptualHash(tx, analysisId, subject, f.hashes.phash, f.hashes.dhash);
    const nearDuplicates = await findNearDuplicates(tx, analysisId, subject.knownFakeId);
    await markDone(
      tx,
      analysisId,
      subject,
      d,
      {
        kind: 'image',
        faces: result.faces,
        signals: {
          detector: d.installed
            ? {
                installed: true,
                subject: d.subject,
                note: d.model.isTestFixture ? 'Test fixture — not evidence.' : null,
              }
            : { installed: false, note: d.note, problems: d.problems },
          jpeg: f.jpeg,
          metadata: f.metadata,
          maps: Object.fromEntries(f.maps.map((m) => [m.kind, { stats: m.stats, params: m.params }])),
          faceModel: result.faceModel,
          timingsMs: f.timingsMs,
          nearDuplicates,
        },
      },
      { faces: result.faces.length, nearDuplicates: nearDuplicates.length },
    );
    return true;
  }, RESULT_WRITE_TX);
}
