import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportOptions, type ReportAnalysis, type ReportAuditEvent, type ReportEvidence } from './bundle.ts';
import { renderCasePdf } from './render.ts';
import { poppler, testBundle } from './testing.ts';

// A case big enough for two pages of contents, with near-duplicate flags, long hashes in narrow
// columns and audit details as JSON: everything is listed, linked, bookmarked and printed whole.

const hex = (seed: string) => createHash('sha256').update(seed).digest('hex');
const A4_WIDTH = 595.28;
const MARGIN = 50;

const analysis = (id: string, extra: Partial<ReportAnalysis>): ReportAnalysis => ({
  id,
  status: 'DONE',
  error: null,
  codeVersion: 'test',
  finishedAt: '2026-12-01T03:00:00.000Z',
  model: null,
  pFake: null,
  label: null,
  detectorNote: null,
  signals: {
    jpegQuality: 90,
    isJpeg: true,
    doubleCompression: null,
    metadataContradictions: [],
    metadataMissing: [],
    software: null,
    camera: null,
    phash: '1011'.repeat(16),
    dhash: '0110'.repeat(16),
  },
  heatmaps: [],
  ...extra,
});

const FAKE_SHA = hex('known fake');
const items: ReportEvidence[] = Array.from({ length: 70 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  originalName: i === 1 ? `${'very-long-file-name-'.repeat(8)}.jpg` : `photo-${i}.jpg`,
  sha256: hex(`item ${i}`),
  sizeBytes: 1000,
  mimeType: 'image/jpeg',
  width: 640,
  height: 480,
  storageKey: 'k',
  acquiredAt: '2026-12-01T00:00:00.000Z',
  uploadedBy: null,
  analyses:
    i === 0
      ? [
          analysis('a0', {
            nearDuplicates: [
              {
                knownFakeId: '00000000-0000-4000-8000-00000000f001',
                space: 'PHASH',
                distance: 3,
                score: 1 - 3 / 64,
                knownFake: {
                  originalName: 'swapped-mayor.jpg',
                  sha256: FAKE_SHA,
                  family: 'FACE_SWAP',
                  generator: 'SimSwap',
                  source: 'https://example.test/library/a',
                  dataset: 'ds1',
                },
              },
              {
                knownFakeId: '00000000-0000-4000-8000-00000000f002',
                space: 'DETECTOR',
                distance: 0.0213,
                score: 0.9787,
                knownFake: null,
              },
            ],
          }),
        ]
      : i === 2
        ? [analysis('a2', { nearDuplicates: [] })]
        : // A bundle from before near-duplicates were reported: no line about them at all.
          [analysis(`a${i}`, {})],
  verdicts: [],
}));

const events: ReportAuditEvent[] = Array.from({ length: 60 }, (_, i) => ({
  id: String(i + 1),
  occurredAt: '2026-12-01T04:00:00.000Z',
  actor: 'investigator.with.a.long.name@example.test',
  action: i % 2 ? 'media.upload' : 'analysis.complete',
  targetType: 'Media',
  targetId: items[i % items.length]!.id,
  details: {
    sha256: hex(`detail ${i}`),
    nested: { list: [1, 2, 3], note: 'a, b: c', unbroken: `${'x'.repeat(90)}` },
    mediaId: items[i % items.length]!.id,
  },
  prevHash: hex(`event ${i - 1}`),
  hash: hex(`event ${i}`),
}));

const bundle = testBundle({
  options: reportOptions({}),
  case: {
    title: 'Contents and long hashes',
    notes: [{ id: 'n', body: 'A note.', author: null, createdAt: '2026-12-01T00:00:00.000Z' }],
  },
  evidence: items,
  auditTrail: events,
  auditChain: { ok: true, checked: 60, firstBroken: null },
});

/** The pages of the contents: the one titled so, and the next while it goes on listing items. */
const contentsPages = (pages: string[]) =>
  pages.filter((p) => /^\s*Contents\n/.test(p) || /^\s*\d+\. photo-/.test(p));

/** Title → page number, as the contents list them (a wrapped title is cut at its first line). */
const contentsOf = (pages: string[]) =>
  new Map(
    contentsPages(pages)
      .join('\n')
      .split('\n')
      .map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, Number(m[2])]),
  );

