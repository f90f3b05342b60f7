import { objectType } from 'nexus';

// Typed views of the JSON the worker stores in Analysis.signals; the reading (and checking) is
// @loupe/db's forensic-signals.ts, so clients get real fields instead of re-declaring the stored shapes.

export const QuantizationTable = objectType({
  name: 'QuantizationTable',
  definition(t) {
    t.nonNull.int('id', { description: 'Table id in the file (DQT Tq), 0 to 3.' });
    t.nonNull.list.nonNull.float('values', {
      description: '64 values in natural (row-major 8×8) order, not the zig-zag order stored in the file.',
    });
  },
});

export const DoubleCompression = objectType({
  name: 'DoubleCompression',
  description: 'An indicator that the JPEG was compressed twice (e.g. edited and re-saved).',
  definition(t) {
    t.boolean('suspected');
    t.float('score');
    t.string('method');
    t.string('explanation');
  },
});

export const JpegSignals = objectType({
  name: 'JpegSignals',
  description: 'Compression evidence read from the file.',
  definition(t) {
    t.nonNull.boolean('isJpeg', { description: 'False for other formats: then the other fields are empty.' });
    t.nonNull.list.nonNull.field('quantizationTables', { type: 'QuantizationTable' });
    t.int('estimatedQuality', {
      description: 'IJG scale 1 to 100: the libjpeg quality whose tables are nearest to the file’s.',
    });
    t.field('doubleCompression', { type: 'DoubleCompression', description: 'Null when not assessed.' });
    t.boolean('progressive');
    t.string('subsampling', { description: "Chroma subsampling, e.g. '4:2:0'; '4:0:0' for grey-scale." });
  },
});

export const CameraInfo = objectType({
  name: 'CameraInfo',
  definition(t) {
    t.string('make');
    t.string('model');
  },
});

export const MetadataTimestamps = objectType({
  name: 'MetadataTimestamps',
  description: "Exactly as written in the file (EXIF style 'YYYY:MM:DD HH:MM:SS', no time zone).",
  definition(t) {
    t.string('original');
    t.string('digitized');
    t.string('modified');
  },
});

export const GpsPosition = objectType({
  name: 'GpsPosition',
  definition(t) {
    t.nonNull.float('latitude');
    t.nonNull.float('longitude');
  },
});

export const MetadataSignals = objectType({
  name: 'MetadataSignals',
  description:
    'Camera, software, timestamps and GPS as recorded in the file, and what is missing or contradictory.',
  definition(t) {
    t.nonNull.field('camera', { type: 'CameraInfo' });
    t.string('software');
    t.nonNull.field('timestamps', { type: 'MetadataTimestamps' });
    t.boolean('gpsPresent');
    t.field('gps', { type: 'GpsPosition', description: 'Null when absent or not numeric.' });
    t.nonNull.list.nonNull.string('missing', {
      description: "Tags a camera original normally has but this file lacks (exiftool names), e.g. 'Make'.",
    });
    t.nonNull.list.nonNull.string('contradictions', {
      description: "Human-readable inconsistencies, e.g. 'ModifyDate is earlier than DateTimeOriginal'.",
    });
    t.json('raw', {
      description: 'A small, JSON-safe selection of the tags read (exiftool names), shown as-is.',
    });
  },
});

export const MapStats = objectType({
  name: 'MapStats',
  description: 'Of the normalised map, 0 to 1.',
  definition(t) {
    t.float('mean');
    t.float('p99');
    t.float('max');
  },
});

export const MapParameter = objectType({
  name: 'MapParameter',
  description: 'One setting of how a map was computed (quality, block size, normalisation…).',
  definition(t) {
    t.nonNull.string('name');
    t.nonNull.string('value', { description: 'Text as recorded; numbers in their JSON form.' });
  },
});

export const MapSignals = objectType({
  name: 'MapSignals',
  description: 'Summary statistics and parameters of one forensic map, enough to reproduce it.',
  definition(t) {
    t.nonNull.field('kind', { type: 'HeatmapKind' });
    t.field('stats', { type: 'MapStats' });
    t.nonNull.list.nonNull.field('parameters', { type: 'MapParameter' });
  },
});
