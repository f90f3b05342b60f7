import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceDetector, type FaceDetector } from './index.ts';
import { loadLib, type Tf } from './runtime.ts';
import { loadVerifiedWeights, PINNED_SHA256, WeightsIntegrityError } from './weights.ts';

const modelDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'model',
);
const tmpDirs: string[] = [];
let detector: FaceDetector | undefined;
let tf: Tf;
// Decoded weights are tensors: make sure they land on the wasm backend this module sets up.
beforeAll(async () => {
  detector = await createFaceDetector();
  tf = (await loadLib()).tf;
}, 60_000);
afterAll(async () => {
  await detector?.close();
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function copyModel(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'loupe-faces-'));
  tmpDirs.push(dir);
  for (const f of [`${name}-weights_manifest.json`, `${name}.bin`])
    await copyFile(path.join(modelDir, f), path.join(dir, f));
  return dir;
}

describe('loadVerifiedWeights', () => {
  it('decodes the shipped weights and reports their pinned sha256', async () => {
    const { weightMap, sha256 } = await loadVerifiedWeights(tf, modelDir, 'face_landmark_68_model');
    expect(sha256).toEqual({
      'face_landmark_68_model-weights_manifest.json':
        PINNED_SHA256['face_landmark_68_model-weights_manifest.json'],
      'face_landmark_68_model.bin': PINNED_SHA256['face_landmark_68_model.bin'],
    });
    expect(Object.keys(weightMap).length).toBeGreaterThan(10);
    tf.dispose(Object.values(weightMap));
  });

  it('refuses a weights file whose bytes changed', async () => {
    const dir = await copyModel('face_landmark_68_model');
    const bin = path.join(dir, 'face_landmark_68_model.bin');
    const bytes = await readFile(bin);
    bytes[1000] = (bytes[1000]! + 1) % 256;
    await writeFile(bin, bytes);
    await expect(loadVerifiedWeights(tf, dir, 'face_landmark_68_model')).rejects.toThrow(
      WeightsIntegrityError,
    );
  });

  it('refuses a manifest that changed (quantisation parameters live there)', async () => {
    const dir = await copyModel('face_landmark_68_model');
    const manifest = path.join(dir, 'face_landmark_68_model-weights_manifest.json');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('"scale":0.', '"scale":1.'));
    await expect(loadVerifiedWeights(tf, dir, 'face_landmark_68_model')).rejects.toThrow(/sha256/);
  });
});
