import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FORMAT,
  GENERATOR_VERSION,
  reportOptions,
  type ReportAnalysis,
  type ReportBundle,
} from './bundle.ts';
import { renderCasePdf } from './render.ts';

/** Each detector score in the PDF carries the evaluation that qualifies it, or says it has none. */

const analysis = (id: string, evaluation: string | null | undefined): ReportAnalysis => ({
  id,
  status: 'DONE',
  error: null,
  codeVersion: '0.1.0',
  finishedAt: '2026-12-02T00:00:00.000Z',
  model: { id: 'det', version: id, sha256: 'a'.repeat(64), isTestFixture: false },
  pFake: 0.9,
  label: 'fake',
  ...(evaluation === undefined ? {} : { evaluation }),
  detectorNote: null,
  signals: null,
  heatmaps: [],
});

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-report-eval-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const r = spawnSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pdftotext (poppler-utils) failed: ${r.stderr || r.error?.message}`);
    return r.stdout.replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('evaluation beside the detector score in the PDF', () => {
  it('prints the qualifying evaluation, or "never evaluated"', async () => {
    const bundle: ReportBundle = {
      format: BUNDLE_FORMAT,
      reportId: '00000000-0000-4000-8000-000000000001',
      generatorVersion: GENERATOR_VERSION,
      generatedAt: '2026-12-02T00:00:00.000Z',
      requestedBy: null,
      options: reportOptions({ includeAuditTrail: false, includeMaps: false }),
      case: {
        id: '00000000-0000-4000-8000-000000000002',
        title: 'Evaluated',
        status: 'OPEN',
        description: '',
        createdAt: '2026-12-01T00:00:00.000Z',
        closedAt: null,
        createdBy: null,
        members: [],
      },
      evidence: [
        {
          id: '00000000-0000-4000-8000-000000000003',
          originalName: 'x.jpg',
          sha256: 'b'.repeat(64),
          sizeBytes: 1,
          mimeType: 'image/jpeg',
          width: null,
          height: null,
          storageKey: 'k',
          acquiredAt: '2026-12-01T00:00:00.000Z',
          uploadedBy: null,
          analyses: [
            analysis('v2', 'on loupe-made-v1: AUROC 0.930 [0.900–0.960], FPR 3.0 % at threshold 0.5'),
            analysis('v1', null),
          ],
          verdicts: [],
        },
      ],
      auditTrail: [],
      auditChain: { ok: true, checked: 0, firstBroken: null },
    };
    const text = pdfText(await renderCasePdf(bundle, { thumbnails: new Map(), maps: new Map() }));
    expect(text).toContain(
      'evaluated on loupe-made-v1: AUROC 0.930 [0.900–0.960], FPR 3.0 % at threshold 0.5',
    );
    expect(text).toContain('never evaluated: how often this model version is wrong is not known');
  });
});
