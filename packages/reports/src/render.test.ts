import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, GENERATOR_VERSION, reportOptions, type ReportBundle } from './bundle.ts';
import { printable, renderCasePdf } from './render.ts';

const empty: ReportBundle = {
  format: BUNDLE_FORMAT,
  reportId: '00000000-0000-4000-8000-000000000001',
  generatorVersion: GENERATOR_VERSION,
  generatedAt: '2026-01-01T00:00:00.000Z',
  requestedBy: null,
  options: reportOptions({}),
  case: {
    id: '00000000-0000-4000-8000-000000000002',
    title: 'Empty → case',
    status: 'OPEN',
    description: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    closedAt: null,
    createdBy: null,
    members: [],
  },
  evidence: [],
  auditTrail: [],
  auditChain: { ok: true, checked: 0, firstBroken: null },
};

describe('renderCasePdf', () => {
  it('renders a case without evidence to a PDF', async () => {
    const pdf = await renderCasePdf(empty, { thumbnails: new Map(), maps: new Map() });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it('keeps text printable with the built-in fonts', () => {
    expect(printable('a → b ≥ c — “d” 你')).toBe('a -> b >= c — “d” ?');
  });

  it('defaults options it does not know', () => {
    expect(reportOptions({ includeMaps: false, other: 1 })).toEqual({
      includeAuditTrail: true,
      includeMaps: false,
    });
    expect(reportOptions(null)).toEqual({ includeAuditTrail: true, includeMaps: true });
  });
});
