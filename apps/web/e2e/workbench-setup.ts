import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { graphql, root } from './harness.ts';

// Data for the workbench journey, set up through the public API so the browser test can spend
// its time on the UI: a case of demo photos, and a known fake that one of them nearly duplicates.

export const ADMIN = { email: 'admin@workbench.test', password: 'workbench-admin-password' };
export const REVIEWER = { email: 'reviewer@workbench.test', password: 'workbench-reviewer-password' };

export const sample = (i: number) =>
  readFileSync(join(root, `node_modules/@vladmandic/face-api/demo/sample${i}.jpg`));

export function api(apiUrl: string, token: string) {
  const gql = graphql(apiUrl);
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await gql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
    return result.data!;
  };
}

export async function login(apiUrl: string, who: { email: string; password: string }): Promise<string> {
  const r = await graphql(apiUrl)<{ login: { token: string } }>(
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: who.email, p: who.password },
  );
  return r.data!.login.token;
}

export async function upload(
  apiUrl: string,
  token: string,
  caseId: string,
  files: { name: string; bytes: Buffer }[],
): Promise<string[]> {
  const form = new FormData();
  for (const f of files)
    form.append('file', new Blob([new Uint8Array(f.bytes)], { type: 'image/jpeg' }), f.name);
  const res = await fetch(`${apiUrl}/api/cases/${caseId}/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { media: { id: string }[] }).media.map((m) => m.id);
}

/** Polls until `read` answers DONE (or FAILED, which fails the test). */
export async function waitDone(read: () => Promise<string | undefined>, what: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  let status: string | undefined;
  while (Date.now() < deadline) {
    status = await read();
    if (status === 'DONE') return;
    if (status === 'FAILED') throw new Error(`${what}: analysis failed`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: still ${status} after 240 s`);
}

/** The analysis status of one media item, over GraphQL. */
export const analysisStatus = (apiUrl: string, token: string) => async (id: string) =>
  (
    await api(apiUrl, token)<{ media: { analysis: { status: string } | null } }>(
      'query($id: ID!) { media(id: $id) { analysis { status } } }',
      { id },
    )
  ).media.analysis?.status;

/** A new case holding one image, analysed: its case and media ids. */
export async function analysedImage(
  apiUrl: string,
  token: string,
  title: string,
  file: { name: string; bytes: Buffer },
): Promise<{ caseId: string; mediaId: string }> {
  const { createCase } = await api(apiUrl, token)<{ createCase: { id: string } }>(
    'mutation($t: String!) { createCase(input: { title: $t }) { id } }',
    { t: title },
  );
  const [mediaId] = await upload(apiUrl, token, createCase.id, [file]);
  await waitDone(() => analysisStatus(apiUrl, token)(mediaId!), file.name);
  return { caseId: createCase.id, mediaId: mediaId! };
}

export interface Workbench {
  caseId: string;
  /** originalName → media id */
  media: Record<string, string>;
  knownFakeId: string;
}

/**
 * Case "Workbench" with sample1, sample2 and a re-encoded copy of sample4; sample4 itself was
 * promoted (from another case) into the known-fakes library as a FACE_SWAP, so the copy's
 * analysis records it as a near-duplicate.
 */
export async function setUpWorkbench(apiUrl: string, token: string): Promise<Workbench> {
  const q = api(apiUrl, token);
  const create = async (title: string) =>
    (
      await q<{ createCase: { id: string } }>(
        'mutation($t: String!) { createCase(input: { title: $t }) { id } }',
        { t: title },
      )
    ).createCase.id;
  const mediaStatus = analysisStatus(apiUrl, token);

  const sourceCase = await create('Library source');
  const [sourceId] = await upload(apiUrl, token, sourceCase, [{ name: 'sample4.jpg', bytes: sample(4) }]);
  await waitDone(() => mediaStatus(sourceId!), 'library source');
  const { promoteToKnownFakes } = await q<{ promoteToKnownFakes: { id: string } }>(
    `mutation($m: ID!) { promoteToKnownFakes(mediaId: $m, family: FACE_SWAP, generator: "e2e", source: "Workbench e2e library") { id } }`,
    { m: sourceId },
  );
  const knownFakeId = promoteToKnownFakes.id;
  await waitDone(
    async () =>
      (
        await q<{ knownFake: { analysis: { status: string } | null } }>(
          'query($id: ID!) { knownFake(id: $id) { analysis { status } } }',
          { id: knownFakeId },
        )
      ).knownFake.analysis?.status,
    'known fake',
  );

  const caseId = await create('Workbench');
  const copy = await sharp(sample(4)).jpeg({ quality: 80 }).toBuffer();
  const files = [
    { name: 'sample1.jpg', bytes: sample(1) },
    { name: 'sample2.jpg', bytes: sample(2) },
    { name: 'sample4-copy.jpg', bytes: copy },
  ];
  const ids = await upload(apiUrl, token, caseId, files);
  for (const id of ids) await waitDone(() => mediaStatus(id), id);
  return { caseId, media: Object.fromEntries(files.map((f, i) => [f.name, ids[i]!])), knownFakeId };
}
