import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { parseManifest, type DetectorManifest } from '../manifest/index.ts';
import { checkSessionContract } from './contract.ts';
import { spinOptions } from './spin.ts';
import { ThreadedSession, type DetectorSession } from './session-thread.ts';
import { probeBatchInvariance } from '../detector/batcher.ts';

/** What every score carries so it can be traced to the exact model file. */
export interface DetectorProvenance {
  id: string;
  version: string;
  sha256: string;
  isTestFixture: boolean;
}

export interface LoadedDetector {
  manifest: DetectorManifest;
  /** The model's folder and its verified ONNX file. */
  dir: string;
  modelPath: string;
  /**
   * One session per model, created at load and reused for every run: in-process, or in a thread of
   * its own (RegistryOptions.sessionThread) so a run does not stop the caller's event loop.
   */
  session: DetectorSession;
  /** The execution providers the session was created with (after any fallback to cpu). */
  executionProviders: string[];
  /** Fixed batch size declared by the model (only 1 is accepted), or null for a dynamic axis. */
  fixedBatch: 1 | null;
  /**
   * Whether an image's outputs are the same alone and in a batch (to float32 rounding), probed at load
   * (probeBatchInvariance). When false (dynamic int8 quantisation takes one scale over the whole
   * batch) every image runs alone, so each score can be reproduced from its own input.
   */
  batchInvariant: boolean;
  provenance: DetectorProvenance;
}

export interface RegistryProblem {
  dir: string;
  error: string;
}

export interface RegistryOptions {
  /** ONNX Runtime execution providers in order of preference; default ['cpu']. */
  executionProviders?: string[];
  intraOpNumThreads?: number;
  /** Id of the detector primary() should return; default: the first by id. */
  primary?: string;
  log?: (message: string) => void;
  /**
   * Run each detector's session in a thread of its own (ThreadedSession): the worker sets this so
   * its event loop stays free while the detector runs. Default false (tools, tests, benches).
   */
  sessionThread?: boolean;
  /** Whether idle intra-op threads spin between parallel sections (default true; see spin.ts). */
  spin?: boolean;
}

/** SHA-256 of a file, streamed (detector files are ~1 GB). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The detectors installed in a models directory: one folder per detector holding manifest.json
 * and the ONNX file it names. A folder that fails any check (manifest, hash, I/O contract, session
 * creation) is listed in `problems` and skipped; the others still load. No folder, or an empty
 * one, is the normal "detector not installed" state.
 */
export class ModelRegistry {
  private constructor(
    readonly modelsDir: string,
    private readonly byId: Map<string, LoadedDetector>,
    readonly problems: RegistryProblem[],
    private readonly primaryId: string | null,
  ) {}

