import { describe, expect, it } from 'vitest';
import { reportOptions, type ReportBundle } from './bundle.ts';
import { renderCasePdf } from './render.ts';
import { poppler, testBundle } from './testing.ts';

const pdfText = (pdf: Buffer) => poppler('pdftotext', pdf, ['-layout']);

const bundle = (auditCheckpoint: ReportBundle['auditCheckpoint']): ReportBundle =>
  testBundle({
    generatedAt: '2026-12-02T07:00:00.000Z',
    options: reportOptions({}),
    case: { title: 'Signed head' },
    auditChain: { ok: true, checked: 4711, firstBroken: null },
    ...(auditCheckpoint === undefined ? {} : { auditCheckpoint }),
  });

const checkpoint = {
  seq: '4711',
  headHash: 'a1b2c3d4'.repeat(8),
  createdAt: '2026-12-02T06:59:58.123Z',
  keyFingerprint: '0f1e2d3c'.repeat(8),
  signature: `${'Q'.repeat(43)}+${'r'.repeat(42)}==`,
};

describe('the signed audit chain head in the PDF', () => {
  it('prints sequence, head hash, checkpoint time, key fingerprint and the whole signature', async () => {
    const text = pdfText(await renderCasePdf(bundle(checkpoint), { thumbnails: new Map(), maps: new Map() }));
    expect(text).toMatch(/Audit chain head signed:\s+event 4711, checkpoint of 2026-12-02T06:59:58.123Z/);
    expect(text).toMatch(new RegExp(`Head hash:\\s+${checkpoint.headHash}`));
    expect(text).toMatch(new RegExp(`Signing key \\(SHA-256\\):\\s+${checkpoint.keyFingerprint}`));
    // Wrapped in two halves, nothing lost.
    const halves = [checkpoint.signature.slice(0, 44), checkpoint.signature.slice(44)];
    for (const half of halves) expect(text.replace(/\s+/g, ' ')).toContain(half);
    expect(text.replace(/\s+/g, ' ')).toContain(`audit verify --head 4711:${checkpoint.headHash}`);
  });

  it('says so when the chain was empty, and prints nothing for a bundle from before checkpoints', async () => {
    const none = pdfText(await renderCasePdf(bundle(null), { thumbnails: new Map(), maps: new Map() }));
    expect(none).toMatch(/Audit chain head signed:\s+none \(the chain was empty\)/);
    const old = pdfText(await renderCasePdf(bundle(undefined), { thumbnails: new Map(), maps: new Map() }));
    expect(old).not.toContain('Audit chain head signed');
  });
});
