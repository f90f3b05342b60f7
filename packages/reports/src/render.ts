import PDFDocument from 'pdfkit';
import {
  TEST_FIXTURE_WARNING,
  type ReportAnalysis,
  type ReportBundle,
  type ReportEvidence,
  type ReportImages,
  type ReportNote,
  type ReportPerson,
} from './bundle.ts';
import { auditTrail } from './audit-trail.ts';
import { Contents, type ContentsEntry } from './contents.ts';
import { fittingSize } from './fit.ts';
import { nearDuplicates } from './near-duplicates.ts';
import { write } from './text.ts';
import { videoAnalysis, videoFacts } from './video.ts';

type Doc = PDFKit.PDFDocument;

export const MARGIN = 50;
const FOOTER_SPACE = 40;
export const GREY = '#555555';
export const RED = '#b00020';
export const FOOTER_NOTE = 'SHA-256 of this file is recorded in the audit trail';

const person = (p: ReportPerson | null) => (p ? `${p.displayName} <${p.email}>` : 'unknown');
const bytes = (n: number) =>
  n >= 1_000_000
    ? `${(n / 1_000_000).toFixed(2)} MB (${n} bytes)`
    : `${(n / 1000).toFixed(1)} kB (${n} bytes)`;

/** Renders the court-ready PDF of a case report from its bundle and downscaled images. */
export async function renderCasePdf(bundle: ReportBundle, images: ReportImages): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `Case report: ${bundle.case.title}`,
      Author: 'Loupe',
      Subject: `Report ${bundle.reportId}`,
      Creator: bundle.generatorVersion,
      CreationDate: new Date(bundle.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const contents = new Contents(doc, MARGIN);
  // Cover (what case, which report, the chain's state), then the contents, then the summary.
  cover(doc, bundle, contents);
  contents.reserve(plannedContents(bundle));
  doc.addPage();
  summary(doc, bundle, contents);
  if (bundle.evidence.length === 0) {
    doc.addPage();
    contents.mark(SECTIONS.evidence);
    heading(doc, 'Evidence');
    body(doc, 'This case contains no evidence: no media had been acquired when the report was generated.');
  }
  bundle.evidence.forEach((e, i) => evidence(doc, e, i, bundle.evidence.length, images, contents));
  doc.addPage();
  contents.mark(SECTIONS.audit);
  write(doc.fontSize(14).fillColor('black'), 'Audit trail of this case', { bold: true });
  doc.moveDown(0.3);
  auditTrail(doc, bundle);
  contents.finish();
  footers(doc, bundle);
  doc.end();
  return done;
}

const SECTIONS = {
  cover: { title: 'Case and report', level: 0 },
  summary: { title: 'Summary', level: 0 },
  description: { title: 'Description', level: 1 },
  notes: { title: 'Notes on the case', level: 1 },
  members: { title: 'Members', level: 1 },
  evidenceSummary: { title: 'Evidence summary', level: 1 },
  evidence: { title: 'Evidence', level: 0 },
  audit: { title: 'Audit trail', level: 0 },
} satisfies Record<string, ContentsEntry>;

const itemEntry = (e: ReportEvidence, index: number): ContentsEntry => ({
  title: `${index + 1}. ${e.originalName}`,
  level: 1,
});

/** Every entry the contents will list, in order, known before the sections are rendered. */
function plannedContents(b: ReportBundle): ContentsEntry[] {
  return [
    SECTIONS.cover,
    SECTIONS.summary,
    SECTIONS.description,
    ...(b.case.notes?.length ? [SECTIONS.notes] : []),
    SECTIONS.members,
    SECTIONS.evidenceSummary,
    SECTIONS.evidence,
    ...b.evidence.map(itemEntry),
    SECTIONS.audit,
  ];
}

/** A heading the contents list: it starts on the page the contents name. */
function sectionHeading(doc: Doc, contents: Contents, entry: ContentsEntry, text: string, size = 14) {
  ensureSpace(doc, size * 3);
  contents.mark(entry);
  heading(doc, text, size);
}

export function heading(doc: Doc, text: string, size = 14) {
  ensureSpace(doc, size * 3);
  write(doc.moveDown(0.6).fontSize(size).fillColor('black'), text, { bold: true });
  doc.moveDown(0.3);
}

