// The ViT-L/14-shaped random-weight benchmark detector that bench:pipeline, bench:eval and
// bench:video install: one place for its manifest, so the three measure the same model.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildVitL14, OPENAI_CLIP_INPUT } from '@loupe/inference';

/** Builds the model into `<modelsDir>/bench-vit-l14` with its manifest; returns its sha256. */
export async function installBenchVitL14(
  modelsDir: string,
  variant: 'fp32' | 'int8' | 'fp16',
): Promise<string> {
  const modelDir = join(modelsDir, 'bench-vit-l14');
  mkdirSync(modelDir, { recursive: true });
  // fp16: half-precision tower, float32 in and out (for GPUs; see buildVitL14's precision).
  const built = await buildVitL14(join(modelDir, 'model.onnx'), {
    quantize: variant === 'int8' ? 'int8-dynamic' : 'none',
    precision: variant === 'fp16' ? 'float16' : 'float32',
  });
  const sha256 = createHash('sha256').update(readFileSync(built.modelPath)).digest('hex');
  writeFileSync(
    join(modelDir, 'manifest.json'),
    JSON.stringify({
      id: 'bench-vit-l14',
      version: `random-${variant}`,
      name: 'ViT-L/14-shaped random-weight benchmark model — not a detector',
      isTestFixture: true,
      file: 'model.onnx',
      sha256,
      license: 'CC0-1.0',
      source: 'built by packages/inference buildVitL14',
      input: OPENAI_CLIP_INPUT,
      outputs: {
        embedding: { name: 'embedding', dim: 1024, normalized: true },
        logits: { name: 'logits', classes: ['real', 'fake'] },
        patchLogits: { name: 'patch_logits', grid: [16, 16] },
      },
      calibration: { temperature: 1, threshold: 0.5 },
    }),
  );
  return sha256;
}
