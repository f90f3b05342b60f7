import { insertVectors, type Prisma, type PrismaClient, type RowSubject } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';
import { findNearDuplicates } from '../near-duplicates.ts';
import { lockForWrite, RESULT_WRITE_TX } from '../claim.ts';
import { markDone, writeMapFiles } from '../write.ts';
import type { VideoPipelineResult } from './pipeline.ts';

const pad = (n: number) => String(n).padStart(4, '0');

/**
 * Stores a video analysis: files first (thumbnails, frame maps), then one transaction that
 * replaces every derived row — frames, tracks, segments, frame hashes, heatmaps, embeddings —
 * marks the analysis DONE and appends the audit event. Replacing rather than adding makes a retry
 * after a crash leave exactly one complete analysis, as for images.
 */
export async function writeVideoAnalysis(
  deps: { prisma: PrismaClient; store: EvidenceStore },
  analysisId: string,
  /** Evidence in a case (mediaId, caseId) or an item of the known-fakes library (knownFakeId). */
  subject: RowSubject & { sha256: string },
  result: VideoPipelineResult,
): Promise<void> {
  const { prisma, store } = deps;
  const thumbnails = await Promise.all(
    result.frames.map(async (f) => {
      const key = store.derivedKey(analysisId, `frame-${pad(f.index)}.jpg`);
      await store.writeDerived(key, f.thumbnailJpeg);
      return key;
    }),
  );
  const maps = await Promise.all(
    result.maps.map(async (m) => {
      const base = `${m.kind.toLowerCase()}-f${pad(m.frameIndex)}`;
      return {
        kind: m.kind,
        width: m.width,
        height: m.height,
        frameIndex: m.frameIndex,
        ...(await writeMapFiles(store, analysisId, base, m)),
      };
    }),
  );

  const d = result.detector;
  const primary = result.tracks.find((t) => t.primary) ?? null;
  await prisma.$transaction(async (tx) => {
    // Written once: a slow attempt finishing after another completed the analysis writes nothing.
    if (!(await lockForWrite(tx, analysisId))) return;
    await tx.heatmap.deleteMany({ where: { analysisId } });
    await tx.detectorEmbedding.deleteMany({ where: { analysisId } });
    await tx.faceEmbedding.deleteMany({ where: { analysisId } });
    await tx.perceptualHash.deleteMany({ where: { analysisId } });
    await tx.analysisFrame.deleteMany({ where: { analysisId } });
    await tx.faceTrack.deleteMany({ where: { analysisId } });
    await tx.suspiciousSegment.deleteMany({ where: { analysisId } });
    await tx.frameHash.deleteMany({ where: { analysisId } });

    await tx.heatmap.createMany({ data: maps.map((m) => ({ analysisId, ...m })) });
    await tx.analysisFrame.createMany({
      data: result.frames.map((f, i) => ({
        analysisId,
        frameIndex: f.index,
        timeSec: f.timeSec,
        width: f.width,
        height: f.height,
        pFake: f.pFake,
        subject: f.subject,
        faces: f.faces as unknown as Prisma.InputJsonValue,
        thumbnailStorageKey: thumbnails[i]!,
        memberName: f.memberName ?? null,
      })),
    });
    await tx.faceTrack.createMany({
      data: result.tracks.map((t) => ({
        analysisId,
        trackIndex: t.trackIndex,
        primary: t.primary,
        frameCount: t.frames.length,
        totalArea: t.totalArea,
        meanPFake: t.meanPFake,
        maxPFake: t.maxPFake,
        fractionAbove: t.fractionAbove,
      })),
    });
    await tx.suspiciousSegment.createMany({ data: result.segments.map((s) => ({ analysisId, ...s })) });
    for (const f of result.frames) await insertVectors.frameHash(tx, analysisId, subject, f);
    await insertVectors.perceptualHash(
      tx,
      analysisId,
      subject,
      result.posterHashes.phash,
      result.posterHashes.dhash || result.posterHashes.phash,
    );
    if (d.installed && d.videoEmbedding)
      await insertVectors.detectorEmbedding(
        tx,
        analysisId,
        subject,
        d.model,
        primary?.trackIndex ?? null,
        d.videoEmbedding,
      );
    for (const fd of result.faceDescriptors)
      await insertVectors.faceEmbedding(tx, analysisId, subject, result.faceModel.id, {
        ...fd,
        faceIndex: fd.track,
      });
    const nearDuplicates = await findNearDuplicates(tx, analysisId, subject.knownFakeId);
    await markDone(
      tx,
      analysisId,
      subject,
      d,
      {
        kind: 'video',
        faces: result.frames.find((f) => f.index === result.mappedFrames.poster)?.faces ?? [],
        signals: {
          detector: d.installed
            ? {
                installed: true,
                subject: d.subject,
                rule: d.rule,
                threshold: d.threshold,
                note: d.model.isTestFixture ? 'Test fixture — not evidence.' : null,
              }
            : { installed: false, note: d.note, problems: d.problems },
          video: {
            framesSampled: result.frames.length,
            framesWithoutFace: result.frames.filter((f) => f.subject === 'WHOLE_FRAME').length,
            primaryTrack: primary?.trackIndex ?? null,
            mappedFrames: result.mappedFrames,
          },
          ...(result.sequence && { sequence: result.sequence }),
          faceModel: result.faceModel,
          timingsMs: result.timingsMs,
          nearDuplicates,
        },
      },
      {
        kind: result.sequence ? 'SEQUENCE' : 'VIDEO',
        frames: result.frames.length,
        tracks: result.tracks.length,
        segments: result.segments.length,
      },
    );
  }, RESULT_WRITE_TX);
}
