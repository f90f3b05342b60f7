// Rows written straight into the database, as the pipeline and investigators would have left
// them, for the API's tests and `npm run bench:api`: going through uploads and the worker would
// take minutes for 100 analysed items and measure nothing these tests care about.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { CaseRole, insertVectors, type PrismaClient } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';
import { storeOriginalBytes } from '@loupe/storage/testing';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const bits64 = () => [...randomBytes(8)].map((b) => b.toString(2).padStart(8, '0')).join('');

/** `count` users who can never sign in (no usable password hash); their ids. */
export async function seedUsers(prisma: PrismaClient, count: number, prefix = 'seeded'): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await prisma.user.createMany({
    data: ids.map((id, i) => ({
      id,
      email: `${prefix}-${i}-${id.slice(0, 8)}@example.test`,
      displayName: `${prefix} ${i}`,
      passwordHash: '!seeded',
    })),
  });
  return ids;
}

/** `count` cases created by `userId`, who leads each; their ids. */
export async function seedCases(prisma: PrismaClient, userId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await prisma.case.createMany({
    data: ids.map((id, i) => ({ id, title: `Seeded case ${i}`, createdById: userId })),
  });
  await prisma.caseMember.createMany({
    data: ids.map((caseId) => ({ caseId, userId, role: CaseRole.LEAD, addedById: userId })),
  });
  return ids;
}

/** Adds users to a case as assigned investigators. */
export async function seedMembers(prisma: PrismaClient, caseId: string, userIds: string[]): Promise<void> {
  await prisma.caseMember.createMany({
    data: userIds.map((userId) => ({ caseId, userId, role: CaseRole.INVESTIGATOR, assigned: true })),
  });
}

/** `count` known fakes (no stored file: only their rows are read); their ids. */
export async function seedKnownFakes(prisma: PrismaClient, createdById: string, count: number) {
  const ids = Array.from({ length: count }, () => randomUUID());
  await prisma.knownFake.createMany({
    data: ids.map((id, i) => ({
      id,
      sha256: sha(`known-fake-${id}`),
      sizeBytes: 1000n,
      mimeType: 'image/png',
      originalName: `known-fake-${i}.png`,
      storageKey: `seeded/${id}`,
      family: 'FACE_SWAP' as const,
      createdById,
    })),
  });
  return ids;
}

export interface AnalysedMediaOptions {
  caseId: string;
  uploadedById: string;
  count: number;
  /** Users who each gave every item one verdict (the first user's is the newest). */
  verdictsBy?: string[];
  /** Known fakes every analysis found as near duplicates. */
  nearDuplicates?: string[];
  /**
   * Where to store a real original for every item (a small JPEG, distinct bytes per item, adopted
   * as an upload leaves it), so a browser's thumbnails load. Without it the files do not exist.
   */
  store?: EvidenceStore;
}

const SEEDED_ORIGINAL = { width: 96, height: 72 };

