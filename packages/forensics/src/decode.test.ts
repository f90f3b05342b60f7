import { describe, expect, it } from 'vitest';
import { mapSize, sniffFormat } from './decode.ts';

describe('sniffFormat', () => {
  it.each([
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0]],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['gif', [...Buffer.from('GIF89a')]],
    ['webp', [...Buffer.from('RIFF\0\0\0\0WEBPVP8 ')]],
    ['tiff', [...Buffer.from('II*\0')]],
    ['heif', [0, 0, 0, 0x18, ...Buffer.from('ftypheic')]],
    ['heif', [0, 0, 0, 0x18, ...Buffer.from('ftypavif')]],
  ])('recognises %s', (format, bytes) => {
    expect(sniffFormat(Uint8Array.from(bytes))).toBe(format);
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['PDF', '%PDF-1.7'],
    ['MP4', '\0\0\0\x18ftypisom'],
    ['nothing', ''],
  ])('refuses %s', (_name, text) => {
    expect(sniffFormat(Buffer.from(text, 'latin1'))).toBeNull();
  });
});

describe('mapSize', () => {
  it('keeps the size unless the long side exceeds the cap, then scales proportionally', () => {
    expect(mapSize(4000, 3000, 4096)).toEqual({ width: 4000, height: 3000 });
    expect(mapSize(8000, 6000, 4096)).toEqual({ width: 4096, height: 3072 });
    expect(mapSize(1000, 10, 100)).toEqual({ width: 100, height: 1 });
    expect(() => mapSize(10, 10, Number.NaN)).toThrow(RangeError);
  });
});
