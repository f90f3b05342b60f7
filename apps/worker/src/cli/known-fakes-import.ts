/**
 * loupe known-fakes import <folder> [--labels labels.csv] [--family FAMILY] [--as admin@email] [--analyze-now]
 *
 * Imports a folder of images and videos (MP4, MOV, WebM, MKV; the same checks and caps as an
 * upload) into the known-fakes library. By default each imported item's
 * analysis is queued (analyze-media on pg-boss; a running worker picks it up); with
 * --analyze-now the pipeline runs in this process instead, one item at a time.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, loadWorkerConfig } from '@loupe/config';
import { createPrismaClient, ManipulationFamily, Role } from '@loupe/db';
import { createOrtFaceDetector, ModelRegistry } from '@loupe/inference';
import { QUEUES, startQueue, type AnalyzeMediaJob } from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import { analyzeMedia, type JobDeps } from '../analyze/job.ts';
import { importKnownFakes } from '../known-fakes/import.ts';
import { chooseDetector } from '../worker.ts';

const USAGE =
  'usage: npm run known-fakes:import -- <folder> [--labels labels.csv] [--family FAMILY] [--as admin@email] [--analyze-now]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      labels: { type: 'string' },
      family: { type: 'string' },
      as: { type: 'string' },
      'analyze-now': { type: 'boolean', default: false },
    },
  });
  // Accept both `import <folder>` and `<folder>`.
  const args = positionals[0] === 'import' ? positionals.slice(1) : positionals;
  const folder = args[0];
  if (!folder) {
    console.error(USAGE);
    return 2;
  }
  const families = Object.values(ManipulationFamily) as string[];
  const family = values.family?.toUpperCase();
  if (family && !families.includes(family)) {
    console.error(`--family must be one of ${families.join(', ')}`);
    return 2;
  }
  const config = loadWorkerConfig();
  const prisma = createPrismaClient({ url: config.database.url, poolSize: 2 });
  const store = new EvidenceStore(config.dataDir);
  const cleanup: (() => Promise<void>)[] = [() => prisma.$disconnect()];
  try {
    const user = await prisma.user.findFirst({
      where: values.as ? { email: values.as.toLowerCase() } : { role: Role.ADMIN },
      orderBy: { createdAt: 'asc' },
    });
    if (!user || user.role !== Role.ADMIN) {
      console.error(values.as ? `${values.as} is not an administrator.` : 'No administrator exists yet.');
      return 2;
    }
    let analyze: (analysisId: string) => Promise<void>;
    if (values['analyze-now']) {
      const registry = await ModelRegistry.load(config.models.dir, {
        executionProviders: config.models.executionProviders,
      });
      const faces = await createOrtFaceDetector({
        executionProviders: config.models.executionProviders,
        ...(config.models.threads > 0 ? { threads: config.models.threads } : {}),
      });
      cleanup.push(
        () => registry.close(),
        () => faces.close(),
      );
      const chosen = chooseDetector(registry, config.models.detector);
      const deps: JobDeps = {
        prisma,
        store,
        faces,
        detector: chosen.detector,
        detectorProblems: chosen.problems,
        maxMapSide: config.maxMapSide,
        batchSize: config.models.batchSize,
        log: { info: () => undefined, error: (...a: unknown[]) => console.error(...a) },
        video: config.video,
      };
      analyze = async (analysisId) => {
        const outcome = await analyzeMedia({ id: `cli-${analysisId}`, data: { analysisId } }, deps);
        if (outcome.outcome === 'failed') console.error(`\nanalysis ${analysisId} failed: ${outcome.error}`);
      };
    } else {
      const boss = await startQueue({ url: config.database.url, role: 'sender' }, (e) =>
        console.error('queue error:', e),
      );
      cleanup.push(() => boss.stop({ graceful: false, wait: true }));
      analyze = async (analysisId) => {
        const job: AnalyzeMediaJob = { analysisId };
        await boss.send(QUEUES.analyzeMedia.name, job, { singletonKey: analysisId });
      };
    }
    const summary = await importKnownFakes({
      prisma,
      store,
      folder: resolve(folder),
      createdById: user.id,
      labelsCsv: values.labels ? resolve(values.labels) : null,
      defaultFamily: (family as ManipulationFamily | undefined) ?? null,
      videoCaps: config.video,
      analyze,
      progress: (line) => process.stderr.write(`\r${line}`),
    });
    process.stderr.write('\n');
    console.log(
      `${summary.total} files: ${summary.imported} imported, ${summary.skipped} already in the library, ${summary.failed} failed; analyses ${values['analyze-now'] ? 'run in-process' : 'queued (analyze-media)'}`,
    );
    for (const d of summary.duplicates) console.log(`  duplicate ${d.file}: ${d.message}`);
    for (const e of summary.errors) console.log(`  error ${e.file}: ${e.message}`);
    return summary.errors.length > 0 ? 1 : 0;
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
