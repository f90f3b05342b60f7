import PDFDocument from 'pdfkit';
import { write } from './text.ts';

type Doc = PDFKit.PDFDocument;

/** A section or item the table of contents and the bookmarks list. */
export interface ContentsEntry {
  title: string;
  /** 0: a section; 1: a part of one (an evidence item, a heading of the summary). */
  level: 0 | 1;
}

interface Marked extends ContentsEntry {
  /** Zero-based page index. */
  page: number;
  destination: string;
  /** Listed in the bookmarks only (the contents page itself). */
  bookmarkOnly: boolean;
}

const SIZE = 10;
const INDENT = 16;
const NUMBER_WIDTH = 36;
const GAP = 3;

/**
 * The table of contents and the PDF outline (bookmarks). pdfkit cannot insert a page before
 * pages already written, so the contents pages are reserved blank where they go, sections mark
 * their page as they are rendered, and the contents are written into the reserved pages last.
 * How many pages to reserve is known before: every entry is planned from the bundle and measured
 * by writing it into a scratch document with the same fonts.
 */
export class Contents {
  private readonly marks: Marked[] = [];
  private reserved: { first: number; count: number } | null = null;

  constructor(
    private readonly doc: Doc,
    private readonly margin: number,
  ) {}

  /** Records that `entry` starts here; the contents link to this spot. */
  mark(entry: ContentsEntry, bookmarkOnly = false) {
    const destination = `section-${this.marks.length}`;
    this.doc.addNamedDestination(destination, 'XYZ', null, this.doc.y, null);
    this.marks.push({ ...entry, page: this.currentPage(), destination, bookmarkOnly });
  }

  /** Starts the contents on a new page and leaves as many pages as `planned` entries need. */
  reserve(planned: ContentsEntry[]) {
    const heights = measure(this.doc, planned, this.textWidth);
    const usable = this.usableHeight;
    let pages = 1;
    let y = TITLE_HEIGHT;
    for (const h of heights) {
      if (y + h > usable) {
        pages += 1;
        y = 0;
      }
      y += h;
    }
    this.doc.addPage();
    this.mark({ title: 'Contents', level: 0 }, true);
    this.reserved = { first: this.currentPage(), count: pages };
    for (let i = 1; i < pages; i++) this.doc.addPage();
  }

  /** Writes the contents into the reserved pages and adds the bookmarks; call after all pages. */
  finish() {
    const doc = this.doc;
    if (this.reserved) {
      const bottom = this.margin + this.usableHeight;
      let page = this.reserved.first;
      doc.switchToPage(page);
      doc.x = this.margin;
      doc.y = this.margin;
      write(doc.fontSize(14).fillColor('black'), 'Contents', { bold: true });
      doc.y = this.margin + TITLE_HEIGHT;
      const listed = this.marks.filter((m) => !m.bookmarkOnly);
      const heights = measure(doc, listed, this.textWidth);
      listed.forEach((m, i) => {
        const h = heights[i]!;
        if (doc.y + h > bottom && page < this.reserved!.first + this.reserved!.count - 1) {
          doc.switchToPage(++page);
          doc.y = this.margin;
        }
        const y = doc.y;
        const x = this.margin + m.level * INDENT;
        const number = String(m.page + 1);
        write(doc.fontSize(SIZE).fillColor('black'), number, {
          x: this.margin + this.fullWidth - NUMBER_WIDTH,
          y,
          width: NUMBER_WIDTH,
          align: 'right',
          bold: m.level === 0,
        });
        write(doc.fontSize(SIZE).fillColor('black'), m.title, {
          x,
          y,
          width: this.textWidth - m.level * INDENT,
          bold: m.level === 0,
        });
        doc.goTo(this.margin, y, this.fullWidth, h - GAP, m.destination);
        doc.x = this.margin;
        doc.y = y + h;
      });
    }
    let parent: PDFKit.PDFOutline = doc.outline;
    for (const m of this.marks) {
      // addItem points at the current page.
      doc.switchToPage(m.page);
      if (m.level === 0) parent = doc.outline.addItem(m.title, { expanded: true });
      else parent.addItem(m.title);
    }
  }

  private currentPage() {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private get fullWidth() {
    return this.doc.page.width - 2 * this.margin;
  }

  private get textWidth() {
    return this.fullWidth - NUMBER_WIDTH - 8;
  }

  private get usableHeight() {
    return this.doc.page.height - this.margin - this.doc.page.margins.bottom;
  }
}

const TITLE_HEIGHT = 32;

/** Each entry's height, written as finish() writes it, in a scratch document (same fonts). */
function measure(doc: Doc, entries: ContentsEntry[], width: number): number[] {
  const scratch = new PDFDocument({ size: [doc.page.width, 100_000], margin: 0, autoFirstPage: true });
  return entries.map((e) => {
    scratch.y = 0;
    write(scratch.fontSize(SIZE), e.title, {
      x: 0,
      y: 0,
      width: width - e.level * INDENT,
      bold: e.level === 0,
    });
    return scratch.y + GAP;
  });
}
