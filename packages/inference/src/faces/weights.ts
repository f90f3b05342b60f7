/**
 * Reads face-api weights from the installed package and checks them against pinned hashes.
 *
 * Analyses cite these hashes as provenance, so a silently changed model (package upgrade, a
 * tampered node_modules) must fail loudly rather than produce differently-calibrated results.
 * We read and hash the bytes ourselves and decode those same bytes, instead of letting
 * face-api's `loadFromDisk` read the files a second time after we checked them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';

export type ModelName = 'ssd_mobilenetv1_model' | 'face_landmark_68_model' | 'face_recognition_model';

/** sha256 of the files shipped in @vladmandic/face-api 1.7.15 `model/`. */
export const PINNED_SHA256: Readonly<Record<string, string>> = {
  'ssd_mobilenetv1_model-weights_manifest.json':
    '888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955',
  'ssd_mobilenetv1_model.bin': '2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8',
  'face_landmark_68_model-weights_manifest.json':
    'ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9',
  'face_landmark_68_model.bin': '4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b',
  'face_recognition_model-weights_manifest.json':
    'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
  'face_recognition_model.bin': 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
};

export class WeightsIntegrityError extends Error {
  override name = 'WeightsIntegrityError';
}

async function readVerified(modelDir: string, file: string): Promise<{ bytes: Buffer; sha256: string }> {
  const expected = PINNED_SHA256[file];
  if (!expected) throw new WeightsIntegrityError(`faces: no pinned sha256 for weights file ${file}`);
  const bytes = await readFile(path.join(modelDir, file));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== expected) {
    throw new WeightsIntegrityError(
      `faces: ${file} has sha256 ${sha256}, expected ${expected}; ` +
        'the face-api weights changed, review them and update PINNED_SHA256',
    );
  }
  return { bytes, sha256 };
}

/** The verified bytes of one tfjs model: weight specs (all groups) and their shards, in order. */
export interface VerifiedModelFiles {
  specs: WeightsManifestEntry[];
  shards: ArrayBuffer[];
  sha256: Record<string, string>;
}

/** The subset of tfjs' WeightsManifestEntry we read (kept local so this needs no tfjs import). */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

/** Reads `<name>-weights_manifest.json` and its shard(s) and verifies them against PINNED_SHA256. */
export async function readVerifiedModel(modelDir: string, name: ModelName): Promise<VerifiedModelFiles> {
  const manifestFile = `${name}-weights_manifest.json`;
  const manifest = await readVerified(modelDir, manifestFile);
  const sha256: Record<string, string> = { [manifestFile]: manifest.sha256 };
  const groups = JSON.parse(manifest.bytes.toString('utf8')) as {
    paths: string[];
    weights: WeightsManifestEntry[];
  }[];
  const specs: WeightsManifestEntry[] = [];
  const shards: ArrayBuffer[] = [];
  for (const group of groups) {
    specs.push(...group.weights);
    for (const shard of group.paths) {
      // Shard names come from the (already verified) manifest; basename keeps reads inside modelDir.
      const file = path.basename(shard);
      const { bytes, sha256: digest } = await readVerified(modelDir, file);
      sha256[file] = digest;
      // Copy out exactly this file's bytes: a Buffer may be a view into a larger pooled ArrayBuffer.
      shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  return { specs, shards, sha256 };
}

/** Reads and verifies a model's files, then decodes them to tfjs tensors. */
export async function loadVerifiedWeights(
  tf: typeof tfc,
  modelDir: string,
  name: ModelName,
): Promise<{ weightMap: tfc.NamedTensorMap; sha256: Record<string, string> }> {
  const { specs, shards, sha256 } = await readVerifiedModel(modelDir, name);
  return { weightMap: tf.io.decodeWeights(shards, specs as tfc.io.WeightsManifestEntry[]), sha256 };
}
