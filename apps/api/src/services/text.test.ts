import { describe, expect, it } from 'vitest';
import { cleanFilename, cleanText, requireText } from './text.ts';

const TITLE = { field: 'title', label: 'A case title', max: 20 };
const NOTE = { field: 'body', label: 'A note', max: 100, multiline: true };

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as { message: string; extensions: { code: string; field?: string } };
    return { code: e.extensions.code, field: e.extensions.field, message: e.message };
  }
  throw new Error('expected a refusal');
};

describe('user text', () => {
  it('trims and normalises to NFC, counting characters not UTF-16 units', () => {
    expect(cleanText('  Cafe\u0301 ', TITLE)).toBe('Café');
    expect(cleanText('😀'.repeat(20), TITLE)).toBe('😀'.repeat(20));
    expect(refusal(() => cleanText('😀'.repeat(21), TITLE)).message).toBe(
      'A case title has at most 20 characters (this one has 21).',
    );
  });

  it.each([
    ['a NUL byte', 'case\u0000one', /control characters \(found U\+0000\)/],
    ['an escape', 'case\u001b[31m', /control characters \(found U\+001B\)/],
    ['a C1 control', 'case\u0085', /control characters \(found U\+0085\)/],
    ['a newline in a one-line field', 'two\nlines', /control characters \(found U\+000A\)/],
    [
      'a right-to-left override',
      'invoice\u202Egpj.exe',
      /bidirectional override characters \(found U\+202E\)/,
    ],
    ['a first-strong isolate', 'a\u2068b', /bidirectional override characters \(found U\+2068\)/],
    ['only zero-width characters', '\u200B\u200C\u200D\uFEFF', /has no visible characters/],
    ['only a Hangul filler', '\u3164', /has no visible characters/],
  ])('refuses %s with BAD_USER_INPUT naming the field', (_name, text, message) => {
    const r = refusal(() => cleanText(text, TITLE));
    expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(r.message).toMatch(message);
  });

  it('keeps right-to-left scripts, emoji, marks and line breaks where they belong', () => {
    expect(cleanText('تحقيق — חקירה — расследование', { ...TITLE, max: 100 })).toBe(
      'تحقيق — חקירה — расследование',
    );
    expect(cleanText('👩🏽‍💻 zwj emoji', TITLE)).toBe('👩🏽‍💻 zwj emoji');
    expect(cleanText('line one\r\nline\ttwo', NOTE)).toBe('line one\r\nline\ttwo');
  });

  it('requireText refuses empty text', () => {
    expect(refusal(() => requireText('   ', TITLE)).message).toBe('A case title cannot be empty.');
  });
});

describe('file names', () => {
  it('keeps UTF-8 names as they are', () => {
    expect(cleanFilename('фото-évidence.jpg')).toBe('фото-évidence.jpg');
    expect(cleanFilename('صورة.png')).toBe('صورة.png');
  });

  it('drops paths, controls and bidi overrides, and falls back to "unnamed"', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\x\\photo.jpg')).toBe('photo.jpg');
    expect(cleanFilename('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(cleanFilename('a\u0000b.jpg')).toBe('ab.jpg');
    expect(cleanFilename('\u200B')).toBe('unnamed');
    expect(cleanFilename(undefined)).toBe('unnamed');
  });

  it('cuts long names at 255 characters without splitting one', () => {
    const name = cleanFilename('😀'.repeat(300));
    expect([...name]).toHaveLength(255);
    expect(name).toBe('😀'.repeat(255));
  });
});
