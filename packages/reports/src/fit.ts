import { measureWith } from './text.ts';

type Doc = PDFKit.PDFDocument;

/** The smallest size a hash or id is set in to stay on one line; below it the text wraps. */
export const MIN_FONT_SIZE = 5.5;

/**
 * The font size, at most `size`, at which the widest unbreakable token of `text` (a SHA-256, a
 * pHash, an id, a JSON string without spaces) fits one line of `width`. pdfkit cuts a token wider
 * than the line between two characters, which a reader then copies as two words; shrinking keeps
 * it whole. Tokens are measured in the text font (bold for labels), the font hashes print in.
 */
export function fittingSize(doc: Doc, text: string, width: number, size: number, bold = false): number {
  const widest = text.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), '');
  if (!widest) return size;
  measureWith(doc, bold).fontSize(size);
  const w = doc.widthOfString(widest);
  if (w <= width) return size;
  // Widths scale linearly with the size; a hair of slack for rounding in pdfkit's wrapper.
  return Math.max(MIN_FONT_SIZE, Math.floor(((size * width) / w) * 0.98 * 10) / 10);
}

/**
 * JSON on one logical line with a space after each comma and colon, so it wraps between members
 * rather than inside a value; every character of the value is kept (no truncation).
 */
export function wrappableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(wrappableJson).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${wrappableJson(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value) ?? 'null';
}
