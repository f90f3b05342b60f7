import { describe, expect, it } from 'vitest';
import { readJpegSignals, readMapSignals, readMetadataSignals } from './forensic-signals.ts';

const TABLE = Array.from({ length: 64 }, (_, i) => i + 1);

describe('stored forensic signals', () => {
  it('serves the JPEG signals the worker wrote, quality rounded', () => {
    expect(
      readJpegSignals({
        isJpeg: true,
        quantizationTables: [{ id: 1, values: TABLE }],
        estimatedQuality: 89.6,
        doubleCompression: { suspected: true, score: 0.8, method: 'q-table', explanation: 'Two tables.' },
        progressive: false,
        subsampling: '4:2:0',
      }),
    ).toEqual({
      isJpeg: true,
      quantizationTables: [{ id: 1, values: TABLE }],
      estimatedQuality: 90,
      doubleCompression: { suspected: true, score: 0.8, method: 'q-table', explanation: 'Two tables.' },
      progressive: false,
      subsampling: '4:2:0',
    });
  });

  it.each([
    ['not recorded', null, null],
    ['not an object', [1, 2], null],
  ])('JPEG signals %s are null', (_name, stored, expected) => {
    expect(readJpegSignals(stored)).toEqual(expected);
  });

  it('drops what has an unexpected shape instead of guessing', () => {
    const jpeg = readJpegSignals({
      quality: 90,
      quantizationTables: [{ id: 0, values: TABLE.slice(1) }, { values: [...TABLE.slice(1), 'x'] }, 'table'],
      estimatedQuality: 'high',
      progressive: 'no',
      subsampling: '  ',
    });
    expect(jpeg).toEqual({
      isJpeg: false,
      quantizationTables: [],
      estimatedQuality: null,
      doubleCompression: null,
      progressive: null,
      subsampling: null,
    });
    expect(
      readJpegSignals({ quantizationTables: [{ id: 'luma', values: TABLE }] })?.quantizationTables,
    ).toEqual([{ id: 0, values: TABLE }]);
  });

  it('serves metadata with GPS only when both coordinates are numbers', () => {
    const stored = {
      camera: { make: 'Canon', model: null },
      software: 'GIMP 2.10',
      timestamps: { original: '2024:01:02 03:04:05', digitized: 7, modified: '' },
      gpsPresent: true,
      gps: { lat: 48.1, lng: 11.5 },
      missing: ['Make', 3, null],
      contradictions: ['ModifyDate is earlier than DateTimeOriginal'],
      raw: { Make: 'Canon' },
    };
    expect(readMetadataSignals(stored)).toEqual({
      camera: { make: 'Canon', model: null },
      software: 'GIMP 2.10',
      timestamps: { original: '2024:01:02 03:04:05', digitized: '7', modified: null },
      gpsPresent: true,
      gps: { latitude: 48.1, longitude: 11.5 },
      missing: ['Make', '3'],
      contradictions: ['ModifyDate is earlier than DateTimeOriginal'],
      raw: { Make: 'Canon' },
    });
    expect(readMetadataSignals({ ...stored, gps: { latitude: '48' } })?.gps).toBeNull();
    expect(readMetadataSignals({ software: null })).toMatchObject({
      camera: { make: null, model: null },
      gpsPresent: null,
      missing: [],
      raw: null,
    });
  });

  it('lists map statistics and parameters in heatmap-kind order, parameters as text', () => {
    expect(
      readMapSignals({
        NOISE: { stats: { mean: 0.2, p99: 0.9, max: 1 }, params: { blockPixels: 16, method: 'haar' } },
        ELA: { stats: { mean: 'x' }, params: { quality: 95, nested: { a: 1 }, gone: null } },
        ela: { stats: { mean: 0.1 } },
        OTHER: { stats: { mean: 0.1 } },
      }),
    ).toEqual([
      {
        kind: 'ELA',
        stats: { mean: null, p99: null, max: null },
        parameters: [
          { name: 'quality', value: '95' },
          { name: 'nested', value: '{"a":1}' },
        ],
      },
      {
        kind: 'NOISE',
        stats: { mean: 0.2, p99: 0.9, max: 1 },
        parameters: [
          { name: 'blockPixels', value: '16' },
          { name: 'method', value: 'haar' },
        ],
      },
    ]);
    expect(readMapSignals(null)).toEqual([]);
  });
});