export function body(doc: Doc, text: string, color = 'black') {
  write(doc.fontSize(10).fillColor(color), text);
}

/**
 * "Label: value" lines with the label in bold. A value holding a token too wide for a line (a
 * SHA-256 in a narrow column) is set smaller so that the token stays whole.
 */
export function field(doc: Doc, label: string, value: string, options: { x?: number; width?: number } = {}) {
  const width = options.width ?? doc.page.width - 2 * MARGIN;
  doc.fontSize(fittingSize(doc, value, width, 9)).fillColor('black');
  write(doc, `${label}: `, { bold: true, x: options.x ?? doc.page.margins.left, continued: true, width });
  write(doc, value, { width });
}

export function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function cover(doc: Doc, b: ReportBundle, contents: Contents) {
  contents.mark(SECTIONS.cover);
  write(doc.fontSize(20), 'Loupe case report', { bold: true });
  write(doc.moveDown(0.2).fontSize(14), b.case.title);
  doc.moveDown(0.8);
  field(doc, 'Case', b.case.id);
  field(doc, 'Status', b.case.status + (b.case.closedAt ? ` (closed ${b.case.closedAt})` : ''));
  field(doc, 'Opened', `${b.case.createdAt} by ${person(b.case.createdBy)}`);
  field(doc, 'Report', b.reportId);
  field(doc, 'Generated', `${b.generatedAt} for ${person(b.requestedBy)}`);
  field(doc, 'Generator', b.generatorVersion);
  const chain = b.auditChain.ok
    ? `intact (${b.auditChain.checked} events verified at generation time)`
    : `BROKEN at event ${b.auditChain.firstBroken?.id}: ${b.auditChain.firstBroken?.reason}`;
  field(doc, 'Audit chain', chain);
  auditHead(doc, b);
  if (b.case.tags?.length) field(doc, 'Tags', b.case.tags.join(', '));
}

function summary(doc: Doc, b: ReportBundle, contents: Contents) {
  contents.mark(SECTIONS.summary);
  write(doc.fontSize(14).fillColor('black'), 'Summary', { bold: true });
  sectionHeading(doc, contents, SECTIONS.description, 'Description');
  body(doc, b.case.description.trim() || '(no description)');
  if (b.case.notes?.length) {
    ensureSpace(doc, 42);
    contents.mark(SECTIONS.notes);
    notes(doc, 'Notes', b.case.notes, 14);
  }
  sectionHeading(doc, contents, SECTIONS.members, 'Members');
  for (const m of b.case.members) field(doc, m.role, `${m.displayName} <${m.email}>, since ${m.addedAt}`);
  sectionHeading(doc, contents, SECTIONS.evidenceSummary, 'Evidence summary');
  if (b.evidence.length === 0) body(doc, 'This case contains no evidence.');
  for (const e of b.evidence) {
    const verdict = e.verdicts[0];
    const a = e.analyses[0];
    const score = a?.pFake != null ? `p(fake) ${a.pFake.toFixed(3)}` : 'no detector score';
    const fixture = a?.model?.isTestFixture ? ` [${TEST_FIXTURE_WARNING}]` : '';
    const fakes = new Set(a?.nearDuplicates?.map((n) => n.knownFakeId)).size;
    const matches = fakes
      ? `; nearly duplicates ${fakes === 1 ? 'a known fake' : `${fakes} known fakes`}`
      : '';
    field(
      doc,
      e.originalName,
      `${score}${fixture}${matches}; verdict: ${verdict ? verdict.value : 'none'}; SHA-256 ${e.sha256}`,
    );
  }
}

