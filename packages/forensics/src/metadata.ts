import exifr from 'exifr';
import { ForensicsInputError } from './errors.ts';
import {
  CAMERA_ORIGINAL_TAGS,
  dateContradictions,
  dimensionContradiction,
  editorNamed,
} from './metadata-rules.ts';
import type { MetadataSummary } from './types.ts';

type Segment = Record<string, unknown>;

// Values are kept as stored (reviveValues false: dates stay strings, no time-zone guessing) and
// segments are kept apart (mergeOutput false) so XMP's ModifyDate cannot overwrite EXIF's.
// IFD0 is always read.
const EXIFR_OPTIONS: Parameters<typeof exifr.parse>[1] = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  ihdr: true,
  iptc: false,
  icc: false,
  jfif: false,
  interop: false,
  makerNote: false,
  userComment: false,
  mergeOutput: false,
  reviveValues: false,
  translateValues: false,
  sanitize: true,
};

const RAW_TAGS: Record<string, readonly string[]> = {
  ifd0: ['Make', 'Model', 'Software', 'ModifyDate', 'Orientation', 'HostComputer', 'Artist'],
  exif: [
    'DateTimeOriginal',
    'CreateDate',
    'OffsetTime',
    'OffsetTimeOriginal',
    'OffsetTimeDigitized',
    'SubSecTimeOriginal',
    'ExposureTime',
    'FNumber',
    'ISO',
    'FocalLength',
    'LensModel',
    'ExifImageWidth',
    'ExifImageHeight',
    'ColorSpace',
    'ImageUniqueID',
  ],
  gps: ['GPSDateStamp', 'GPSTimeStamp', 'GPSAltitude', 'latitude', 'longitude'],
  xmp: ['CreatorTool', 'ModifyDate', 'CreateDate', 'MetadataDate'],
};

/**
 * Camera, software, dates and GPS from EXIF/XMP (via exifr), what a camera original would have and
 * lacks, and internal contradictions. `image` (stored width/height) enables the dimension check.
 * Containers exifr cannot read (e.g. WebP) give an all-missing summary with `raw.parseError` set.
 */
export async function summarizeMetadata(
  input: Buffer,
  image?: { width: number; height: number },
): Promise<MetadataSummary> {
  if (!(input instanceof Uint8Array) || input.length === 0) {
    throw new ForensicsInputError('Cannot read metadata: input is empty or not a Buffer');
  }
  let parsed: Record<string, Segment | undefined> = {};
  let parseError: string | null = null;
  try {
    parsed =
      ((await exifr.parse(input, EXIFR_OPTIONS)) as Record<string, Segment | undefined> | undefined) ?? {};
  } catch (e) {
    // Recorded, not swallowed: the summary then says why nothing was found.
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200);
    parseError = `exifr could not read this file: ${message || 'unknown error'}`;
  }
  return summarize(parsed, parseError, image);
}

function summarize(
  p: Record<string, Segment | undefined>,
  parseError: string | null,
  image?: { width: number; height: number },
): MetadataSummary {
  const ifd0 = p.ifd0 ?? {};
  const exif = p.exif ?? {};
  const gps = p.gps ?? {};
  const xmp = p.xmp ?? {};
  const make = text(ifd0.Make);
  const model = text(ifd0.Model);
  const software = text(ifd0.Software);
  const latitude = num(gps.latitude);
  const longitude = num(gps.longitude);
  const present: Record<string, boolean> = { Make: !!make, Model: !!model };
  for (const tag of CAMERA_ORIGINAL_TAGS) present[tag] ??= exif[tag] !== undefined && exif[tag] !== '';

  const contradictions: string[] = [];
  const tools: [string, string | null][] = [
    ['Software', software],
    ['XMP CreatorTool', text(xmp.CreatorTool)],
    ...historyAgents(p.xmpMM).map((a): [string, string] => ['XMP history', a]),
  ];
  const named = new Set<string>();
  for (const [field, value] of tools) {
    const editor = value ? editorNamed(value) : null;
    if (!value || !editor || named.has(`${field}${value}`)) continue;
    named.add(`${field}${value}`);
    contradictions.push(`${field} names an editor (${value})`);
  }
  contradictions.push(
    ...dateContradictions({
      original: text(exif.DateTimeOriginal),
      digitized: text(exif.CreateDate),
      modified: text(ifd0.ModifyDate),
      offsetOriginal: text(exif.OffsetTimeOriginal),
      offsetDigitized: text(exif.OffsetTimeDigitized),
      offsetModified: text(exif.OffsetTime),
      gpsDate: text(gps.GPSDateStamp),
      gpsTime: Array.isArray(gps.GPSTimeStamp) ? gps.GPSTimeStamp.map(Number) : null,
    }),
  );
  const dims = dimensionContradiction(
    { width: num(exif.ExifImageWidth), height: num(exif.ExifImageHeight) },
    image,
  );
  if (dims) contradictions.push(dims);

  const raw = rawSelection(p);
  if (parseError) raw.parseError = parseError;
  return {
    camera: { make, model },
    software,
    timestamps: {
      original: text(exif.DateTimeOriginal),
      digitized: text(exif.CreateDate),
      modified: text(ifd0.ModifyDate),
    },
    gpsPresent: Object.keys(gps).some((k) => k.startsWith('GPS')),
    gps: latitude !== null && longitude !== null ? { latitude, longitude } : null,
    missing: CAMERA_ORIGINAL_TAGS.filter((t) => !present[t]),
    contradictions,
    raw,
  };
}

function historyAgents(xmpMM: Segment | undefined): string[] {
  const history = xmpMM?.History;
  const events = Array.isArray(history) ? history : history ? [history] : [];
  const agents = events.map((e) => (e && typeof e === 'object' ? text((e as Segment).softwareAgent) : null));
  return [...new Set(agents.filter((a): a is string => !!a))];
}

/** JSON-safe scalars only; strings are stripped of control characters and length-capped (hostile tags). */
function rawSelection(p: Record<string, Segment | undefined>): MetadataSummary['raw'] {
  const raw: MetadataSummary['raw'] = {};
  for (const [segment, tags] of Object.entries(RAW_TAGS)) {
    const values = p[segment] ?? {};
    for (const tag of tags) {
      const v = values[tag];
      const key =
        segment === 'xmp' ? `XMP:${tag}` : tag === 'latitude' || tag === 'longitude' ? `GPS${cap(tag)}` : tag;
      if (typeof v === 'number' && Number.isFinite(v)) raw[key] = v;
      else if (typeof v === 'boolean') raw[key] = v;
      else if (typeof v === 'string' && text(v)) raw[key] = text(v) as string;
      else if (Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x === 'number'))
        raw[key] = v.join(' ');
    }
  }
  return raw;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const clean = v.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean ? clean.slice(0, 256) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
