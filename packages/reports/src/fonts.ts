import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';

/**
 * The PDF's fonts: Noto families installed from npm (@fontsource, SIL Open Font License), read
 * from node_modules — nothing is fetched at run time. Fontsource ships each family cut into
 * unicode-range slices (one file per script, or ~100 slices for Chinese); the slice that holds a
 * character is found from the package's CSS, and pdfkit embeds only the glyphs used from it.
 * WOFF is used, not WOFF2: pdfkit's subsetting of WOFF2's transformed glyph tables prints blanks.
 */

interface Slice {
  path: string;
  ranges: [number, number][];
}

interface Family {
  name: string;
  regular: Slice[];
  bold: Slice[];
}

/** Tried in this order for each character; the first whose slice has the glyph prints it. */
const PACKAGES: { name: string; pkg: string; bold: number }[] = [
  { name: 'Noto Sans', pkg: '@fontsource/noto-sans', bold: 700 }, // Latin, Greek, Cyrillic, Vietnamese
  { name: 'Noto Sans Arabic', pkg: '@fontsource/noto-sans-arabic', bold: 700 },
  { name: 'Noto Sans Hebrew', pkg: '@fontsource/noto-sans-hebrew', bold: 700 },
  // Monochrome: colour emoji fonts (CBDT/COLR bitmaps) do not print through pdfkit.
  { name: 'Noto Emoji', pkg: '@fontsource/noto-emoji', bold: 700 },
  // Chinese (simplified, and most traditional) ideographs, with Japanese kana; then Hangul.
  { name: 'Noto Sans SC', pkg: '@fontsource/noto-sans-sc', bold: 700 },
  { name: 'Noto Sans KR', pkg: '@fontsource/noto-sans-kr', bold: 700 },
];

const require = createRequire(import.meta.url);

const FACE = /@font-face\s*{([^}]*)}/g;

/** The slices of one weight, from fontsource's `<weight>.css` (src url and unicode-range). */
export function parseSlices(css: string, dir: string): Slice[] {
  const slices: Slice[] = [];
  for (const [, face] of css.matchAll(FACE)) {
    const woff = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(face ?? '')?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(face ?? '')?.[1];
    if (!woff || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(lo!, 16), parseInt(hi ?? lo!, 16)];
    });
    slices.push({ path: join(dir, woff), ranges });
  }
  return slices;
}

function loadWeight(pkg: string, weight: number): Slice[] {
  const css = require.resolve(`${pkg}/${weight}.css`);
  return parseSlices(readFileSync(css, 'utf8'), dirname(css));
}

let families: Family[] | null = null;

function loadFamilies(): Family[] {
  families ??= PACKAGES.map((p) => {
    const regular = loadWeight(p.pkg, 400);
    if (regular.length === 0) throw new Error(`${p.pkg} has no font slices: reinstall it (npm ci).`);
    return { name: p.name, regular, bold: loadWeight(p.pkg, p.bold) };
  });
  return families;
}

/**
 * WOFF unpacked to a plain TrueType/OpenType file with node's zlib. fontkit reads WOFF itself, but
 * inflates a table (in JavaScript) each time it reads from it — once per glyph for `glyf` — which
 * made a report take seconds; unpacked once, the fonts are read as fast as any .ttf.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + 20 * i;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const head = Buffer.alloc(12 + 16 * count);
  const log2 = Math.floor(Math.log2(count));
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(count, 4);
  head.writeUInt16BE(16 * 2 ** log2, 6);
  head.writeUInt16BE(log2, 8);
  head.writeUInt16BE(16 * count - 16 * 2 ** log2, 10);
  let offset = head.length;
  tables.forEach((t, i) => {
    t.tag.copy(head, 12 + 16 * i);
    head.writeUInt32BE(t.checksum, 16 + 16 * i);
    head.writeUInt32BE(offset, 20 + 16 * i);
    head.writeUInt32BE(t.data.length, 24 + 16 * i);
    offset += pad(t.data.length);
  });
  return Buffer.concat([
    head,
    ...tables.flatMap((t) => [t.data, Buffer.alloc(pad(t.data.length) - t.data.length)]),
  ]);
}

const opened = new Map<string, { sfnt: Buffer; font: fontkit.Font }>();

function open(path: string) {
  let font = opened.get(path);
  if (!font) {
    const sfnt = woffToSfnt(readFileSync(path));
    font = { sfnt, font: fontkit.create(sfnt) as fontkit.Font };
    opened.set(path, font);
  }
  return font;
}

/** The font file at `path` as TrueType/OpenType bytes for pdfkit (unpacked once per process). */
export function fontBytes(path: string): Buffer {
  return open(path).sfnt;
}

/** Whether the font file at `path` has a glyph for the code point (fonts are parsed once). */
export function hasGlyph(path: string, codePoint: number): boolean {
  return open(path).font.hasGlyphForCodePoint(codePoint);
}

const primary = new Map<boolean, string>();

/** The primary text font (Noto Sans), regular or bold: for measuring and for glyphs no font has. */
export function primaryFont(bold: boolean): string {
  let path = primary.get(bold);
  if (!path) {
    const latin = loadFamilies()[0]!;
    const slices = bold ? latin.bold : latin.regular;
    path = (slices.find((s) => s.ranges.some(([lo, hi]) => lo <= 0x41 && 0x41 <= hi)) ?? slices[0]!).path;
    primary.set(bold, path);
  }
  return path;
}

const found = new Map<number, string | null>();

/** The font file that prints `codePoint`, in family order; null when no installed font has it. */
export function fontFor(codePoint: number, bold: boolean): string | null {
  const key = bold ? -1 - codePoint : codePoint;
  let path = found.get(key);
  if (path === undefined) {
    path = null;
    search: for (const f of loadFamilies()) {
      for (const s of bold && f.bold.length ? f.bold : f.regular) {
        if (!s.ranges.some(([lo, hi]) => lo <= codePoint && codePoint <= hi)) continue;
        if (hasGlyph(s.path, codePoint)) {
          path = s.path;
          break search;
        }
      }
    }
    found.set(key, path);
  }
  return path;
}