function evidence(
  doc: Doc,
  e: ReportEvidence,
  index: number,
  total: number,
  images: ReportImages,
  contents: Contents,
) {
  doc.addPage();
  if (index === 0) contents.mark(SECTIONS.evidence);
  contents.mark(itemEntry(e, index));
  write(doc.fontSize(14).fillColor('black'), `Evidence ${index + 1} of ${total}: ${e.originalName}`, {
    bold: true,
  });
  doc.moveDown(0.5);
  const top = doc.y;
  const thumb = images.thumbnails.get(e.id);
  const thumbSize = 150;
  if (thumb) doc.image(thumb, MARGIN, top, { fit: [thumbSize, thumbSize] });
  else write(doc.fontSize(9).fillColor(GREY), '(no thumbnail)', { x: MARGIN, y: top });
  const x = MARGIN + thumbSize + 15;
  const width = doc.page.width - MARGIN - x;
  doc.y = top;
  field(doc, 'Media id', e.id, { x, width });
  field(doc, 'SHA-256', e.sha256, { x, width });
  field(doc, 'Size', bytes(e.sizeBytes), { x, width });
  field(doc, 'Type', e.mimeType, { x, width });
  if (e.kind === 'VIDEO') videoFacts(doc, e.video ?? null, { x, width });
  else
    field(doc, 'Dimensions', e.width && e.height ? `${e.width} × ${e.height} px` : 'unknown', { x, width });
  field(doc, 'Acquired', e.acquiredAt, { x, width });
  field(doc, 'Uploaded by', person(e.uploadedBy), { x, width });
  doc.x = MARGIN;
  // The thumbnail is fitted into a square; landscape pictures leave space below them.
  const shown =
    thumb && e.width && e.height ? Math.min(thumbSize, (thumbSize * e.height) / e.width) : thumbSize;
  doc.y = Math.max(doc.y, top + shown) + 10;

  if (e.analyses.length === 0) body(doc, 'No analysis was run on this item.', GREY);
  for (const a of e.analyses) {
    analysis(doc, a, images.maps.get(a.id));
    if (a.video) videoAnalysis(doc, e, a, images.frames?.get(a.id));
    nearDuplicates(doc, a);
  }

  heading(doc, 'Verdicts', 12);
  if (e.verdicts.length === 0) body(doc, 'No verdict has been given.', GREY);
  e.verdicts.forEach((v, i) => {
    ensureSpace(doc, 50);
    const state = i === 0 ? 'CURRENT' : 'superseded';
    field(doc, `${v.value} (${state})`, `${v.createdAt} by ${person(v.givenBy)}`);
    body(doc, `Rationale: ${v.rationale}`);
    if (v.analysisIds.length) body(doc, `Relied on analyses: ${v.analysisIds.join(', ')}`, GREY);
    doc.moveDown(0.3);
  });
  if (e.notes?.length) notes(doc, 'Notes on this item', e.notes, 12);
}

function notes(doc: Doc, title: string, list: ReportNote[], size: number) {
  heading(doc, title, size);
  for (const n of list) {
    ensureSpace(doc, 40);
    field(doc, n.createdAt, `by ${person(n.author)}`);
    body(doc, n.body);
    doc.moveDown(0.3);
  }
}

function analysis(doc: Doc, a: ReportAnalysis, maps: Map<string, Buffer> | undefined) {
  heading(doc, `Analysis ${a.id}`, 12);
  field(
    doc,
    'Status',
    `${a.status}${a.finishedAt ? `, finished ${a.finishedAt}` : ''}${a.error ? ` (${a.error})` : ''}`,
  );
  field(doc, 'Code version', a.codeVersion);
  if (a.model) {
    field(doc, 'Detector', `${a.model.id} ${a.model.version}, model SHA-256 ${a.model.sha256}`);
    if (a.model.isTestFixture) {
      write(doc.fontSize(11).fillColor(RED), TEST_FIXTURE_WARNING, { bold: true });
      body(doc, 'This score comes from a deterministic test fixture, not a trained detector.', RED);
    }
  } else field(doc, 'Detector', a.detectorNote ?? 'none installed — no fakeness score was computed');
  if (a.pFake != null && !a.video)
    field(doc, 'p(fake)', `${a.pFake.toFixed(4)}${a.label ? ` (label: ${a.label})` : ''}`);
  if (a.model && a.evaluation !== undefined) {
    field(
      doc,
      'Evaluation',
      a.evaluation
        ? `evaluated ${a.evaluation}`
        : 'never evaluated: how often this model version is wrong is not known',
    );
  }
  const s = a.signals;
  if (s) {
    field(doc, 'JPEG', s.isJpeg ? `estimated quality ${s.jpegQuality ?? 'unknown'}` : 'not a JPEG');
    if (s.doubleCompression)
      field(
        doc,
        'Double compression',
        `${s.doubleCompression.suspected ? 'suspected' : 'not suspected'} (score ${s.doubleCompression.score.toFixed(3)})`,
      );
    field(doc, 'Camera / software', `${s.camera ?? 'unknown camera'}; ${s.software ?? 'no software tag'}`);
    field(
      doc,
      'Metadata contradictions',
      s.metadataContradictions.length ? s.metadataContradictions.join(' ') : 'none found',
    );
    if (s.metadataMissing.length) field(doc, 'Missing camera tags', s.metadataMissing.join(', '));
    field(doc, 'pHash / dHash', `${s.phash ?? '-'} / ${s.dhash ?? '-'}`);
  }
  const first = a.heatmaps[0];
  if (maps && maps.size > 0 && a.video?.mappedFrame != null) {
    const f = a.video.frames.find((x) => x.index === a.video?.mappedFrame);
    body(
      doc,
      `Maps of the most suspicious sampled frame (#${a.video.mappedFrame}${f ? ` at ${f.timeSec.toFixed(2)} s` : ''}):`,
      GREY,
    );
  }
  if (maps && maps.size > 0) mapRow(doc, maps, first ? first.height / first.width : 1);
}

