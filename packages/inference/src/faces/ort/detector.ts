/**
 * The face-api networks on ONNX Runtime: same weights (read from the installed package and
 * verified against the pinned sha256), same pre- and post-processing, graphs built in memory at
 * start-up; multi-threaded on CPU, or on the configured execution providers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { env, InferenceSession } from 'onnxruntime-node';
import { spinOptions } from '../../registry/spin.ts';
import { area, clampToImage } from '../geometry.ts';
import { downscale, SSD_MAX_RESULTS, validate } from '../input.ts';
import type { DetectedFace, DetectOptions, FaceDetector, RgbImage } from '../types.ts';
import { readVerifiedModel, type ModelName } from '../weights.ts';
import { buildLandmarkGraph } from './landmarks.ts';
import { describeFaces, locateFaces, type FaceNets } from './pipeline.ts';
import { buildRecognitionGraph } from './recognition.ts';
import { buildSsdGraph } from './ssd.ts';
import { decodeTfjsWeights } from './tfjs-weights.ts';

/** Distinct from the tfjs detector's id, so every analysis records which runtime produced its faces. */
export const ORT_MODEL_ID = 'vladmandic-face-api-onnx/ssd_mobilenetv1+face_landmark_68+face_recognition';

/** Bumped whenever the graphs or the code around them change numerics. */
export const ORT_GRAPH_REVISION = 1;

export interface OrtFaceDetectorOptions {
  /** intra-op threads per session; default: ONNX Runtime's (one per physical core). */
  threads?: number;
  /** Execution providers in order of preference; default ['cpu']. Falls back to cpu if they fail. */
  executionProviders?: string[];
  /**
   * Whether idle intra-op threads spin (ONNX Runtime's default, true) or sleep between parallel
   * sections. See RegistryOptions.spin: the worker turns it off, its cores being shared.
   */
  spin?: boolean;
  log?: (message: string) => void;
}

const requireHere = createRequire(import.meta.url);
const packageDir = path.dirname(requireHere.resolve('@vladmandic/face-api/package.json'));

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function createSessions(
  graphs: Record<keyof FaceNets, Uint8Array>,
  opts: OrtFaceDetectorOptions,
): Promise<{ nets: FaceNets; executionProviders: string[] }> {
  const wanted = opts.executionProviders?.length ? opts.executionProviders : ['cpu'];
  const create = async (executionProviders: string[]): Promise<FaceNets> => {
    const options: InferenceSession.SessionOptions = {
      executionProviders,
      graphOptimizationLevel: 'all',
      ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
      ...spinOptions(opts.spin),
    };
    const made: InferenceSession[] = [];
    try {
      for (const bytes of [graphs.ssd, graphs.landmarks, graphs.recognition]) {
        made.push(await InferenceSession.create(bytes, options));
      }
    } catch (e) {
      await Promise.all(made.map((s) => s.release()));
      throw e;
    }
    const [ssd, landmarks, recognition] = made as [InferenceSession, InferenceSession, InferenceSession];
    return { ssd, landmarks, recognition };
  };
  try {
    return { nets: await create(wanted), executionProviders: wanted };
  } catch (e) {
    if (wanted.length === 1 && wanted[0] === 'cpu') throw e;
    opts.log?.(
      `faces: execution providers [${wanted.join(', ')}] unavailable (${errorMessage(e).split('\n')[0]}); falling back to cpu`,
    );
    return { nets: await create(['cpu']), executionProviders: ['cpu'] };
  }
}

/** Builds the three graphs from the verified face-api weights; returns their bytes and the files' sha256. */
export async function buildFaceGraphs(
  modelDir = path.join(packageDir, 'model'),
): Promise<{ graphs: Record<keyof FaceNets, Uint8Array>; weightsSha256: Record<string, string> }> {
  const weightsSha256: Record<string, string> = {};
  const load = async (name: ModelName) => {
    const files = await readVerifiedModel(modelDir, name);
    Object.assign(weightsSha256, files.sha256);
    return decodeTfjsWeights(files.specs, files.shards);
  };
  // One model's weights at a time: each is dropped once its graph is serialised.
  const ssd = buildSsdGraph(await load('ssd_mobilenetv1_model')).toBytes();
  const landmarks = buildLandmarkGraph(await load('face_landmark_68_model')).toBytes();
  const recognition = buildRecognitionGraph(await load('face_recognition_model')).toBytes();
  return { graphs: { ssd, landmarks, recognition }, weightsSha256 };
}

/**
 * A FaceDetector running face-api's SSD MobileNet v1, 68-point landmark and recognition nets on
 * ONNX Runtime. Results match createFaceDetector() (tfjs) to within float rounding.
 */
export async function createOrtFaceDetector(opts: OrtFaceDetectorOptions = {}): Promise<FaceDetector> {
  const { threads } = opts;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`createOrtFaceDetector: threads must be a positive integer, got ${threads}`);
  }
  const { graphs, weightsSha256 } = await buildFaceGraphs();
  const { nets, executionProviders } = await createSessions(graphs, opts);
  const faceApiVersion = (
    JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const modelInfo = Object.freeze({
    id: ORT_MODEL_ID,
    // semver build metadata: numerics depend on the graph revision, the runtime and its providers
    version: `${faceApiVersion}+onnx-r${ORT_GRAPH_REVISION}.ort-${env.versions.common}.${executionProviders.join('-')}`,
    weightsSha256: Object.freeze({ ...weightsSha256 }),
  });
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  return {
    modelInfo,
    executionProviders: Object.freeze([...executionProviders]),
    async detect(image, detectOpts = {}) {
      if (closed) throw new Error('FaceDetector: detect() after close()');
      validate(image, detectOpts);
      const run = (async () => {
        const small = await downscale(image);
        return detectFaces(nets, small, image, detectOpts);
      })();
      // close() waits for runs in progress before releasing the sessions under them
      inFlight.add(run);
      try {
        return await run;
      } finally {
        inFlight.delete(run);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...inFlight]);
      await Promise.all([nets.ssd.release(), nets.landmarks.release(), nets.recognition.release()]);
    },
  };
}

async function detectFaces(
  nets: FaceNets,
  { rgb, sx, sy }: { rgb: RgbImage; sx: number; sy: number },
  original: RgbImage,
  o: DetectOptions,
): Promise<DetectedFace[]> {
  const { width: W, height: H } = original;
  const located = await locateFaces(nets, rgb, o.minScore ?? 0.5, SSD_MAX_RESULTS);
  const kept = located
    .map((found) => {
      const b = found.box;
      const box = clampToImage(
        { x: b.x * sx, y: b.y * sy, width: b.width * sx, height: b.height * sy },
        W,
        H,
      );
      return { found, face: { box, score: found.score } as DetectedFace };
    })
    .filter(({ face }) => area(face.box) > 0)
    .sort((a, b) => area(b.face.box) - area(a.face.box))
    .slice(0, o.maxFaces ?? Infinity);
  if (o.withDescriptors && kept.length > 0) {
    // landmarks and descriptors on the detection-size image, as face-api ran them
    const described = await describeFaces(
      nets,
      rgb,
      kept.map(({ found }) => found),
    );
    kept.forEach(({ face }, i) => {
      const d = described[i];
      if (!d) return;
      face.landmarks = d.landmarks.map((p) => ({ x: p.x * sx, y: p.y * sy }));
      if (d.descriptor) face.descriptor = d.descriptor;
    });
  }
  return kept.map(({ face }) => face);
}
