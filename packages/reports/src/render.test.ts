import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, GENERATOR_VERSION, reportOptions, type ReportBundle } from './bundle.ts';
import { hasGlyph } from './fonts.ts';
import { renderCasePdf } from './render.ts';
import { textRuns } from './text.ts';

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

  it('splits text into runs by the font that has the glyphs, right-to-left runs in display order', () => {
    const runs = (s: string) => textRuns(s).map((r) => r.text);
    const font = (s: string) => textRuns(s)[0]!.font;
    // Each Hebrew word stays in logical order (fontkit reverses it); the words are in display order.
    expect(runs('דוח תיק')).toEqual(['תיק', ' ', 'דוח']);
    // Brackets in right-to-left text are mirrored; neutral runs are reversed here.
    expect(runs('עברית (סופי)')).toEqual(['(', 'סופי', ') ', 'עברית']);
    expect(runs('video_تقرير_final.mp4')).toEqual(['video_', 'تقرير', '_final.mp4']);
    // Lines are left to right, as the page is: a label starting in Arabic keeps its colon at the end.
    expect(runs('سلام arabic.jpg:')).toEqual(['سلام', ' arabic.jpg:']);
    // Symbols Noto Sans lacks come from a family that has them: every glyph is present.
    const symbols = textRuns('a → b ≥ c — “d”');
    expect(symbols.map((r) => r.text).join('')).toBe('a → b ≥ c — “d”');
    for (const r of symbols) for (const ch of r.text) expect(hasGlyph(r.font, ch.codePointAt(0)!)).toBe(true);
    expect(runs('line one\nline two')).toEqual(['line one\nline two']);
    expect(font('Отчёт')).toMatch(/noto-sans-cyrillic-400/);
    expect(font('Αναφορά')).toMatch(/noto-sans-greek-400/);
    expect(font('案件报告')).toMatch(/noto-sans-sc-\d+-400/);
    expect(font('보고서')).toMatch(/noto-sans-kr-\d+-400/);
    expect(font('😀')).toMatch(/noto-emoji-\d+-400/);
    expect(textRuns('Bold', true)[0]!.font).toMatch(/noto-sans-latin-700/);
  });

  it('defaults options it does not know', () => {
    expect(reportOptions({ includeMaps: false, other: 1 })).toEqual({
      includeAuditTrail: true,
      includeMaps: false,
    });
    expect(reportOptions(null)).toEqual({ includeAuditTrail: true, includeMaps: true });
  });
});
