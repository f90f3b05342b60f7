import { describe, expect, it } from 'vitest';
import { checkDeclared, sniff, sniffZip } from './sniff.ts';

describe('sniff', () => {
  it.each([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
    ['TIFF little-endian', [...Buffer.from('II*\0')], 'image/tiff'],
    ['TIFF big-endian', [...Buffer.from('MM\0*')], 'image/tiff'],
  ])('recognises %s', (_n, bytes, type) => {
    expect(sniff(Buffer.from(bytes))).toEqual({ type });
  });

  it('recognises WebP and AVIF containers', () => {
    expect(sniff(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'))).toEqual({ type: 'image/webp' });
    const avif = Buffer.alloc(24);
    avif.writeUInt32BE(24, 0);
    avif.write('ftypavif\0\0\0\0mif1avif', 4, 'latin1');
    expect(sniff(avif)).toEqual({ type: 'image/avif' });
    const mp4 = Buffer.alloc(24);
    mp4.writeUInt32BE(24, 0);
    mp4.write('ftypisom\0\0\0\0isomiso2', 4, 'latin1');
    expect(sniff(mp4).type).toBeNull();
  });

  it('names what other files are', () => {
    expect(sniff(Buffer.from('%PDF-1.7'))).toEqual({ type: null, looksLike: 'a PDF document' });
    expect(sniff(Buffer.from([0x50, 0x4b, 3, 4]))).toEqual({ type: null, looksLike: 'a ZIP archive' });
    expect(sniff(Buffer.alloc(0))).toEqual({ type: null, looksLike: 'an empty file' });
  });
});

describe('checkDeclared', () => {
  it('accepts agreeing type and extension, and an undeclared type', () => {
    expect(checkDeclared('image/jpeg', 'image/jpeg', 'a.JPG')).toBeNull();
    expect(checkDeclared('image/png', 'application/octet-stream', 'b.png')).toBeNull();
  });
  it('refuses a mismatched declared type or extension', () => {
    expect(checkDeclared('image/png', 'image/jpeg', 'a.png')).toMatch(/declared as image\/jpeg/);
    expect(checkDeclared('image/jpeg', 'image/jpeg', 'a.png')).toMatch(/extension \.png/);
    expect(checkDeclared('image/jpeg', 'image/jpeg', 'noext')).toMatch(/extension \(none\)/);
  });
});

describe('face-sequence zips', () => {
  it('recognises a zip by its first local header or, for an empty zip, its end record', () => {
    expect(sniffZip(Buffer.from([0x50, 0x4b, 3, 4, 20, 0]))).toEqual({ type: 'application/zip' });
    expect(sniffZip(Buffer.from([0x50, 0x4b, 5, 6, 0, 0]))).toEqual({ type: 'application/zip' });
    expect(sniffZip(Buffer.from([0x50, 0x4b, 7, 8]))).toBeNull();
    expect(sniffZip(Buffer.from('PK but text'))).toBeNull();
  });
  it('accepts the names browsers give a zip, only with .zip', () => {
    expect(checkDeclared('application/zip', 'application/zip', 'faces.zip')).toBeNull();
    expect(checkDeclared('application/zip', 'application/x-zip-compressed', 'faces.ZIP')).toBeNull();
    expect(checkDeclared('application/zip', 'application/zip', 'faces.jpg')).toMatch(/extension \.jpg/);
    expect(checkDeclared('application/zip', 'image/jpeg', 'faces.zip')).toMatch(/declared as image\/jpeg/);
  });
});
