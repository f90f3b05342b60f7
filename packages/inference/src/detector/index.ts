import { Tensor } from 'onnxruntime-node';
import type { DetectorProvenance, LoadedDetector } from '../registry/index.ts';

export interface DetectorOutput {
  /** L2-normalised embedding (the model's own when the manifest says normalized: true). */
  embedding: Float32Array;
  /** Raw logits in the manifest's class order (outputs.logits.classes). */
  logits: [number, number];
  /** softmax(logits / temperature)[index of "fake"]. */
  pFake: number;
  /** 'fake' when pFake ≥ calibration.threshold. */
  label: 'fake' | 'real';
  /** Per-patch p(fake), same softmax and temperature, row-major over `grid`; null without patch_logits. */
  patchFake: Float32Array | null;
  /** [rows, columns] of the patch grid, or null. */
  grid: [number, number] | null;
  /** The exact model that produced these numbers. */
  model: DetectorProvenance;
}

export interface RunDetectorOptions {
  /**
   * Most images per session.run; default 8. A model with a fixed batch of 1, or whose outputs
   * depend on their batch mates (LoadedDetector.batchInvariant false), always gets 1.
   */
  maxBatch?: number;
}

/** |‖e‖ − 1| above this means a manifest claiming normalized: true is wrong. */
const NORM_TOLERANCE = 1e-3;

/**
 * Two-class softmax of logits / T, written as a logistic of the logit difference so that large
 * logits neither overflow nor lose the small probability (exp of a large positive never happens).
 */
export function softmaxFake(fakeLogit: number, otherLogit: number, temperature: number): number {
  const z = (fakeLogit - otherLogit) / temperature;
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Throws unless every tensor is 3 × size × size for this detector's input. */
export function checkTensorSizes(detector: LoadedDetector, tensors: readonly Float32Array[]): void {
  const { id, input } = detector.manifest;
  const perImage = 3 * input.size * input.size;
  tensors.forEach((t, i) => {
    if (t.length !== perImage) {
      throw new Error(
        `runDetector: tensor ${i} has ${t.length} values, ${id} expects 3×${input.size}×${input.size} = ${perImage}`,
      );
    }
  });
}

/**
 * Most images per session.run: the requested batch (default 8), but 1 for a model with a fixed
 * batch of 1 or one whose outputs depend on their batch mates (LoadedDetector.batchInvariant).
 */
export function batchLimit(detector: LoadedDetector, requested = 8): number {
  return detector.fixedBatch ?? (detector.batchInvariant ? Math.max(1, Math.floor(requested)) : 1);
}

/**
 * Runs preprocessed tensors (each 3 * size * size, from preprocessForDetector) through the
 * detector's session in batches and turns the raw outputs into probabilities per the manifest.
 */
export async function runDetector(
  detector: LoadedDetector,
  tensors: Float32Array[],
  opts: RunDetectorOptions = {},
): Promise<DetectorOutput[]> {
  const m = detector.manifest;
  const { size } = m.input;
  const perImage = 3 * size * size;
  checkTensorSizes(detector, tensors);
  const maxBatch = batchLimit(detector, opts.maxBatch);
  const names = m.outputs;
  const fetches = [
    names.embedding.name,
    names.logits.name,
    ...(names.patchLogits ? [names.patchLogits.name] : []),
  ];
  const fakeIndex = names.logits.classes.indexOf('fake');
  const otherIndex = 1 - fakeIndex;
  const { temperature, threshold } = m.calibration;
  const grid = names.patchLogits ? ([...names.patchLogits.grid] as [number, number]) : null;
  const patches = grid ? grid[0] * grid[1] : 0;
  const dim = names.embedding.dim;

  const results: DetectorOutput[] = [];
  for (let start = 0; start < tensors.length; start += maxBatch) {
    const batch = tensors.slice(start, start + maxBatch);
    const n = batch.length;
    const input = new Float32Array(n * perImage);
    batch.forEach((t, i) => input.set(t, i * perImage));
    const out = await detector.session.run(
      { [m.input.name]: new Tensor('float32', input, [n, 3, size, size]) },
      fetches,
    );
    const embeddings = floatOutput(out, names.embedding.name, [n, dim]);
    const logits = floatOutput(out, names.logits.name, [n, 2]);
    const patchLogits = names.patchLogits ? floatOutput(out, names.patchLogits.name, [n, patches, 2]) : null;
    for (let i = 0; i < n; i++) {
      const l: [number, number] = [logits[2 * i]!, logits[2 * i + 1]!];
      if (!Number.isFinite(l[0]) || !Number.isFinite(l[1])) {
        throw new Error(`${m.id} produced non-finite logits [${l.join(', ')}] for image ${start + i}`);
      }
      const pFake = softmaxFake(l[fakeIndex]!, l[otherIndex]!, temperature);
      let patchFake: Float32Array | null = null;
      if (patchLogits) {
        patchFake = new Float32Array(patches);
        const base = i * patches * 2;
        for (let p = 0; p < patches; p++) {
          const pl = base + 2 * p;
          patchFake[p] = softmaxFake(
            patchLogits[pl + fakeIndex]!,
            patchLogits[pl + otherIndex]!,
            temperature,
          );
        }
      }
      results.push({
        embedding: unitEmbedding(embeddings.slice(i * dim, (i + 1) * dim), names.embedding.normalized, m.id),
        logits: l,
        pFake,
        label: pFake >= threshold ? 'fake' : 'real',
        patchFake,
        grid,
        model: { ...detector.provenance },
      });
    }
  }
  return results;
}

function floatOutput(out: Record<string, Tensor>, name: string, dims: number[]): Float32Array {
  const t = out[name];
  if (!t) throw new Error(`detector output "${name}" missing from the session result`);
  if (t.type !== 'float32') throw new Error(`detector output "${name}" is ${t.type}, expected float32`);
  if (t.dims.length !== dims.length || t.dims.some((d, i) => d !== dims[i])) {
    throw new Error(
      `detector output "${name}" has dims [${t.dims.join(', ')}], expected [${dims.join(', ')}]`,
    );
  }
  return t.data as Float32Array;
}

/**
 * The embedding as a unit vector. A model that promises normalised output is checked, not
 * silently re-normalised, so stored vectors are the model's own numbers; otherwise we normalise.
 */
function unitEmbedding(e: Float32Array, normalized: boolean, id: string): Float32Array {
  let sq = 0;
  for (let i = 0; i < e.length; i++) sq += e[i]! * e[i]!;
  const norm = Math.sqrt(sq);
  if (!(norm > 0) || !Number.isFinite(norm)) throw new Error(`${id} produced an embedding with norm ${norm}`);
  if (normalized) {
    if (Math.abs(norm - 1) > NORM_TOLERANCE) {
      throw new Error(`${id}: manifest says the embedding is normalised, but its L2 norm is ${norm}`);
    }
    return e;
  }
  for (let i = 0; i < e.length; i++) e[i] = e[i]! / norm;
  return e;
}
