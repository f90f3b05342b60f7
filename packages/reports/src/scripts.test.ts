import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReportBundle } from './bundle.ts';
import { renderCasePdf } from './render.ts';
import { testBundle } from './testing.ts';
import { write } from './text.ts';

/** Filenames, titles, notes and tags in any script print as themselves, never as '?'. */

const SAMPLES = {
  latin: 'Café déjà vu',
  cyrillic: 'Отчёт по делу',
  greek: 'Αναφορά υπόθεσης',
  arabic: 'سلام',
  hebrew: 'דוח תיק',
  chinese: '案件报告',
  japanese: 'ファイル',
  korean: '보고서',
  emoji: '😀 🎥 ✅',
};

const dir = mkdtempSync(join(tmpdir(), 'loupe-report-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function poppler(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} (poppler-utils) failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

// Poppler marks right-to-left text with embedding controls; they are not part of the text.
const plain = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');

function bundle(): ReportBundle {
  const all = Object.values(SAMPLES).join(' · ');
  return testBundle({
    case: {
      title: `Case ${SAMPLES.cyrillic} ${SAMPLES.chinese}`,
      description: all,
      createdBy: { id: 'u', email: 'u@example.test', displayName: SAMPLES.greek },
      tags: [SAMPLES.korean, SAMPLES.hebrew, 'fraud'],
      notes: [
        {
          id: 'n1',
          body: `Note: ${SAMPLES.arabic} ${SAMPLES.japanese}`,
          author: null,
          createdAt: '2026-12-01T01:00:00.000Z',
        },
      ],
    },
    evidence: Object.entries(SAMPLES).map(([script, text], i) => ({
      id: `00000000-0000-4000-8000-00000000010${i}`,
      originalName: `${text} ${script}.jpg`,
      sha256: 'b'.repeat(64),
      sizeBytes: 1,
      mimeType: 'image/jpeg',
      width: null,
      height: null,
      storageKey: 'k',
      acquiredAt: '2026-12-01T00:00:00.000Z',
      uploadedBy: null,
      analyses: [],
      verdicts: [],
      notes: [{ id: `m${i}`, body: `On ${text}`, author: null, createdAt: '2026-12-01T02:00:00.000Z' }],
    })),
  });
}

describe('text in every script', () => {
  it('prints filenames, titles, tags and notes in their own letters, with the fonts embedded as subsets', async () => {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, await renderCasePdf(bundle(), { thumbnails: new Map(), maps: new Map() }));
    const text = plain(poppler('pdftotext', [file, '-']));
    expect(text).not.toMatch(/[?\ufffd]/);
    for (const [script, sample] of Object.entries(SAMPLES)) {
      // Right-to-left words come out of pdftotext word by word; each is in logical order.
      for (const word of sample.split(' ')) expect(text, script).toContain(word);
      expect(text).toContain(`${script}.jpg`);
    }
    expect(text).toContain(`Tags: ${SAMPLES.korean}, `);
    expect(text).toContain(`Note: ${SAMPLES.arabic}`);
    expect(text).toContain(`Case ${SAMPLES.cyrillic} ${SAMPLES.chinese}`);

    const fonts = poppler('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => line.split(/\s+/));
    const names = new Set(fonts.map((f) => f[0]!.replace(/^[A-Z]{6}\+/, '')));
    for (const name of [
      'NotoSans-Regular',
      'NotoSans-Bold',
      'NotoSansArabic-Regular',
      'NotoSansHebrew-Regular',
      'NotoSansSC-Regular',
      'NotoSansKR-Regular',
      'NotoEmoji-Regular',
    ])
      expect(names, name).toContain(name);
    // Every font is embedded (emb), as a subset (sub), with a ToUnicode map (uni).
    for (const f of fonts) expect(f.slice(-5, -2), f[0]).toEqual(['yes', 'yes', 'yes']);
  });

  it('draws glyphs, not blanks, for each script', async () => {
    const doc = new PDFDocument({ size: [500, 80], margin: 10 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    Object.values(SAMPLES).forEach((s, i) => {
      if (i > 0) doc.addPage();
      write(doc.fontSize(24), s, { bold: i % 2 === 1 });
    });
    doc.end();
    await ended;
    const file = join(dir, 'glyphs.pdf');
    writeFileSync(file, Buffer.concat(chunks));
    poppler('pdftoppm', ['-r', '72', '-gray', file, join(dir, 'g')]);
    const pages = readdirSync(dir)
      .filter((f) => f.startsWith('g-') && f.endsWith('.pgm'))
      .sort();
    expect(pages).toHaveLength(Object.keys(SAMPLES).length);
    for (const [i, page] of pages.entries()) {
      // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
      const pgm = readFileSync(join(dir, page));
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'))!;
      const pixels = pgm.subarray(header[0].length);
      const ink = pixels.filter((p) => p < 128).length / pixels.length;
      expect(ink, Object.keys(SAMPLES)[i]).toBeGreaterThan(0.005);
    }
  });
});