describe('contents, near-duplicates and long hashes in the PDF', async () => {
  const pdf = await renderCasePdf(bundle, { thumbnails: new Map(), maps: new Map() });
  const pages = poppler('pdftotext', pdf, ['-layout']).split('\f');
  const raw = poppler('pdftotext', pdf, []);

  it('lists sections and items with the page each starts on, over as many pages as it needs', () => {
    const contents = contentsPages(pages);
    expect(contents.length).toBe(2);
    const listed = contentsOf(pages);
    const at = (title: string) => pages[listed.get(title)! - 1] ?? '';
    expect(listed.get('Case and report')).toBe(1);
    expect(pages[0]).toContain('Loupe case report');
    expect(listed.get('Summary')).toBe(4);
    expect(at('Notes on the case')).toContain('A note.');
    expect(at('Evidence summary')).toContain('Evidence summary');
    items.forEach((e, i) => {
      // A title too long for one line wraps; its page number is on its first line.
      const title =
        i === 1
          ? [...listed.keys()].find((k) => k.startsWith('2. very-long'))!
          : `${i + 1}. ${e.originalName}`;
      expect(title, `item ${i}`).toBeDefined();
      expect(pages[listed.get(title)! - 1]).toMatch(new RegExp(`Evidence ${i + 1} of 70: `));
    });
    expect(at('Audit trail')).toContain('Audit trail of this case');
    // The contents come straight after the cover page.
    expect(pages.indexOf(contents[0]!)).toBe(1);
  });

  it('adds bookmarks for the contents and every entry, at the pages the contents give, items nested', () => {
    const xml = poppler('pdftohtml', pdf, ['-xml', '-stdout', '-i']);
    const outline = xml.slice(xml.indexOf('<outline>'));
    const bookmarks = [...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => [
      m[2]!.replace(/&amp;/g, '&'),
      Number(m[1]),
    ]);
    expect(bookmarks[0]).toEqual(['Case and report', 1]);
    expect(bookmarks[1]).toEqual(['Contents', 2]);
    const listed = contentsOf(pages);
    expect(bookmarks.length).toBe(listed.size + 1);
    for (const [title, page] of bookmarks.slice(2)) {
      const key = [...listed.keys()].find((k) => k === title || (title as string).startsWith(k));
      expect(key && listed.get(key), title as string).toBe(page);
    }
    // Parts sit under their section.
    expect(outline).toMatch(/Summary<\/item>\s*<outline>\s*<item page="\d+">Description<\/item>/);
    expect(outline).toMatch(/>Evidence<\/item>\s*<outline>\s*<item page="\d+">1\. photo-0\.jpg<\/item>/);
  });

  it('prints each near-duplicate: the known fake, its family, source, space and distance', () => {
    const text = raw.replace(/\s+/g, ' ');
    expect(text).toContain('Near-duplicates of known fakes (2)');
    expect(text).toContain('swapped-mayor.jpg (FACE_SWAP): pHash: 3 of 64 bits differ (score 0.953)');
    expect(text).toContain('generator SimSwap; source https://example.test/library/a; dataset ds1');
    expect(text).toContain(
      'A known fake since removed from the library: detector embedding: cosine distance 0.0213 (similarity 0.979)',
    );
    expect(text).toContain('Known fake id: 00000000-0000-4000-8000-00000000f002');
    expect(text).toContain('photo-0.jpg: no detector score; nearly duplicates 2 known fakes');
    expect(text.match(/Near-duplicates of known fakes: none found/g)).toHaveLength(1);
  });

  it('keeps every hash on one line and every JSON detail whole, within the right margin', () => {
    const lines = raw.split('\n');
    const whole = (s: string) => lines.some((l) => l.includes(s));
    const hashes = [
      FAKE_SHA,
      '1011'.repeat(16),
      ...items.map((e) => e.sha256),
      ...events.flatMap((e) => [e.hash, (e.details as { sha256: string }).sha256]),
    ];
    for (const h of hashes) expect(whole(h), h).toBe(true);
    // Ids and e-mail addresses in the narrow table columns too.
    expect(lines.filter((l) => l.includes('investigator.with.a.long.name@example.test'))).toHaveLength(60);
    for (const e of items.slice(0, 60)) expect(whole(`Media ${e.id}`), e.id).toBe(true);
    const squeezed = raw.replace(/\s+/g, '');
    for (const e of events) expect(squeezed).toContain(JSON.stringify(e.details).replace(/\s+/g, ''));
    // No word of any page runs past the right margin (poppler's word boxes, in points).
    const boxes = [...poppler('pdftotext', pdf, ['-bbox']).matchAll(/xMax="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(boxes.length).toBeGreaterThan(1000);
    expect(Math.max(...boxes)).toBeLessThanOrEqual(A4_WIDTH - MARGIN + 0.5);
  });
});