  static async load(modelsDir: string, opts: RegistryOptions = {}): Promise<ModelRegistry> {
    const log = opts.log ?? (() => {});
    const byId = new Map<string, LoadedDetector>();
    const problems: RegistryProblem[] = [];
    let entries: string[] = [];
    try {
      entries = (await readdir(modelsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
    } catch (e) {
      // Missing is the normal "no detector installed" state; anything else (a file, no permission)
      // is a misconfiguration worth reporting, but still not a reason to stop the worker.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        log(`models directory ${modelsDir} does not exist: no detector installed`);
      } else {
        problems.push({ dir: modelsDir, error: `cannot list the models directory: ${errorMessage(e)}` });
      }
    }
    for (const name of entries) {
      const dir = join(modelsDir, name);
      try {
        const detector = await loadDetector(dir, opts, log);
        const clash = byId.get(detector.manifest.id);
        if (clash) {
          // `loupe calibrate` writes a new folder with the same id and a new version; the one fitted
          // last is used and the installed one stays untouched beside it. Otherwise a clash is an error.
          const fitted = (d: LoadedDetector) => d.manifest.calibration.fittedAt ?? null;
          const [a, b] = [fitted(clash), fitted(detector)];
          if (a === null && b === null) {
            await detector.session.release();
            throw new Error(`detector id "${detector.manifest.id}" is already provided by ${clash.dir}`);
          }
          const [older, newer] = (b ?? '') > (a ?? '') ? [clash, detector] : [detector, clash];
          await older.session.release();
          byId.set(newer.manifest.id, newer);
          log(
            `detector ${older.manifest.id} ${older.manifest.version} in ${older.dir} is superseded by ` +
              `${newer.manifest.version} (calibrated ${fitted(newer)}) in ${newer.dir}`,
          );
          if (newer === clash) continue;
        } else byId.set(detector.manifest.id, detector);
        const m = detector.manifest;
        log(
          `loaded detector ${m.id} ${m.version} (sha256 ${m.sha256}) on [${detector.executionProviders.join(', ')}]` +
            (m.isTestFixture ? ' — TEST FIXTURE: its scores are not evidence' : ''),
        );
      } catch (e) {
        problems.push({ dir, error: errorMessage(e) });
        log(`detector in ${dir} not loaded: ${errorMessage(e)}`);
      }
    }
    let primaryId: string | null = byId.keys().next().value ?? null;
    if (opts.primary !== undefined) {
      primaryId = byId.has(opts.primary) ? opts.primary : null;
      if (primaryId === null) {
        problems.push({ dir: modelsDir, error: `configured detector "${opts.primary}" is not installed` });
      }
    }
    return new ModelRegistry(modelsDir, byId, problems, primaryId);
  }

  detectors(): LoadedDetector[] {
    return [...this.byId.values()];
  }

  get(id: string): LoadedDetector | null {
    return this.byId.get(id) ?? null;
  }

  /** The configured detector, else the first by id; null when none is installed (or the configured one is not). */
  primary(): LoadedDetector | null {
    return this.primaryId === null ? null : (this.byId.get(this.primaryId) ?? null);
  }

  /** Releases every session; the registry is empty afterwards. */
  async close(): Promise<void> {
    const all = [...this.byId.values()];
    this.byId.clear();
    await Promise.all(all.map((d) => d.session.release()));
  }
}

async function loadDetector(
  dir: string,
  opts: RegistryOptions,
  log: (message: string) => void,
): Promise<LoadedDetector> {
  const manifestPath = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${manifestPath}: ${errorMessage(e)}`);
  }
  const manifest = parseManifest(text, manifestPath);
  const modelPath = join(dir, manifest.file);
  const before = await stat(modelPath).catch((e: unknown) => {
    throw new Error(`model file ${modelPath} named by the manifest cannot be read: ${errorMessage(e)}`);
  });
  if (!before.isFile()) throw new Error(`model file ${modelPath} is not a regular file`);

  const actual = await sha256File(modelPath);
  if (actual !== manifest.sha256) {
    throw new Error(
      `sha256 mismatch for ${modelPath}: manifest expects ${manifest.sha256}, file has ${actual}. ` +
        'Refusing to load a model that is not the one its manifest describes.',
    );
  }

  const { session, executionProviders } = await createSession(modelPath, manifest.id, opts, log);
  try {
    // ORT read the file after we hashed it; make sure it is still the same file.
    const after = await stat(modelPath);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino) {
      throw new Error(`model file ${modelPath} changed while it was being loaded; try again`);
    }
    const { fixedBatch } = checkSessionContract(session, manifest, modelPath);
    const loaded: LoadedDetector = {
      manifest,
      dir,
      modelPath,
      session,
      executionProviders,
      fixedBatch,
      batchInvariant: false,
      provenance: {
        id: manifest.id,
        version: manifest.version,
        sha256: manifest.sha256,
        isTestFixture: manifest.isTestFixture,
      },
    };
    loaded.batchInvariant = await probeBatchInvariance(loaded);
    if (!loaded.batchInvariant && fixedBatch === null) {
      log(
        `${manifest.id}: outputs depend on what shares a batch (e.g. dynamic int8 quantisation); each image runs alone`,
      );
    }
    return loaded;
  } catch (e) {
    await session.release();
    throw e;
  }
}

function sessionOptions(
  executionProviders: string[],
  opts: RegistryOptions,
): InferenceSession.SessionOptions {
  return {
    executionProviders,
    graphOptimizationLevel: 'all',
    ...(opts.intraOpNumThreads ? { intraOpNumThreads: opts.intraOpNumThreads } : {}),
    ...spinOptions(opts.spin),
  };
}

/**
 * Another session of a loaded detector, made exactly as its own (same file, same options, the
 * providers it ended up with), so it gives the same numbers: for running images side by side
 * (DetectorBatcher). The caller releases it.
 */
export function openSessionLike(detector: LoadedDetector, opts: RegistryOptions): Promise<DetectorSession> {
  const options = sessionOptions(detector.executionProviders, opts);
  return opts.sessionThread
    ? ThreadedSession.create(detector.modelPath, options)
    : InferenceSession.create(detector.modelPath, options);
}

/**
 * Creates the session with the configured providers; if that fails (CUDA libraries missing, no
 * GPU adapter, …) retries on cpu alone, saying why in one log line.
 */
async function createSession(
  modelPath: string,
  id: string,
  opts: RegistryOptions,
  log: (message: string) => void,
): Promise<{ session: DetectorSession; executionProviders: string[] }> {
  const create = (path: string, options: InferenceSession.SessionOptions): Promise<DetectorSession> =>
    opts.sessionThread ? ThreadedSession.create(path, options) : InferenceSession.create(path, options);
  const wanted = opts.executionProviders?.length ? opts.executionProviders : ['cpu'];
  const options = (executionProviders: string[]) => sessionOptions(executionProviders, opts);
  try {
    return { session: await create(modelPath, options(wanted)), executionProviders: wanted };
  } catch (e) {
    if (wanted.length === 1 && wanted[0] === 'cpu')
      throw new Error(`ONNX Runtime cannot load ${modelPath}: ${errorMessage(e)}`);
    const reason = errorMessage(e).split('\n')[0];
    log(
      `detector ${id}: execution providers [${wanted.join(', ')}] unavailable (${reason}); falling back to cpu`,
    );
    try {
      return {
        session: await create(modelPath, options(['cpu'])),
        executionProviders: ['cpu'],
      };
    } catch (e2) {
      throw new Error(`ONNX Runtime cannot load ${modelPath}: ${errorMessage(e2)}`);
    }
  }
}
