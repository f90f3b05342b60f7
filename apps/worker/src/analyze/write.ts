import { appendAuditEvent } from '@loupe/audit';
import { Prisma, type PrismaClient } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';
import { lockForWrite, RESULT_WRITE_TX } from './claim.ts';
import { findNearDuplicates } from './near-duplicates.ts';
import type { PipelineResult } from './pipeline.ts';

/** A vector as pgvector's text input; a non-finite component (never expected) is stored as 0. */
export const vectorLiteral = (v: Float32Array) =>
  `[${Array.from(v, (x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

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
  subject: { mediaId: string | null; knownFakeId: string | null; caseId: string | null; sha256: string },
  result: PipelineResult,
): Promise<boolean> {
  const { prisma, store } = deps;
  const files = await Promise.all(
    result.maps.map(async (m) => {
      // The primary face's map keeps its old name; other faces' maps are named by face, so a
      // retry overwrites the same files.
      const base = m.faceIndex ? `${m.kind.toLowerCase()}-face-${m.faceIndex}` : m.kind.toLowerCase();
      const storageKey = store.derivedKey(analysisId, `${base}.png`);
      await store.writeDerived(storageKey, m.png);
      let overlayStorageKey: string | null = null;
      if (m.overlayPng) {
        overlayStorageKey = store.derivedKey(analysisId, `${base}-overlay.png`);
        await store.writeDerived(overlayStorageKey, m.overlayPng);
      }
      return {
        kind: m.kind,
        faceIndex: m.faceIndex,
        width: m.width,
        height: m.height,
        storageKey,
        overlayStorageKey,
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
      for (const e of d.embeddings) {
        await tx.$executeRaw`INSERT INTO detector_embeddings (id, analysis_id, media_id, known_fake_id, case_id, model_id, model_version, face_index, embedding)
        VALUES (gen_random_uuid(), ${analysisId}::uuid, ${subject.mediaId}::uuid, ${subject.knownFakeId}::uuid, ${subject.caseId}::uuid, ${d.model.id}, ${d.model.version}, ${e.faceIndex}, ${vectorLiteral(e.vector)}::vector)`;
      }
    }
    for (const fd of result.faceDescriptors) {
      await tx.$executeRaw`INSERT INTO face_embeddings (id, analysis_id, media_id, known_fake_id, case_id, model_id, face_index, box, embedding)
      VALUES (gen_random_uuid(), ${analysisId}::uuid, ${subject.mediaId}::uuid, ${subject.knownFakeId}::uuid, ${subject.caseId}::uuid, ${result.faceModel.id}, ${fd.faceIndex}, ${JSON.stringify(fd.box)}::jsonb, ${vectorLiteral(fd.vector)}::vector)`;
    }
    await tx.$executeRaw`INSERT INTO perceptual_hashes (id, analysis_id, media_id, known_fake_id, case_id, phash, dhash)
    VALUES (gen_random_uuid(), ${analysisId}::uuid, ${subject.mediaId}::uuid, ${subject.knownFakeId}::uuid, ${subject.caseId}::uuid, ${f.hashes.phash}::bit(64), ${f.hashes.dhash}::bit(64))`;
    const nearDuplicates = await findNearDuplicates(tx, analysisId, subject.knownFakeId);
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
        faces: result.faces as unknown as Prisma.InputJsonValue,
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
        } as unknown as Prisma.InputJsonValue,
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
        model: d.installed ? d.model : null,
        pFake: d.installed ? d.pFake : null,
        faces: result.faces.length,
        nearDuplicates: nearDuplicates.length,
      },
    });
    return true;
  }, RESULT_WRITE_TX);
}
