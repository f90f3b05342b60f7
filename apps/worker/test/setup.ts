import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { startTestDatabase, type TestDatabase } from '@loupe/db/testing';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type FaceDetector,
} from '@loupe/inference';
import { EvidenceStore } from '@loupe/storage';

// The setup every worker integration test repeated: a test database, its Prisma client, a fresh
// data dir with evidence storage and a models/ folder, the face detector and (usually) the
// detector test fixture loaded through the model registry — plus the teardown in reverse order.

export interface WorkerTestEnv {
  db: TestDatabase;
  prisma: PrismaClient;
  dataDir: string;
  modelsDir: string;
  store: EvidenceStore;
  faces: FaceDetector;
  /** Closes what was opened (registry, faces, Prisma, database) and removes the data dir. */
  close(): Promise<void>;
}

/** The environment with the detector test fixture loaded. */
export type FixtureTestEnv = WorkerTestEnv & { registry: ModelRegistry };

export interface WorkerTestEnvOptions {
  /** Names the temporary data dir (`<name>-XXXXXX` under the OS temp dir). */
  name: string;
  /**
   * The detector test fixture written into models/ and loaded (1024-d; `marker` is its variant
   * that scores green-tinted pixels high). `false`: models/ stays empty and no registry is loaded.
   */
  fixture?: false | { marker?: boolean };
}

export function startWorkerTestEnv(o: WorkerTestEnvOptions & { fixture: false }): Promise<WorkerTestEnv>;
export function startWorkerTestEnv(o: WorkerTestEnvOptions): Promise<FixtureTestEnv>;
export async function startWorkerTestEnv(
  o: WorkerTestEnvOptions,
): Promise<WorkerTestEnv & { registry?: ModelRegistry }> {
  const db = await startTestDatabase();
  const prisma = createPrismaClient({ url: db.url });
  const dataDir = mkdtempSync(join(tmpdir(), `${o.name}-`));
  const modelsDir = join(dataDir, 'models');
  const opened: { registry?: ModelRegistry; faces?: FaceDetector } = {};
  const close = async () => {
    await opened.registry?.close();
    await opened.faces?.close();
    await prisma.$disconnect();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (o.fixture === false) mkdirSync(modelsDir);
    else {
      await writeFixtureDetector(modelsDir, { dim: 1024, ...(o.fixture?.marker ? { marker: true } : {}) });
      opened.registry = await ModelRegistry.load(modelsDir);
    }
    const store = new EvidenceStore(dataDir);
    // The face detector the worker runs: face-api's networks on ONNX Runtime.
    opened.faces = await createOrtFaceDetector();
    return { db, prisma, dataDir, modelsDir, store, faces: opened.faces, registry: opened.registry, close };
  } catch (err) {
    await close();
    throw err;
  }
}
