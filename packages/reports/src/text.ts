import bidiFactory from 'bidi-js';
import { basename } from 'node:path';
import { fontBytes, fontFor, hasGlyph, primaryFont } from './fonts.ts';

type Doc = PDFKit.PDFDocument;

/** A piece of one line that prints in one font, in display order (left to right). */
export interface TextRun {
  text: string;
  font: string;
}

const bidi = bidiFactory();

// Characters that belong to the glyph before them: combining marks, joiners, variation selectors.
const joins = (ch: string, cp: number) =>
  /^\p{M}$/u.test(ch) ||
  cp === 0x200c ||
  cp === 0x200d ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0020 && cp <= 0xe007f);
// Letters written right to left; fontkit itself reverses a run that contains one (see below).
// Anything that may make part of a line right to left: RTL scripts' blocks and RTL controls.
const RTL_ANY =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

interface Char {
  ch: string;
  /** UTF-16 index into the line, as bidi-js counts. */
  at: number;
  font: string;
  level: number;
}

/**
 * Splits one line into runs by font, then orders them for display with the Unicode bidi algorithm
 * (pdfkit has none). Within a run fontkit shapes the text (Arabic joining) and, for a run in a
 * right-to-left script, reverses the glyphs itself — so such runs keep logical order here, while
 * right-to-left runs of neutrals (spaces, punctuation) are reversed here.
 */
function lineRuns(line: string, bold: boolean): TextRun[] {
  if (line === '') return [];
  if (/^[\x20-\x7e]*$/.test(line)) return [{ text: line, font: primaryFont(bold) }];
  // Without right-to-left characters every level is 0: no bidi pass needed.
  const ltr = !RTL_ANY.test(line);
  const levels = ltr
    ? { levels: new Uint8Array(line.length), paragraphs: [] }
    : // Left to right as the page is: an Arabic filename then '.jpg: ' keeps the label's order.
      bidi.getEmbeddingLevels(line, 'ltr');
  const mirrored = ltr ? new Map<number, string>() : bidi.getMirroredCharactersMap(line, levels.levels);
  const chars: Char[] = [];
  let at = 0;
  for (const raw of line) {
    const ch = mirrored.get(at) ?? raw;
    const cp = ch.codePointAt(0)!;
    const prev = chars.at(-1);
    // Stay in the previous font while it has the glyph, so runs are long and shaping sees words;
    // spaces go back to the text font (an emoji font's space is as wide as an emoji).
    const font =
      prev && (joins(ch, cp) || (!/\s/u.test(ch) && hasGlyph(prev.font, cp)))
        ? prev.font
        : (fontFor(cp, bold) ?? prev?.font ?? primaryFont(bold));
    chars.push({ ch, at, font, level: levels.levels[at] ?? 0 });
    at += raw.length;
  }
  // Display order: bidi-js names code-unit ranges to reverse in turn; a surrogate pair's two
  // units carry the same character index and stay together, so duplicates are dropped after.
  const units: number[] = [];
  chars.forEach((c, i) => units.push(...Array<number>(c.ch.length === 2 ? 2 : 1).fill(i)));
  for (const [start = 0, end = -1] of ltr ? [] : bidi.getReorderSegments(line, levels)) {
    units.splice(start, end - start + 1, ...units.slice(start, end + 1).reverse());
  }
  const order = units.filter((i, k) => k === 0 || units[k - 1] !== i);
  // Group neighbours in display order sharing font and level.
  const groups: Char[][] = [];
  for (const i of order) {
    const c = chars[i]!;
    const last = groups.at(-1)?.at(-1);
    if (last && last.font === c.font && last.level === c.level) groups.at(-1)!.push(c);
    else groups.push([c]);
  }
  return groups.map((g) => {
    const rtl = g[0]!.level % 2 === 1;
    const fontkitReverses = rtl && g.some((c) => RTL_LETTER.test(c.ch));
    const text = (fontkitReverses ? [...g].reverse() : g).map((c) => c.ch).join('');
    return { text, font: g[0]!.font };
  });
}

/** The runs of a text (lines joined by a trailing '\n' on each line's last run). */
export function textRuns(text: string, bold = false): TextRun[] {
  const runs: TextRun[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((line, i) => {
    const mine = lineRuns(line, bold);
    if (i < lines.length - 1) {
      if (mine.length === 0) mine.push({ text: '', font: primaryFont(bold) });
      mine.at(-1)!.text += '\n';
    }
    // pdfkit lays out each line on its own, so a run may carry on across a line break.
    const last = runs.at(-1);
    if (last?.text.endsWith('\n') && mine[0]?.font === last.font) last.text += mine.shift()!.text;
    runs.push(...mine);
  });
  return runs.length ? runs : [{ text: '', font: primaryFont(bold) }];
}

export interface WriteOptions extends PDFKit.Mixins.TextOptions {
  bold?: boolean;
  x?: number;
  y?: number;
}

/**
 * Writes text in whichever installed fonts have its glyphs, right-to-left runs in display order.
 * With `continued`, the next `write` goes on the same line (as pdfkit's own option).
 */
export function write(doc: Doc, text: string, options: WriteOptions = {}): Doc {
  const { bold = false, x, y, continued = false, ...rest } = options;
  const runs = textRuns(text, bold).filter((r, i, all) => r.text !== '' || all.length === 1);
  runs.forEach((r, i) => {
    const more = i < runs.length - 1 || continued;
    useFont(doc, r.font);
    if (i === 0 && x !== undefined) doc.text(r.text, x, y ?? doc.y, { ...rest, continued: more });
    else doc.text(r.text, { ...rest, continued: more });
  });
  return doc;
}

const registered = new WeakMap<Doc, Set<string>>();

/** Selects a font file, registering its unpacked bytes with this document the first time. */
function useFont(doc: Doc, path: string): Doc {
  const name = `loupe-${basename(path)}`;
  let mine = registered.get(doc);
  if (!mine) registered.set(doc, (mine = new Set()));
  if (!mine.has(name)) {
    doc.registerFont(name, fontBytes(path));
    mine.add(name);
  }
  return doc.font(name);
}

/** Selects the primary font for measuring (heightOfString, widthOfString). */
export function measureWith(doc: Doc, bold = false): Doc {
  return useFont(doc, primaryFont(bold));
}
