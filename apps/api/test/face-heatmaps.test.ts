import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { analyzeMedia } from '@loupe/worker';
import { fixtureAnalysis } from './analysis.ts';
import { startHarness, type Harness } from './harness.ts';

const QUERY = `query ($id: ID!) {
  media(id: $id) {
    analysis {
      faces { primary pFake }
      heatmaps { id kind faceIndex }
      faceHeatmaps { id kind faceIndex url overlayUrl width height }
    }
  }
}`;

interface Maps {
  media: {
    analysis: {
      faces: { primary: boolean; pFake: number | null }[];
      heatmaps: { id: string; kind: string; faceIndex: number | null }[];
      faceHeatmaps: {
        id: string;
        kind: string;
        faceIndex: number | null;
        url: string;
        overlayUrl: string | null;
      }[];
    };
  } | null;
}

// Per-face detector maps through the public API: a group photo analysed by the real job, then
// GraphQL lists one map per scored face with its index, while `heatmaps` keeps one detector map.
describe('per-face detector maps over GraphQL', { timeout: 600_000 }, () => {
  let h: Harness;
  let dir: string;
  let analysis: Awaited<ReturnType<typeof fixtureAnalysis>>;
  let vera: string;
  let outsider: string;
  let mediaId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-face-maps-'));
    h = await startHarness();
    vera = await h.user('vera@example.test');
    outsider = await h.user('otto@example.test');
    const c = await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "Group photo" }) { id } }',
      {},
      { token: vera },
    );
    analysis = await fixtureAnalysis(h, dir, undefined);
    const photo = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo/sample4.jpg');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(readFileSync(photo))], { type: 'image/jpeg' }), 'group.jpg');
    const res = await fetch(`${h.url}/api/cases/${c.data!.createCase.id}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vera}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const { id, analysisId } = ((await res.json()) as { media: { id: string; analysisId: string }[] })
      .media[0]!;
    mediaId = id;
    const outcome = await analyzeMedia({ id: analysisId, data: { analysisId } }, analysis.deps);
    expect(outcome.outcome).toBe('done');
  });
  afterAll(async () => {
    await analysis?.close();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists one detector map per scored face, by face index, and keeps heatmaps to the primary face', async () => {
    const res = await h.gql<Maps>(QUERY, { id: mediaId }, { token: vera });
    expect(res.errors).toBeUndefined();
    const a = res.data!.media!.analysis;
    const scored = a.faces.filter((f) => f.pFake !== null);
    expect(scored.length).toBeGreaterThanOrEqual(2);

    expect(a.faceHeatmaps.map((m) => m.kind)).toEqual(scored.map(() => 'DETECTOR'));
    expect(a.faceHeatmaps.map((m) => m.faceIndex)).toEqual(scored.map((_, i) => i));
    expect(new Set(a.faceHeatmaps.map((m) => m.url)).size).toBe(scored.length);

    // `heatmaps` is what it was: one detector map (the primary face's) and the forensic maps.
    expect(a.heatmaps.map((m) => m.kind).sort()).toEqual(['DETECTOR', 'ELA', 'NOISE']);
    const primary = a.heatmaps.find((m) => m.kind === 'DETECTOR')!;
    expect(primary.faceIndex).toBe(0);
    expect(primary.id).toBe(a.faceHeatmaps[0]!.id);
    expect(a.heatmaps.filter((m) => m.kind !== 'DETECTOR').map((m) => m.faceIndex)).toEqual([null, null]);

    // Each face's map downloads, as a PNG, for a member; an outsider gets none of it. The overlay
    // is rendered on the first view and the kept file served after.
    const second = a.faceHeatmaps[1]!;
    const overlay = async (token: string) =>
      fetch(`${h.url}${second.overlayUrl}`, { headers: { authorization: `Bearer ${token}` } });
    const png = await overlay(vera);
    expect(png.status).toBe(200);
    const first = Buffer.from(await png.arrayBuffer());
    expect(first.subarray(1, 4).toString()).toBe('PNG');
    expect(Buffer.from(await (await overlay(vera)).arrayBuffer()).equals(first)).toBe(true);
    const denied = await fetch(`${h.url}${second.url}`, { headers: { authorization: `Bearer ${outsider}` } });
    expect(denied.status).toBeGreaterThanOrEqual(400);
    expect((await overlay(outsider)).status).toBeGreaterThanOrEqual(400);
    const hidden = await h.gql<Maps>(QUERY, { id: mediaId }, { token: outsider });
    expect(hidden.data?.media ?? null).toBeNull();
  });
});
