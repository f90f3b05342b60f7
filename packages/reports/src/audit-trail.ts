import type { ReportBundle } from './bundle.ts';
import { fittingSize, wrappableJson } from './fit.ts';
import { body, GREY, MARGIN } from './render.ts';
import { measureWith, write } from './text.ts';

type Doc = PDFKit.PDFDocument;

const SIZE = 7;
const COLUMNS = [
  { title: '#', width: 30 },
  { title: 'Time (UTC)', width: 84 },
  { title: 'Actor', width: 128 },
  { title: 'Action', width: 88 },
  { title: 'Target', width: 165 },
];
/** Details and hash go on full-width lines under the row, indented past the '#' column. */
const INDENT = COLUMNS[0]!.width;

/**
 * The case's audit trail, oldest first: one row per event (time, actor, action, target), then
 * its details as JSON and its SHA-256 in full on lines of their own. Nothing is shortened, so a
 * reader can recompute the chain from the printed report; hashes and ids are never cut in two.
 */
export function auditTrail(doc: Doc, b: ReportBundle) {
  if (!b.options.includeAuditTrail) {
    body(doc, "The audit trail was left out of this report at the requester's choice.", GREY);
    return;
  }
  body(
    doc,
    `${b.auditTrail.length} events, oldest first. Each event's hash covers its content and the previous event's hash.`,
    GREY,
  );
  doc.moveDown(0.5);
  const full = doc.page.width - 2 * MARGIN;
  const header = () =>
    cells(
      doc,
      COLUMNS.map((c) => c.title),
      true,
    );
  header();
  for (const e of b.auditTrail) {
    const row = [
      e.id,
      e.occurredAt.replace('T', ' ').replace('Z', ''),
      e.actor ?? 'system',
      e.action,
      [e.targetType, e.targetId].filter(Boolean).join(' ') || '-',
    ];
    const details = wrappableJson(e.details ?? {});
    const hash = `SHA-256 ${e.hash}`;
    const detailsSize = fittingSize(doc, details, full - INDENT - 4, SIZE);
    const hashSize = fittingSize(doc, hash, full - INDENT - 4, SIZE);
    const extra =
      height(doc, details, full - INDENT - 4, detailsSize) +
      height(doc, hash, full - INDENT - 4, hashSize) +
      3;
    // An event is not split over two pages: its row, details and hash stay together.
    if (doc.y + rowHeight(doc, row, false) + extra > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
    }
    cells(doc, row, false, { rule: false });
    const x = MARGIN + INDENT + 2;
    write(doc.fontSize(detailsSize).fillColor('black'), details, { x, y: doc.y, width: full - INDENT - 4 });
    write(doc.fontSize(hashSize).fillColor(GREY), hash, { x, y: doc.y, width: full - INDENT - 4 });
    rule(doc, doc.y + 2, MARGIN + full);
    doc.x = MARGIN;
    doc.y += 3;
  }
  doc.fillColor('black');
}

function height(doc: Doc, text: string, width: number, size: number) {
  measureWith(doc).fontSize(size);
  return doc.heightOfString(text, { width });
}

function rowHeight(doc: Doc, texts: string[], bold: boolean) {
  return (
    Math.max(
      ...texts.map((t, i) => {
        const w = COLUMNS[i]!.width - 4;
        measureWith(doc, bold).fontSize(fittingSize(doc, t, w, SIZE, bold));
        return doc.heightOfString(t, { width: w });
      }),
    ) + 4
  );
}

function cells(doc: Doc, texts: string[], bold: boolean, options: { rule?: boolean } = {}) {
  const h = rowHeight(doc, texts, bold);
  const y = doc.y;
  let x = MARGIN;
  texts.forEach((t, i) => {
    const w = COLUMNS[i]!.width - 4;
    write(doc.fontSize(fittingSize(doc, t, w, SIZE, bold)).fillColor('black'), t, {
      bold,
      x: x + 2,
      y: y + 2,
      width: w,
    });
    x += COLUMNS[i]!.width;
  });
  if (options.rule ?? true) rule(doc, y + h, x);
  doc.x = MARGIN;
  doc.y = y + h;
}

function rule(doc: Doc, y: number, to: number) {
  doc.moveTo(MARGIN, y).lineTo(to, y).lineWidth(0.3).strokeColor('#999999').stroke();
}
