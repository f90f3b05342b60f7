import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import { sha256File } from '@loupe/inference';
import { startWorker } from '../src/worker.ts';
import { startWorkerTestEnv, type FixtureTestEnv } from './setup.ts';

// The worker publishes what it loaded (issue 10, administration): the API runs in another container
// and cannot read the models folder, so the administrators' page shows these rows.

const quiet = { info: () => undefined, error: () => undefined };

/** Whether this onnxruntime-node install carries the CUDA provider (ONNXRUNTIME_NODE_INSTALL=cuda12). */
function cudaInstalled(): boolean {
  const bin = join(projectRoot(), 'node_modules', 'onnxruntime-node', 'bin');
  if (!existsSync(bin)) return false;
  return readdirSync(bin, { recursive: true }).some((f) => String(f).includes('providers_cuda'));
}

describe('installed models publication', () => {
  let env: FixtureTestEnv;
  beforeAll(async () => {
    env = await startWorkerTestEnv({ name: 'loupe-installed-models' });
  });
  afterAll(() => env?.close());

  const start = (providers: string) =>
    startWorker(
      loadWorkerConfig({
        DATABASE_URL: env.db.url,
        LOUPE_DATA_DIR: env.dataDir,
        LOUPE_MODELS_DIR: env.modelsDir,
        LOUPE_ORT_PROVIDERS: providers,
        LOUPE_WORKER_CONCURRENCY: '1',
      }),
      { prisma: env.prisma, faces: env.faces, log: quiet },
    );

  it('records each loaded model with its file hash, fixture flag and providers, and removes it on stop', async () => {
    const worker = await start('cpu');
    try {
      const rows = await env.prisma.installedModel.findMany({
        where: { workerId: worker.workerId },
        orderBy: { kind: 'asc' },
      });
      expect(rows.map((r) => r.kind)).toEqual(['DETECTOR', 'FACE']);
      const [detector, face] = rows;
      const loaded = env.registry.primary();
      expect(loaded).not.toBeNull();
      // The hash of the file on disk, computed here, not copied from the manifest.
      expect(detector?.sha256).toBe(await sha256File(loaded!.modelPath));
      expect(detector).toMatchObject({
        modelId: loaded!.manifest.id,
        version: loaded!.manifest.version,
        fixture: true,
        inUse: true,
        providersRequested: ['cpu'],
        providersUsed: ['cpu'],
      });
      expect(detector?.manifest).toMatchObject({ id: loaded!.manifest.id, isTestFixture: true });
      expect(face).toMatchObject({
        modelId: env.faces.modelInfo.id,
        version: env.faces.modelInfo.version,
        sha256: null,
        fixture: false,
        providersUsed: ['cpu'],
      });
      expect(face?.manifest).toEqual({ weightsSha256: env.faces.modelInfo.weightsSha256 });
    } finally {
      await worker.stop();
    }
    expect(await env.prisma.installedModel.count({ where: { workerId: worker.workerId } })).toBe(0);
  }, 120_000);

  it('records the providers actually used when the configured ones fall back to cpu', async () => {
    const worker = await start('cuda');
    try {
      const detector = await env.prisma.installedModel.findFirstOrThrow({
        where: { workerId: worker.workerId, kind: 'DETECTOR' },
      });
      expect(detector.providersRequested).toEqual(['cuda']);
      // What the session was created with: the truth, whatever was asked for.
      expect(detector.providersUsed).toEqual(worker.detector?.executionProviders);
      if (!cudaInstalled()) expect(detector.providersUsed).toEqual(['cpu']);
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
