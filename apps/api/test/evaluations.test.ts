import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

/** The `evaluations` query and the evaluation that qualifies an analysis' detector score. */

let h: Harness;
let token: string;
let mediaId: string;

const SHA = 'a'.repeat(64);
const est = (value: number, lo: number, hi: number) => ({ value, ci95: [lo, hi] });
const metrics = (auroc: number) => ({
  run: {},
  signals: {
    detector: {
      overall: {
        n: 96,
        fakes: 60,
        reals: 36,
        auroc: est(auroc, auroc - 0.03, auroc + 0.03),
        fprAtThreshold: est(0.03, 0.01, 0.06),
        threshold: 0.5,
      },
      families: {},
    },
    ela: { overall: { n: 96, auroc: est(0.6, 0.5, 0.7) }, families: {} },
  },
});

async function evaluation(version: string, sha: string, auroc: number | null, createdAt: string) {
  return h.prisma.evaluation.create({
    data: {
      modelId: 'det',
      modelVersion: version,
      modelSha256: sha,
      datasetName: 'loupe-made-v1',
      datasetLayout: 'csv',
      datasetFingerprint: 'f'.repeat(64),
      items: 96,
      resamples: 1000,
      metrics:
        auroc === null ? { run: {}, signals: { ela: { overall: null, families: {} } } } : metrics(auroc),
      plots: { roc: { mark: 'line' } },
      createdAt: new Date(createdAt),
    },
  });
}

beforeAll(async () => {
  h = await startHarness();
  token = await h.user('eval-reader@example.test');
  const caseId = (
    await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "E" }) { id } }',
      {},
      { token },
    )
  ).data!.createCase.id;
  const user = await h.prisma.user.findUniqueOrThrow({ where: { email: 'eval-reader@example.test' } });
  const media = await h.prisma.media.create({
    data: {
      caseId,
      sha256: 'b'.repeat(64),
      sizeBytes: 1n,
      mimeType: 'image/jpeg',
      originalName: 'x.jpg',
      storageKey: 'k',
      uploadedById: user.id,
    },
  });
  mediaId = media.id;
  await h.prisma.analysis.create({
    data: {
      mediaId,
      status: 'DONE',
      modelId: 'det',
      modelVersion: '2',
      modelSha256: SHA,
      codeVersion: 't',
      pFake: 0.9,
      label: 'fake',
    },
  });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

const MEDIA = `query($id: ID!) { media(id: $id) { analysis { detector { pFake } evaluation { id modelVersion summary detectorAuroc } } } }`;

describe('evaluations', () => {
  it('says "never evaluated" (null) when no run measured this exact model', async () => {
    await evaluation('1', SHA, 0.8, '2026-12-01T00:00:00Z'); // another version
    await evaluation('2', 'c'.repeat(64), 0.8, '2026-12-01T01:00:00Z'); // another file
    await evaluation('2', SHA, null, '2026-12-01T00:00:00Z'); // no detector metrics
    const r = await h.gql<{ media: { analysis: { evaluation: unknown } } }>(
      MEDIA,
      { id: mediaId },
      { token },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.media.analysis.evaluation).toBeNull();
  });

  it('qualifies a score with the newest run of the same model id, version and SHA-256', async () => {
    await evaluation('2', SHA, 0.91, '2026-12-01T10:00:00Z');
    const newest = await evaluation('2', SHA, 0.93, '2026-12-02T10:00:00Z');
    const r = await h.gql<{
      media: { analysis: { evaluation: { id: string; summary: string; detectorAuroc: number } } };
    }>(MEDIA, { id: mediaId }, { token });
    expect(r.data!.media.analysis.evaluation.id).toBe(newest.id);
    expect(r.data!.media.analysis.evaluation.detectorAuroc).toBe(0.93);
    expect(r.data!.media.analysis.evaluation.summary).toBe(
      'on loupe-made-v1: AUROC 0.930 [0.900–0.960], FPR 3.0 % [1.0 %–6.0 %] at threshold 0.5 (96 items: 60 fake, 36 real)',
    );
  });

  it('lists runs newest first, filtered by model, to anyone signed in and to no one else', async () => {
    const q = `query($m: String, $v: String) { evaluations(modelId: $m, modelVersion: $v) { modelVersion detectorAuroc metrics plots } }`;
    const r = await h.gql<{ evaluations: { modelVersion: string; detectorAuroc: number | null }[] }>(
      q,
      { m: 'det', v: '2' },
      { token },
    );
    expect(r.data!.evaluations.map((e) => e.detectorAuroc)).toEqual([0.93, 0.91, 0.8, null]);
    const all = await h.gql<{ evaluations: unknown[] }>(q, {}, { token });
    expect(all.data!.evaluations).toHaveLength(5);
    expect(codeOf(await h.gql(q, {}))).toBe('UNAUTHENTICATED');
  });

  it('serves a stored plot as SVG by id, and null for an unknown plot or id', async () => {
    const run = await evaluation('3', SHA, 0.7, '2026-12-02T11:00:00Z');
    await h.prisma.evaluation.update({
      where: { id: run.id },
      data: {
        plots: {
          roc: {
            data: {
              values: [
                { fpr: 0, tpr: 0 },
                { fpr: 1, tpr: 1 },
              ],
            },
            mark: 'line',
            encoding: {
              x: { field: 'fpr', type: 'quantitative' },
              y: { field: 'tpr', type: 'quantitative' },
            },
          },
        },
      },
    });
    const q = `query($id: ID!) { evaluation(id: $id) { roc: plotSvg(name: "roc") pr: plotSvg(name: "pr") proto: plotSvg(name: "__proto__") } }`;
    const r = await h.gql<{ evaluation: { roc: string; pr: null; proto: null } }>(
      q,
      { id: run.id },
      { token },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.evaluation.roc).toMatch(/^<svg[^>]*class="marks"/);
    expect(r.data!.evaluation.pr).toBeNull();
    expect(r.data!.evaluation.proto).toBeNull();
    const none = await h.gql<{ evaluation: null }>(q, { id: 'not-a-uuid' }, { token });
    expect(none.data!.evaluation).toBeNull();
  });
});
