import { badInput } from '../errors.ts';

// One place that decides what text people may store: titles, notes, tags, rationales, names.
// PostgreSQL cannot store NUL in text (it used to surface as a 500); other control characters
// and bidirectional overrides make a title render as something other than what it is ("‮gpj.exe"
// reads as "exe.jpg") — not acceptable in a record that is read out in court; and text made only
// of zero-width characters looks empty while not being empty.

// C0 and C1 controls, DEL. Tab, LF and CR are allowed where text may span lines.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAKS = /[\t\n\r]/u;
// Bidirectional embeddings, overrides and isolates (the marks LRM/RLM/ALM are harmless).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
// Characters that render as nothing: zero-width spaces and joiners, word joiner, BOM, soft hyphen,
// the invisible maths operators, Hangul fillers.
// (The two Hangul jamo fillers stand outside the class: inside it they read as one combined letter.)
const INVISIBLE = /[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF]|\u115F|\u1160/gu;

export interface TextRule {
  /** The argument name reported back (`extensions.field`). */
  field: string;
  /** What the text is, in the message ("A case title"). */
  label: string;
  /** Most characters (code points) allowed after trimming. */
  max: number;
  /** May the text span lines (notes, descriptions, rationales)? */
  multiline?: boolean;
}

/**
 * Validates and normalises user text: NFC, trimmed; refuses control characters, bidirectional
 * overrides, invisible-only text and over-long text with a message naming the field.
 * Returns '' for text that is empty (callers decide whether empty is allowed).
 */
export function cleanText(value: string, rule: TextRule): string {
  const text = value.normalize('NFC').trim();
  const control = text.split('').find((c) => CONTROL.test(c) || (!rule.multiline && LINE_BREAKS.test(c)));
  if (control !== undefined)
    throw badInput(`${rule.label} cannot contain control characters (found U+${hex(control)}).`, rule.field);
  const bidi = BIDI_CONTROL.exec(text)?.[0];
  if (bidi !== undefined)
    throw badInput(
      `${rule.label} cannot contain bidirectional override characters (found U+${hex(bidi)}): ` +
        'they make text display in a different order than it is stored.',
      rule.field,
    );
  if (text.length > 0 && text.replace(INVISIBLE, '').length === 0)
    throw badInput(`${rule.label} has no visible characters.`, rule.field);
  const length = [...text].length;
  if (length > rule.max)
    throw badInput(`${rule.label} has at most ${rule.max} characters (this one has ${length}).`, rule.field);
  return text;
}

/** Like cleanText, but empty text is refused too. */
export function requireText(value: string, rule: TextRule): string {
  const text = cleanText(value, rule);
  if (text.length === 0) throw badInput(`${rule.label} cannot be empty.`, rule.field);
  return text;
}

/**
 * A client-supplied file name made safe to store and show: NFC, path and control characters and
 * bidirectional overrides removed (never refused: the file is the evidence, its name is a label),
 * at most 255 code points (never cutting a character in two).
 */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').normalize('NFC').split(/[/\\]/u).pop() ?? '';
  const clean = [...base]
    .filter((c) => !CONTROL.test(c) && !LINE_BREAKS.test(c) && !BIDI_CONTROL.test(c))
    .join('')
    .trim();
  const visible = clean.replace(INVISIBLE, '').length > 0 ? clean : '';
  return [...visible].slice(0, 255).join('') || 'unnamed';
}

const hex = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
