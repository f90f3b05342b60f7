import { describe, expect, it } from 'vitest';
import { type ReportAnalysis } from './bundle.ts';
import { renderCasePdf } from './render.ts';
import { poppler, testBundle } from './testing.ts';

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

const pdfText = (pdf: Buffer) => poppler('pdftotext', pdf, ['-layout']).replace(/\s+/g, ' ');

describe('evaluation beside the detector score in the PDF', () => {
  it('prints the qualifying evaluation, or "never evaluated"', async () => {
    const bundle = testBundle({
      case: { title: 'Evaluated' },
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
    });
    const text = pdfText(await renderCasePdf(bundle, { thumbnails: new Map(), maps: new Map() }));
    expect(text).toContain(
      'evaluated on loupe-made-v1: AUROC 0.930 [0.900–0.960], FPR 3.0 % at threshold 0.5',
    );
    expect(text).toContain('never evaluated: how often this model version is wrong is not known');
  });
});