/** A small JPEG of its own colour per index, adopted into the store: its key, hash and size. */
async function storeOriginal(store: EvidenceStore, i: number) {
  const bytes = await sharp({
    create: {
      ...SEEDED_ORIGINAL,
      channels: 3,
      background: { r: (i * 37) % 256, g: (i * 11) % 256, b: Math.floor(i / 256) * 64 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  return storeOriginalBytes(store, bytes);
}

/**
 * `count` media items in a case, each with a finished analysis as the worker leaves it (detector
 * result, faces, forensic signals, three maps, perceptual hashes), near duplicates and verdicts.
 * The map files never exist, the originals only with `store`: GraphQL reads only rows. Returns
 * the media and analysis ids.
 */
export async function seedAnalysedMedia(prisma: PrismaClient, options: AnalysedMediaOptions) {
  const { caseId, uploadedById, count, verdictsBy = [], nearDuplicates = [], store } = options;
  const media = Array.from({ length: count }, () => ({ id: randomUUID(), analysisId: randomUUID() }));
  const finished = new Date();
  const originals: Awaited<ReturnType<typeof storeOriginal>>[] = [];
  for (let i = 0; store && i < count; i++) originals.push(await storeOriginal(store, i));
  await prisma.media.createMany({
    data: media.map(({ id }, i) => ({
      id,
      caseId,
      sha256: sha(`media-${id}`),
      sizeBytes: 123_456n,
      mimeType: 'image/jpeg',
      originalName: `evidence-${i}.jpg`,
      width: 640,
      height: 480,
      storageKey: `seeded/${id}`,
      uploadedById,
      ...(originals[i] && { ...originals[i], ...SEEDED_ORIGINAL }),
    })),
  });
  await prisma.analysis.createMany({
    data: media.map(({ id, analysisId }) => ({
      id: analysisId,
      mediaId: id,
      status: 'DONE' as const,
      progress: 1,
      attempts: 1,
      codeVersion: 'seeded',
      modelId: 'seeded-detector',
      modelVersion: '1',
      modelSha256: sha('seeded-detector'),
      modelIsTestFixture: true,
      preprocessing: { resize: 224 },
      pFake: 0.42,
      label: 'real',
      faces: [{ box: { x: 10, y: 10, width: 100, height: 100 }, score: 0.99, primary: true, pFake: 0.42 }],
      signals: {
        jpeg: { quality: 90 },
        metadata: { software: null },
        maps: { ela: { mean: 0.1 } },
        detector: { installed: true, subject: 'FACE' },
        nearDuplicates: nearDuplicates.map((knownFakeId) => ({
          knownFakeId,
          space: 'PHASH',
          distance: 3,
          score: 1 - 3 / 64,
        })),
      },
      startedAt: finished,
      finishedAt: finished,
    })),
  });
  await prisma.heatmap.createMany({
    data: media.flatMap(({ analysisId }) =>
      (['DETECTOR', 'ELA', 'NOISE'] as const).map((kind) => ({
        analysisId,
        kind,
        width: 640,
        height: 480,
        storageKey: `seeded/${analysisId}-${kind}`,
        overlayStorageKey: `seeded/${analysisId}-${kind}-overlay`,
      })),
    ),
  });
  for (const { id, analysisId } of media) {
    await prisma.$executeRaw`
      INSERT INTO perceptual_hashes (id, analysis_id, media_id, case_id, phash, dhash)
      VALUES (${randomUUID()}::uuid, ${analysisId}::uuid, ${id}::uuid, ${caseId}::uuid,
              ${bits64()}::bit(64), ${bits64()}::bit(64))`;
  }
  // Oldest first, so the first user's verdict is the current one.
  await prisma.verdict.createMany({
    data: media.flatMap(({ id, analysisId }) =>
      verdictsBy.map((givenById, i) => ({
        mediaId: id,
        caseId,
        value: 'INCONCLUSIVE' as const,
        rationale: 'Seeded.',
        analysisIds: [analysisId],
        givenById,
        createdAt: new Date(finished.getTime() - (i + 1) * 1000),
      })),
    ),
  });
  return media;
}

export interface AnalysedItemOptions {
  /** Evidence in this case; an item of the known-fakes library when absent. */
  caseId?: string;
  /** Who uploaded it (evidence) or added it (known fake). */
  addedById: string;
  file: { sha256: string; sizeBytes: bigint; originalName: string; storageKey: string };
  /** A known fake's catalogue fields. */
  knownFake?: { source?: string; generator?: string };
  /** The detector recorded on the DONE analysis (none when absent). */
  model?: { id: string; version: string };
  /** A detector embedding by that model (face index null: the whole image). */
  detector?: { faceIndex: number | null; vector: number[] };
  face?: { modelId: string; faceIndex: number; box: unknown; vector: number[] };
  hashes: { phash: string; dhash: string };
}

/**
 * One media item or known fake with a DONE analysis and the vector rows chosen, written through
 * @loupe/db's insertVectors as the worker writes them. Returns the item's id.
 */
export async function seedAnalysedItem(prisma: PrismaClient, o: AnalysedItemOptions) {
  const file = { ...o.file, mimeType: 'image/jpeg' };
  const caseId = o.caseId ?? null;
  const subject = caseId
    ? {
        mediaId: (await prisma.media.create({ data: { ...file, caseId, uploadedById: o.addedById } })).id,
        knownFakeId: null,
        caseId,
      }
    : {
        mediaId: null,
        knownFakeId: (
          await prisma.knownFake.create({
            data: { ...file, family: 'FACE_SWAP', ...o.knownFake, createdById: o.addedById },
          })
        ).id,
        caseId,
      };
  const analysis = await prisma.analysis.create({
    data: {
      mediaId: subject.mediaId,
      knownFakeId: subject.knownFakeId,
      status: 'DONE',
      codeVersion: 'test',
      modelId: o.model?.id ?? null,
      modelVersion: o.model?.version ?? null,
    },
  });
  if (o.detector) {
    if (!o.model) throw new Error('a detector embedding needs the model that made it');
    const { faceIndex, vector } = o.detector;
    await insertVectors.detectorEmbedding(
      prisma,
      analysis.id,
      subject,
      o.model,
      faceIndex,
      Float32Array.from(vector),
    );
  }
  if (o.face) {
    const { modelId, vector, ...face } = o.face;
    await insertVectors.faceEmbedding(prisma, analysis.id, subject, modelId, {
      ...face,
      vector: Float32Array.from(vector),
    });
  }
  await insertVectors.perceptualHash(prisma, analysis.id, subject, o.hashes.phash, o.hashes.dhash);
  return (subject.mediaId ?? subject.knownFakeId)!;
}
