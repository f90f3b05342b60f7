import { hostname } from 'node:os';
import type { Prisma, PrismaClient } from '@loupe/db';
import type { FaceDetector, LoadedDetector } from '@loupe/inference';

export interface PublishedModels {
  workerId: string;
  /** Every detector the registry loaded; `inUse` is the one this worker scores with. */
  detectors: readonly LoadedDetector[];
  inUse: LoadedDetector | null;
  faces: FaceDetector;
  /** LOUPE_EXECUTION_PROVIDERS as configured. */
  providersRequested: readonly string[];
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/**
 * Records in the database what this worker loaded, exactly as it loaded it (model file hash,
 * manifest, fixture flag, execution providers asked for and used), so administrators see it
 * through the API, which runs elsewhere and cannot read the models folder. Replaces any earlier
 * record of the same worker; `unpublishInstalledModels` removes it when the worker stops.
 */
export async function publishInstalledModels(prisma: PrismaClient, models: PublishedModels): Promise<number> {
  const loadedAt = new Date();
  const host = hostname();
  const requested = [...models.providersRequested];
  const rows: Prisma.InstalledModelCreateManyInput[] = models.detectors.map((d) => ({
    workerId: models.workerId,
    host,
    kind: 'DETECTOR',
    modelId: d.manifest.id,
    version: d.manifest.version,
    sha256: d.manifest.sha256,
    manifest: json(d.manifest),
    fixture: d.manifest.isTestFixture,
    inUse: d === models.inUse,
    providersRequested: requested,
    // onnxruntime-node has no call that lists the providers a session ended up on; the registry
    // keeps the list the session was actually created with (['cpu'] after a fallback), which is
    // the truth available. ORT places any node a listed provider cannot run on cpu.
    providersUsed: [...d.executionProviders],
    loadedAt,
  }));
  rows.push({
    workerId: models.workerId,
    host,
    kind: 'FACE',
    modelId: models.faces.modelInfo.id,
    version: models.faces.modelInfo.version,
    sha256: null,
    manifest: json({ weightsSha256: models.faces.modelInfo.weightsSha256 }),
    fixture: false,
    inUse: true,
    providersRequested: requested,
    providersUsed: [...(models.faces.executionProviders ?? [])],
    loadedAt,
  });
  await prisma.$transaction([
    prisma.installedModel.deleteMany({ where: { workerId: models.workerId } }),
    prisma.installedModel.createMany({ data: rows }),
  ]);
  return rows.length;
}

/** Removes this worker's record of its models (it no longer runs them). */
export async function unpublishInstalledModels(prisma: PrismaClient, workerId: string): Promise<void> {
  await prisma.installedModel.deleteMany({ where: { workerId } });
}
