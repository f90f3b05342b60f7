/**
 * `loupe calibrate`: fits temperature scaling and a threshold at a chosen false-positive rate on a
 * calibration split, scored through the same pipeline as evidence, and writes a NEW model version
 * folder next to the installed one (same ONNX file, same id, new version, fitted calibration and
 * where it came from). The installed folder is never changed, so earlier scores keep their provenance.
 */
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkerConfig } from '@loupe/config';
import {
  calibratedProbability,
  EvalInputError,
  fitTemperature,
  logitFromProbability,
  operatingPoints,
  readDataSet,
  sortSet,
  tprAtFpr,
} from '@loupe/eval';
import { parseManifest, type LoadedDetector } from '@loupe/inference';
import { runPipeline } from '../analyze/pipeline.ts';
import { loadModels, type Out } from './cli.ts';
import { fingerprintSet, type EvalDeps } from './run.ts';

export const CALIBRATE_USAGE =
  'usage: loupe calibrate --data DIR|FILE.csv --model ID [--split calibration|all] [--fpr 0.05]';

export interface Calibration {
  temperature: number;
  threshold: number;
  /** On the calibration split, after calibration. */
  fprAtThreshold: number;
  tprAtThreshold: number;
  nllBefore: number;
  nllAfter: number;
  items: number;
  dir: string;
  version: string;
}

/** Scores the split, fits T and the threshold, writes the new version folder. */
export async function calibrateDetector(
  deps: EvalDeps & { detector: LoadedDetector },
  opts: { data: string; split: string; fpr: number; now?: Date; progress?: (line: string) => void },
): Promise<Calibration> {
  if (!(opts.fpr > 0 && opts.fpr < 1)) throw new EvalInputError(`--fpr must be in (0, 1), got ${opts.fpr}`);
  const set = readDataSet(opts.data);
  const items = opts.split === 'all' ? set.items : set.items.filter((i) => i.split === opts.split);
  if (items.length === 0) {
    throw new EvalInputError(
      `no item has split '${opts.split}'; use a CSV with a split column, or --split all`,
    );
  }
  const m = deps.detector.manifest;
  const logits: number[] = [];
  const labels: number[] = [];
  for (const [k, it] of items.entries()) {
    try {
      const r = await runPipeline(await readFile(it.path), deps, async () => {});
      if (!r.detector.installed) throw new Error('detector not installed');
      logits.push(logitFromProbability(r.detector.pFake, m.calibration.temperature));
      labels.push(it.label);
    } catch (error) {
      opts.progress?.(`skipped ${it.file}: ${(error as Error).message.split('\n')[0]}`);
    }
    opts.progress?.(`scored ${k + 1}/${items.length}`);
  }
  const fit = fitTemperature(logits, labels);
  const probs = logits.map((z) => calibratedProbability(z, fit.temperature));
  const at = tprAtFpr(operatingPoints(sortSet({ scores: probs, labels })), opts.fpr);
  // The manifest's threshold must lie in (0, 1); +∞ means no threshold keeps FPR this low here.
  if (!Number.isFinite(at.threshold) || at.threshold >= 1) {
    throw new EvalInputError(
      `no threshold below 1 keeps the false-positive rate ≤ ${opts.fpr} on this split; use more real items or a larger --fpr`,
    );
  }
  const threshold = Math.max(at.threshold, 1e-6);

  const stamp = (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const compact = stamp.replace(/[-:]/g, '');
  const version = `${m.version}+cal.${compact}`;
  const raw = JSON.parse(readFileSync(join(deps.detector.dir, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const fingerprint = await fingerprintSet({ ...set, items });
  const manifest = {
    ...raw,
    version,
    calibration: {
      temperature: Number(fit.temperature.toPrecision(8)),
      threshold: Number(threshold.toPrecision(8)),
      fittedAt: stamp,
      fittedOn:
        `loupe calibrate on ${set.root} (${set.layout}, split ${opts.split}, ${logits.length} items, fingerprint ${fingerprint}); ` +
        `temperature scaling (NLL ${fit.nllBefore.toFixed(4)} → ${fit.nllAfter.toFixed(4)}), threshold at FPR ≤ ${opts.fpr} ` +
        `(measured FPR ${at.fpr.toFixed(4)}, TPR ${at.tpr.toFixed(4)}); from ${m.id} ${m.version} ` +
        `(calibration T ${m.calibration.temperature}, threshold ${m.calibration.threshold})`,
    },
  };
  // Checked with the same parser the registry uses, before anything is written.
  parseManifest(JSON.stringify(manifest), 'calibrated manifest');
  const dir = join(deps.detector.dir, '..', `${basename(deps.detector.dir)}@cal-${compact}`);
  if (existsSync(dir)) throw new EvalInputError(`${dir} already exists`);
  mkdirSync(dir);
  // Copy-on-write where the file system can; the bytes (and so the SHA-256) are the same.
  copyFileSync(deps.detector.modelPath, join(dir, m.file), constants.COPYFILE_FICLONE);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return {
    temperature: manifest.calibration.temperature,
    threshold: manifest.calibration.threshold,
    fprAtThreshold: at.fpr,
    tprAtThreshold: at.tpr,
    nllBefore: fit.nllBefore,
    nllAfter: fit.nllAfter,
    items: logits.length,
    dir,
    version,
  };
}

/** `loupe calibrate …`; resolves to the exit code. */
export async function calibrateCommand(argv: string[], config: WorkerConfig, out: Out): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        model: { type: 'string' },
        split: { type: 'string', default: 'calibration' },
        fpr: { type: 'string', default: '0.05' },
      },
    }));
  } catch (error) {
    out(`${(error as Error).message}\n${CALIBRATE_USAGE}`);
    return 2;
  }
  if (!values.data || !values.model) {
    out(CALIBRATE_USAGE);
    return 2;
  }
  const models = await loadModels(config, values.model, out);
  try {
    if (!models.detector) {
      out(`--model ${values.model}: not loaded (see the problems above)`);
      return 2;
    }
    const m = models.detector.manifest;
    out(
      `calibrating ${m.id} ${m.version}${m.isTestFixture ? ' — TEST FIXTURE, its numbers are not evidence' : ''}`,
    );
    const c = await calibrateDetector(
      {
        faces: models.faces,
        detector: models.detector,
        maxMapSide: config.maxMapSide,
        batchSize: config.models.batchSize,
      },
      {
        data: values.data,
        split: values.split!,
        fpr: Number(values.fpr),
        progress: (l) => process.stderr.write(`${l}\n`),
      },
    );
    out(
      `temperature ${c.temperature} (NLL ${c.nllBefore.toFixed(4)} → ${c.nllAfter.toFixed(4)} on ${c.items} items)`,
    );
    out(
      `threshold ${c.threshold}: FPR ${c.fprAtThreshold.toFixed(4)}, TPR ${c.tprAtThreshold.toFixed(4)} on the calibration split`,
    );
    out(
      `wrote ${c.dir} (${m.id} ${c.version}); restart the worker to use it — ${m.version} stays installed beside it`,
    );
    return 0;
  } catch (error) {
    if (error instanceof EvalInputError) {
      out(`loupe calibrate: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await models.close();
  }
}
