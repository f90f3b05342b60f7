import type { InferenceSession } from 'onnxruntime-node';
import type { DetectorManifest } from '../manifest/index.ts';

type SessionShape = Pick<InferenceSession, 'inputNames' | 'outputNames'> &
  Partial<Pick<InferenceSession, 'inputMetadata' | 'outputMetadata'>>;

type Dim = number | string;

/**
 * Checks a session against the ONNX contract its manifest promises: one input of float32
 * [N, 3, size, size]; outputs embedding [N, dim], logits [N, 2] and, if declared,
 * patch_logits [N, rows*cols, 2]. Names always; element types and dims where ORT exposes the
 * metadata (symbolic dims such as "batch" match anything). Throws one error listing every mismatch,
 * so a wrong manifest is refused at load instead of producing wrong numbers later.
 */
export function checkSessionContract(
  session: SessionShape,
  m: DetectorManifest,
  modelPath: string,
): { fixedBatch: 1 | null } {
  const problems: string[] = [];
  const { inputNames, outputNames } = session;
  if (inputNames.length !== 1 || inputNames[0] !== m.input.name) {
    problems.push(
      `model inputs are [${inputNames.join(', ')}] but the manifest declares the single input "${m.input.name}"`,
    );
  }

  const expectedOutputs: [field: string, name: string, shape: Dim[]][] = [
    ['outputs.embedding', m.outputs.embedding.name, ['N', m.outputs.embedding.dim]],
    ['outputs.logits', m.outputs.logits.name, ['N', 2]],
  ];
  const patch = m.outputs.patchLogits;
  if (patch)
    expectedOutputs.push(['outputs.patchLogits', patch.name, ['N', patch.grid[0] * patch.grid[1], 2]]);
  for (const [field, name] of expectedOutputs) {
    if (!outputNames.includes(name)) {
      problems.push(
        `${field}.name "${name}" is not a model output (the model has [${outputNames.join(', ')}])`,
      );
    }
  }

  let fixedBatch: 1 | null = null;
  const batchDims: Dim[] = [];
  const checkShape = (what: string, meta: InferenceSession.ValueMetadata | undefined, expected: Dim[]) => {
    if (!meta) return;
    if (!meta.isTensor) {
      problems.push(`${what} is not a tensor`);
      return;
    }
    if (meta.type !== 'float32') problems.push(`${what} has element type ${meta.type}, expected float32`);
    const shape = meta.shape;
    if (shape.length === 0) return; // rank unknown to ORT: nothing more to compare
    const show = (s: readonly Dim[]) => `[${s.join(', ')}]`;
    if (shape.length !== expected.length) {
      problems.push(`${what} has shape ${show(shape)}, expected ${show(expected)}`);
      return;
    }
    batchDims.push(shape[0]!);
    for (let i = 1; i < expected.length; i++) {
      if (typeof shape[i] === 'number' && typeof expected[i] === 'number' && shape[i] !== expected[i]) {
        problems.push(`${what} has shape ${show(shape)}, expected ${show(expected)}`);
        return;
      }
    }
  };

  const find = (list: readonly InferenceSession.ValueMetadata[] | undefined, name: string) =>
    list?.find((v) => v.name === name);
  const size = m.input.size;
  checkShape(`input "${m.input.name}"`, find(session.inputMetadata, m.input.name), ['N', 3, size, size]);
  for (const [field, name, shape] of expectedOutputs) {
    if (outputNames.includes(name))
      checkShape(`output "${name}" (${field})`, find(session.outputMetadata, name), shape);
  }
  for (const d of batchDims) {
    if (typeof d !== 'number' || d <= 0) continue; // symbolic or -1: dynamic batch
    if (d === 1) fixedBatch = 1;
    else
      problems.push(
        `the model has a fixed batch size of ${d}; export it with a dynamic batch axis (or batch 1)`,
      );
  }

  if (problems.length > 0) {
    throw new Error(
      `${modelPath} does not match its manifest:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return { fixedBatch };
}
