import type { ForensicReport } from '@loupe/forensics';
import {
  decodeImage,
  faceCropBox,
  preprocessDecoded,
  scoreTensors,
  type Box,
  type DetectedFace,
  type DetectorBatcher,
  type FaceDetector,
  type LoadedDetector,
} from '@loupe/inference';
import { inlinePixels, type PixelWork } from './pixels/tasks.ts';

/** Compute-only part of an analysis: bytes in, results out. No database, no storage. */

export interface PipelineDeps {
  faces: FaceDetector;
  /** The detector to score with, or null when none is installed. */
  detector: LoadedDetector | null;
  maxMapSide: number;
  batchSize: number;
  /**
   * The worker's one queue to the detector, shared by the analyses it runs at once (see
   * DetectorBatcher); absent, each analysis runs the detector itself in batches of batchSize.
   */
  batcher?: DetectorBatcher;
  /** How many faces (largest first) the detector scores; default 8. */
  maxScoredFaces?: number;
  /**
   * Where forensics and map rendering run: a thread pool (pixels/pool.ts) in the worker, so they
   * overlap face detection and the detector; inline, after them, when absent.
   */
  pixels?: PixelWork;
}

export interface MapImage {
  kind: 'DETECTOR' | 'ELA' | 'NOISE';
  /** DETECTOR maps of scored faces: the face's index in `faces` (0 = primary); else null. */
  faceIndex: number | null;
  width: number;
  height: number;
  png: Buffer;
  /** Null for images: their overlays are rendered on first view (@loupe/inference/heatmap overlayKey). */
  overlayPng: Buffer | null;
  /** DETECTOR maps: the region the model saw, in map pixels, stored for that later overlay; else null. */
  analysed: Box | null;
}

export interface PipelineResult {
  width: number;
  height: number;
  faces: { box: DetectedFace['box']; score: number; primary: boolean; pFake: number | null }[];
  faceDescriptors: { faceIndex: number; box: DetectedFace['box']; vector: Float32Array }[];
  faceModel: { id: string; version: string };
  detector:
    | { installed: false; note: string; problems: string[] }
    | {
        installed: true;
        subject: 'FACE' | 'WHOLE_IMAGE';
        pFake: number;
        label: string;
        model: { id: string; version: string; sha256: string; isTestFixture: boolean };
        embeddings: { faceIndex: number | null; vector: Float32Array }[];
        preprocessing: Record<string, unknown>;
      };
  maps: MapImage[];
  forensics: ForensicReport;
  /** Wall time of each step, for the record and for benchmarks. */
  timingsMs: Record<string, number>;
}

// By default at most this many faces are scored per image (the largest first); the primary face is the largest.
const MAX_SCORED_FACES = 8;

export async function runPipeline(
  bytes: Buffer,
  deps: PipelineDeps,
  progress: (fraction: number, step: string) => Promise<void>,
  problems: string[] = [],
): Promise<PipelineResult> {
  const timingsMs: Record<string, number> = {};
  // In a pool the forensics (a function of the bytes alone) start at once on another core while
  // this thread decodes, finds faces and runs the detector; they are awaited at their step below.
  const pooledForensics = deps.pixels?.forensics(bytes, deps.maxMapSide, false);
  // Awaited below; this only keeps a failure there from going unhandled if an earlier step throws.
  pooledForensics?.catch(() => undefined);
  let mark = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timingsMs[step] = now - mark;
    mark = now;
  };
  const image = await decodeImage(bytes);
  lap('decode');
  await progress(0.15, 'faces');
  const detected = await deps.faces.detect(image, { withDescriptors: true });
  lap('faces');
  const faceDescriptors = detected.flatMap((f, faceIndex) =>
    f.descriptor ? [{ faceIndex, box: f.box, vector: f.descriptor }] : [],
  );

  await progress(0.35, 'detector');
  let detector: PipelineResult['detector'];
  const maps: MapImage[] = [];
  const pFakes: (number | null)[] = detected.map(() => null);
  if (!deps.detector) {
    detector = {
      installed: false,
      note: 'No detector is installed; no fakeness score was computed.',
      problems,
    };
  } else {
    const d = deps.detector;
    const input = d.manifest.input;
    const scale = input.faceCrop?.enabled ? input.faceCrop.scale : null;
    const scored = scale ? detected.slice(0, deps.maxScoredFaces ?? MAX_SCORED_FACES) : [];
    const crops =
      scored.length > 0 ? scored.map((f) => faceCropBox(f.box, image, scale ?? 1.3)) : [undefined];
    const prepared = crops.map((crop) => preprocessDecoded(image, input, crop));
    lap('preprocess');
    const outputs = await scoreTensors(
      d,
      prepared.map((p) => p.tensor),
      deps,
    );
    lap('detector');
    outputs.forEach((o, i) => {
      if (i < scored.length) pFakes[i] = o.pFake;
    });
    const primary = outputs[0]!;
    const primaryPrep = prepared[0]!;
    // One map per scored face, primary first: an investigator looking at a group photo needs to see
    // where the detector looked on each face, not only the largest one. A whole-image score has no
    // face, so its map has no face index. Concurrent: in a pool each map renders on its own core.
    const faceMaps = await Promise.all(
      outputs.map(async (o, i) =>
        o.patchFake && o.grid
          ? {
              kind: 'DETECTOR' as const,
              faceIndex: i < scored.length ? i : null,
              ...(await (deps.pixels ?? inlinePixels).detectorMap({
                patchFake: o.patchFake,
                grid: o.grid,
                transform: prepared[i]!.transform,
                image,
                maxLongSide: deps.maxMapSide,
                overlay: false,
              })),
            }
          : null,
      ),
    );
    for (const m of faceMaps) if (m) maps.push(m);
    if (maps.length > 0) lap('heatmap');
    detector = {
      installed: true,
      subject: scored.length > 0 ? 'FACE' : 'WHOLE_IMAGE',
      pFake: primary.pFake,
      label: primary.label,
      model: primary.model,
      embeddings: outputs.map((o, i) => ({ faceIndex: i < scored.length ? i : null, vector: o.embedding })),
      preprocessing: { input, crop: primaryPrep.transform, faceCropScale: scale },
    };
  }

  await progress(0.6, 'forensics');
  // Inline they run only now, after the detector: sharing this thread, running them concurrently
  // measured no faster. Pooled, this step is the wait for what is left of them (their own step
  // times are in forensics.timingsMs).
  const forensics = await (pooledForensics ?? inlinePixels.forensics(bytes, deps.maxMapSide, false));
  lap('forensics');
  for (const m of forensics.maps) {
    maps.push({
      kind: m.kind,
      faceIndex: null,
      width: m.width,
      height: m.height,
      png: m.png,
      overlayPng: m.overlayPng,
      analysed: null,
    });
  }

  return {
    width: image.width,
    height: image.height,
    faces: detected.map((f, i) => ({
      box: f.box,
      score: f.score,
      primary: i === 0,
      pFake: pFakes[i] ?? null,
    })),
    faceDescriptors,
    faceModel: { id: deps.faces.modelInfo.id, version: deps.faces.modelInfo.version },
    detector,
    maps,
    forensics,
    timingsMs,
  };
}
