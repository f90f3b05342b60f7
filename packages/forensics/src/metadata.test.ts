import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ForensicsInputError } from './errors.ts';
import { dateContradictions, editorNamed, parseExifDate } from './metadata-rules.ts';
import { summarizeMetadata } from './metadata.ts';
import { SAMPLE_PHOTOS } from './testing/scene.ts';

const tiny = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } });

describe('summarizeMetadata', () => {
  it('reports the camera, names the editor and lists what a camera original would have', async () => {
    const jpeg = await tiny()
      .withExif({ IFD0: { Make: 'Canon', Model: 'X', Software: 'Adobe Photoshop 25.0' } })
      .jpeg()
      .toBuffer();
    const m = await summarizeMetadata(jpeg);
    expect(m.camera).toEqual({ make: 'Canon', model: 'X' });
    expect(m.software).toBe('Adobe Photoshop 25.0');
    expect(m.contradictions).toContain('Software names an editor (Adobe Photoshop 25.0)');
    expect(m.missing).toEqual(expect.arrayContaining(['DateTimeOriginal', 'CreateDate', 'ExposureTime']));
    expect(m.missing).not.toContain('Make');
    expect(m.raw).toMatchObject({ Make: 'Canon', Model: 'X', Software: 'Adobe Photoshop 25.0' });
    expect(m.gpsPresent).toBe(false);
    expect(m.gps).toBeNull();
  });

  it('finds dates out of order, GPS, and EXIF dimensions that do not match the image', async () => {
    const jpeg = await tiny()
      .withExif({
        IFD0: { Make: 'NIKON', Model: 'D750', DateTime: '2020:01:01 10:00:00' },
        IFD2: { DateTimeOriginal: '2021:06:01 09:00:00', DateTimeDigitized: '2021:06:01 09:00:00' },
        IFD3: {
          GPSLatitudeRef: 'S',
          GPSLatitude: '33/1 52/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '151/1 12/1 36/1',
        },
      })
      .jpeg()
      .toBuffer();
    const m = await summarizeMetadata(jpeg, { width: 1024, height: 768 });
    expect(m.timestamps).toEqual({
      original: '2021:06:01 09:00:00',
      digitized: '2021:06:01 09:00:00',
      modified: '2020:01:01 10:00:00',
    });
    expect(m.contradictions).toContain(
      'ModifyDate is earlier than DateTimeOriginal (2020:01:01 10:00:00 < 2021:06:01 09:00:00)',
    );
    // libvips records the size it wrote (64×48) in PixelXDimension/PixelYDimension.
    expect(m.contradictions).toContain('EXIF dimensions 64×48 differ from the image 1024×768');
    expect(m.gpsPresent).toBe(true);
    expect(m.gps?.latitude).toBeCloseTo(-33.8667, 3);
    expect(m.gps?.longitude).toBeCloseTo(151.21, 2);
    expect(m.contradictions.some((c) => c.includes('editor'))).toBe(false);
  });

  it('accepts matching (or 90°-swapped) dimensions', async () => {
    const jpeg = await tiny()
      .withExif({ IFD0: { Make: 'A' } })
      .jpeg()
      .toBuffer();
    expect((await summarizeMetadata(jpeg, { width: 64, height: 48 })).contradictions).toEqual([]);
    expect((await summarizeMetadata(jpeg, { width: 48, height: 64 })).contradictions).toEqual([]);
  });

  it('reads a real camera photo edited in Paint.NET, with a GPS date months after capture', async () => {
    const m = await summarizeMetadata(readFileSync(SAMPLE_PHOTOS[0] ?? ''));
    expect(m.camera).toEqual({ make: 'SONY', model: 'ILCE-7M2' });
    expect(m.missing).toEqual([]);
    expect(m.contradictions).toContain('Software names an editor (paint.net 4.2.5)');
    expect(m.contradictions.some((c) => c.startsWith('GPS date 2018:01:18'))).toBe(true);
    expect(m.gps?.latitude).toBeCloseTo(37.3196, 3);
    expect(JSON.parse(JSON.stringify(m.raw))).toEqual(m.raw);
  });

  it('lists everything as missing for a file without metadata', async () => {
    const m = await summarizeMetadata(await tiny().png().toBuffer());
    expect(m.camera).toEqual({ make: null, model: null });
    expect(m.missing).toEqual([
      'Make',
      'Model',
      'DateTimeOriginal',
      'CreateDate',
      'ExposureTime',
      'FNumber',
      'ISO',
      'FocalLength',
    ]);
    expect(m.contradictions).toEqual([]);
  });

  it('says so when the container cannot be read for metadata', async () => {
    const m = await summarizeMetadata(await tiny().webp().toBuffer());
    expect(m.raw.parseError).toMatch(/Unknown file format/);
    expect(m.missing).toContain('Make');
  });

  it('rejects an empty buffer', async () => {
    await expect(summarizeMetadata(Buffer.alloc(0))).rejects.toBeInstanceOf(ForensicsInputError);
  });

  it('names the editors in XMP too and strips control characters from tags', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="GIMP 2.10"/>' +
      '</rdf:RDF></x:xmpmeta>';
    const jpeg = await tiny()
      .withExif({ IFD0: { Make: 'Can\u0007on' } })
      .withXmp(xmp)
      .jpeg()
      .toBuffer();
    const m = await summarizeMetadata(jpeg);
    expect(m.contradictions).toContain('XMP CreatorTool names an editor (GIMP 2.10)');
    expect(m.camera.make).toBe('Canon');
  });
});

describe('metadata rules', () => {
  it('parses EXIF dates with and without offsets', () => {
    expect(parseExifDate('2021:06:01 09:00:00')).toBe(Date.UTC(2021, 5, 1, 9));
    expect(parseExifDate('2021:06:01 09:00:00', '+02:00')).toBe(Date.UTC(2021, 5, 1, 7));
    expect(parseExifDate('0000:00:00 00:00:00')).toBeNull();
    expect(parseExifDate('yesterday')).toBeNull();
  });

  it('only compares offsets when both dates have one', () => {
    const base = { digitized: null, offsetDigitized: null, gpsDate: null, gpsTime: null };
    // 10:00+02:00 is 08:00 UTC, after 07:30 UTC: no contradiction once offsets are applied.
    const withOffsets = { ...base, original: '2021:06:01 09:30:00', modified: '2021:06:01 10:00:00' };
    expect(
      dateContradictions({ ...withOffsets, offsetOriginal: '+02:00', offsetModified: '+02:00' }),
    ).toEqual([]);
    expect(dateContradictions({ ...withOffsets, offsetOriginal: '+02:00', offsetModified: null })).toEqual(
      [],
    );
    expect(
      dateContradictions({ ...withOffsets, offsetOriginal: '-05:00', offsetModified: '+02:00' }),
    ).toHaveLength(1);
    expect(
      dateContradictions({
        ...base,
        original: '2021:13:01 00:00:00',
        modified: null,
        offsetOriginal: null,
        offsetModified: null,
      }),
    ).toEqual(["DateTimeOriginal '2021:13:01 00:00:00' is not a valid date"]);
  });

  it('recognises editors but not camera firmware', () => {
    expect(editorNamed('Adobe Photoshop Lightroom Classic 12.0 (Windows)')).toBe('Adobe Photoshop');
    expect(editorNamed('GIMP 2.10.34')).toBe('GIMP');
    expect(editorNamed('Ver.1.00 ')).toBeNull();
    expect(editorNamed('iOS 17.1')).toBeNull();
    expect(editorNamed('HDR+ 1.0.540104767zd')).toBeNull();
  });
});