const MAP_CAPTIONS: [string, string][] = [
  ['DETECTOR_OVERLAY', 'Detector fakeness overlay'],
  ['ELA', 'Error level (ELA)'],
  ['NOISE', 'Noise residual'],
];

function mapRow(doc: Doc, maps: Map<string, Buffer>, aspect: number) {
  const size = 150;
  // Pictures are fitted into squares; captions go right under the picture, not the square.
  const shown = Math.min(size, size * (Number.isFinite(aspect) && aspect > 0 ? aspect : 1));
  const gap = (doc.page.width - 2 * MARGIN - 3 * size) / 2;
  ensureSpace(doc, size + 30);
  const top = doc.y + 6;
  MAP_CAPTIONS.forEach(([kind, caption], i) => {
    const x = MARGIN + i * (size + gap);
    const img = maps.get(kind);
    if (img) doc.image(img, x, top, { fit: [size, size], align: 'center' });
    else
      write(doc.fontSize(8).fillColor(GREY), '(not available)', {
        x,
        y: top + shown / 2,
        width: size,
        align: 'center',
      });
    write(doc.fontSize(8).fillColor(GREY), caption, { x, y: top + shown + 3, width: size, align: 'center' });
  });
  doc.x = MARGIN;
  doc.y = top + shown + 18;
  doc.fillColor('black');
}

/**
 * The signed chain head, printed so that a report handed out anchors the chain outside the
 * database: a later rewrite of the chain no longer hashes to it (`loupe audit verify --head`).
 */
function auditHead(doc: Doc, b: ReportBundle) {
  if (b.auditCheckpoint === undefined) return; // a bundle from before checkpoints existed
  const c = b.auditCheckpoint;
  if (!c) {
    field(doc, 'Audit chain head signed', 'none (the chain was empty)');
    return;
  }
  field(doc, 'Audit chain head signed', `event ${c.seq}, checkpoint of ${c.createdAt}`);
  field(doc, 'Head hash', c.headHash);
  field(doc, 'Signing key (SHA-256)', c.keyFingerprint);
  // 88 base64 characters do not fit one line: split where a reader can copy the halves.
  field(doc, 'Signature (Ed25519)', (c.signature.match(/.{1,44}/g) ?? []).join(' '));
  field(doc, 'Check it with', `npm run loupe -- audit verify --head ${c.seq}:${c.headHash}`);
}

function footers(doc: Doc, b: ReportBundle) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    write(
      doc.fontSize(7).fillColor(GREY),
      `Loupe report ${b.reportId} · generated ${b.generatedAt} · ${b.generatorVersion} · page ${i + 1} of ${range.count}\n${FOOTER_NOTE}.`,
      { x: MARGIN, y: doc.page.height - MARGIN - 12, width: doc.page.width - 2 * MARGIN, align: 'center' },
    );
    doc.page.margins.bottom = bottom;
  }
}
