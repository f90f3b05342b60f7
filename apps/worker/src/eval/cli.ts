/**
 * The `loupe eval` command: loads the detector and the face detector exactly as the worker does,
 * then runs {@link runEvaluation}. Needs no database.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { WorkerConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import { EvalInputError, metricsTable } from '@loupe/eval';
import { createOrtFaceDetector, ModelRegistry } from '@loupe/inference';
import { chooseDetector } from '../worker.ts';
import { recordEvaluation } from './record.ts';
import { runEvaluation } from './run.ts';

export type Out = (line: string) => void;

export const EVAL_USAGE =
  'usage: loupe eval --data DIR|FILE.csv --out DIR [--model ID] [--split NAME] [--resamples N] [--seed N] [--name NAME]';

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new EvalInputError(`${name} must be a whole number ≥ 0, got '${value}'`);
  return n;
}

/** Loads the models the way startWorker does; `model` overrides LOUPE_DETECTOR. */
export async function loadModels(config: WorkerConfig, model: string | undefined, log: Out) {
  const registry = await ModelRegistry.load(config.models.dir, {
    executionProviders: config.models.executionProviders,
    ...(config.models.threads > 0 ? { intraOpNumThreads: config.models.threads } : {}),
  });
  const { detector, problems } = chooseDetector(registry, model ?? config.models.detector);
  for (const p of problems) log(`detector problem: ${p}`);
  const faces = await createOrtFaceDetector({
    executionProviders: config.models.executionProviders,
    ...(config.models.threads > 0 ? { threads: config.models.threads } : {}),
    log: () => {},
  });
  return {
    registry,
    detector,
    problems,
    faces,
    async close() {
      await faces.close();
      await registry.close();
    },
  };
}

/**
 * `loupe eval …`; resolves to the exit code (2: bad usage or input). With a database the run is
 * recorded (the `evaluations` query, and beside every score of that model version).
 */
export async function evalCommand(
  argv: string[],
  config: WorkerConfig,
  prisma: PrismaClient | null,
  out: Out,
  progress: (line: string, final: boolean) => void,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        model: { type: 'string' },
        split: { type: 'string' },
        resamples: { type: 'string' },
        seed: { type: 'string' },
        name: { type: 'string' },
      },
    }));
  } catch (error) {
    out(`${(error as Error).message}\n${EVAL_USAGE}`);
    return 2;
  }
  if (!values.data || !values.out) {
    out(EVAL_USAGE);
    return 2;
  }
  // Bad --data is reported before minutes of model loading.
  if (!existsSync(values.data)) {
    out(`loupe eval: --data ${values.data}: no such file or folder`);
    return 2;
  }
  const models = await loadModels(config, values.model, out);
  try {
    if (values.model && !models.detector) {
      out(`--model ${values.model}: not loaded (see the problems above)`);
      return 2;
    }
    const d = models.detector?.manifest;
    out(
      d
        ? `detector: ${d.id} ${d.version} sha256 ${d.sha256.slice(0, 12)}…${d.isTestFixture ? ' — TEST FIXTURE, its numbers are not evidence' : ''}`
        : 'no detector installed: evaluating the classical signals only',
    );
    const result = await runEvaluation(
      {
        faces: models.faces,
        detector: models.detector,
        maxMapSide: config.maxMapSide,
        batchSize: config.models.batchSize,
        sampleFrames: config.video.sampleFrames,
      },
      {
        data: values.data,
        out: values.out,
        resamples: wholeNumber(values.resamples, '--resamples', 1000),
        seed: wholeNumber(values.seed, '--seed', 1),
        ...(values.split ? { split: values.split } : {}),
        progress,
      },
    );
    out('');
    out(metricsTable(result.report));
    out('');
    if (result.videoLevel) {
      out('Video level (one score per video or face sequence: the mean of its frames):');
      out(metricsTable(result.videoLevel));
      out('');
    }
    if (result.frameLevel) {
      out('Frame level (one score per sampled frame of each video, items_frames.csv):');
      out(metricsTable(result.frameLevel));
      out('');
    }
    for (const w of result.info.warnings) out(`warning: ${w}`);
    if (result.info.failed)
      out(`${result.info.failed} item(s) could not be analysed; see the error column of items.csv`);
    out(
      `wrote ${values.out}/items.csv${result.frames.length ? ', items_frames.csv' : ''}, metrics.json, summary.md and plots/ (roc, pr, reliability, histograms as SVG and PNG)`,
    );
    if (prisma) out(`recorded as evaluation ${await recordEvaluation(prisma, result, values.name)}`);
    else out('not recorded in the database (DATABASE_URL is not set)');
    return 0;
  } catch (error) {
    if (error instanceof EvalInputError) {
      out(`loupe eval: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await models.close();
  }
}
