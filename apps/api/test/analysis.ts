import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type FaceDetector,
} from '@loupe/inference';
import { EvidenceStore } from '@loupe/storage';
import { chooseDetector, type JobDeps } from '@loupe/worker';
import type { Harness } from './harness.ts';

/** Every file under the harness's evidence store, tmp folder included (what an upload left behind). */
export function evidenceFiles(h: Pick<Harness, 'dataDir'>): string[] {
  const list = (d: string): string[] => {
    try {
      return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? list(join(d, e.name)) : [join(d, e.name)],
      );
    } catch {
      return [];
    }
  };
  return list(join(h.dataDir, 'evidence'));
}

/**
 * What the worker's analyze-media job needs, over the harness's database and store: the real face
 * detector and the marker test-fixture detector (its results say "test fixture"), installed in `dir`.
 */
export async function fixtureAnalysis(
  h: Pick<Harness, 'prisma' | 'dataDir'>,
  dir: string,
  video: JobDeps['video'],
): Promise<{ deps: JobDeps; close(): Promise<void> }> {
  await writeFixtureDetector(join(dir, 'models'), { dim: 1024, marker: true });
  const registry = await ModelRegistry.load(join(dir, 'models'));
  let faces: FaceDetector | null = null;
  try {
    faces = await createOrtFaceDetector();
  } catch (error) {
    await registry.close();
    throw error;
  }
  const chosen = chooseDetector(registry, undefined);
  return {
    deps: {
      prisma: h.prisma,
      store: new EvidenceStore(h.dataDir),
      faces,
      detector: chosen.detector,
      detectorProblems: chosen.problems,
      maxMapSide: 1024,
      batchSize: 8,
      log: { info: () => undefined, error: () => undefined },
      video,
    },
    close: async () => {
      await registry.close();
      await faces?.close();
    },
  };
}

/** Uploads one file from disk into a case as `token`'s user; the new media and analysis ids. */
export async function uploadFile(
  h: Pick<Harness, 'url'>,
  token: string,
  caseId: string,
  file: { path: string; name: string; type: string },
): Promise<{ id: string; analysisId: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(readFileSync(file.path))], { type: file.type }), file.name);
  const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await res.json()) as { media?: { id: string; analysisId: string }[] };
  const first = body.media?.[0];
  if (res.status !== 201 || !first) throw new Error(`upload failed (${res.status}): ${JSON.stringify(body)}`);
  return first;
}
