/**
 * Consistency rules over the tags of one file. Each rule returns a sentence an investigator can read
 * out and check against the raw tags; none of them is proof of manipulation on its own.
 */

/** Tags a camera original (phone or camera JPEG/HEIC) practically always has; exiftool names. */
export const CAMERA_ORIGINAL_TAGS = [
  'Make',
  'Model',
  'DateTimeOriginal',
  'CreateDate',
  'ExposureTime',
  'FNumber',
  'ISO',
  'FocalLength',
] as const;

/** Editing, compositing or generating applications; camera firmware and OS photo apps are not listed. */
const EDITORS: [RegExp, string][] = [
  [/photoshop/i, 'Adobe Photoshop'],
  [/lightroom/i, 'Adobe Lightroom'],
  [/\bgimp\b/i, 'GIMP'],
  [/affinity/i, 'Affinity Photo'],
  [/pixelmator/i, 'Pixelmator'],
  [/paint\.net/i, 'Paint.NET'],
  [/snapseed/i, 'Snapseed'],
  [/picsart/i, 'PicsArt'],
  [/facetune/i, 'Facetune'],
  [/faceapp/i, 'FaceApp'],
  [/\bcanva\b/i, 'Canva'],
  [/luminar/i, 'Luminar'],
  [/capture one/i, 'Capture One'],
  [/darktable/i, 'darktable'],
  [/rawtherapee/i, 'RawTherapee'],
  [/acdsee/i, 'ACDSee'],
  [/paintshop|corel/i, 'Corel PaintShop'],
  [/photopea/i, 'Photopea'],
  [/\bkrita\b/i, 'Krita'],
  [/meitu/i, 'Meitu'],
  [/photodirector/i, 'PhotoDirector'],
  [/fotor/i, 'Fotor'],
  [/photoscape/i, 'PhotoScape'],
  [/imagemagick|graphicsmagick/i, 'ImageMagick/GraphicsMagick'],
  [/stable diffusion|midjourney|dall[·-]?e|firefly/i, 'an image generator'],
];

/** The editor a software string names, or null. */
export function editorNamed(software: string): string | null {
  for (const [pattern, name] of EDITORS) if (pattern.test(software)) return name;
  return null;
}

/** Milliseconds since the epoch of an EXIF 'YYYY:MM:DD HH:MM:SS' (or ISO) date read as UTC, or null. */
export function parseExifDate(value: string, offset?: string | null): number | null {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const off = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  if (!off) return t;
  const minutes = (Number(off[2]) * 60 + Number(off[3])) * (off[1] === '-' ? -1 : 1);
  return t - minutes * 60_000;
}

export interface DateFields {
  original: string | null;
  digitized: string | null;
  modified: string | null;
  offsetOriginal: string | null;
  offsetDigitized: string | null;
  offsetModified: string | null;
  gpsDate: string | null;
  gpsTime: number[] | null;
}

/** UTC time zones span −12..+14 h, so a GPS (UTC) stamp further than this from local time is not a zone. */
const GPS_TOLERANCE_MS = 26 * 3600_000;

export function dateContradictions(d: DateFields): string[] {
  const out: string[] = [];
  const named = [
    ['DateTimeOriginal', d.original],
    ['CreateDate', d.digitized],
    ['ModifyDate', d.modified],
  ] as const;
  for (const [name, value] of named) {
    if (value && parseExifDate(value) === null) out.push(`${name} '${value}' is not a valid date`);
  }
  if (isEarlier(d.modified, d.offsetModified, d.original, d.offsetOriginal)) {
    out.push(`ModifyDate is earlier than DateTimeOriginal (${d.modified} < ${d.original})`);
  }
  if (isEarlier(d.digitized, d.offsetDigitized, d.original, d.offsetOriginal)) {
    out.push(`CreateDate is earlier than DateTimeOriginal (${d.digitized} < ${d.original})`);
  }
  if (d.gpsDate && d.original) {
    const [h = 0, m = 0, s = 0] = d.gpsTime ?? [];
    const time = `${pad(h)}:${pad(m)}:${pad(Math.floor(s))}`;
    const gps = parseExifDate(`${d.gpsDate} ${time}`);
    const local = parseExifDate(d.original, d.offsetOriginal);
    if (gps !== null && local !== null && Math.abs(gps - local) > GPS_TOLERANCE_MS) {
      const days = Math.round(Math.abs(gps - local) / 86_400_000);
      out.push(
        `GPS date ${d.gpsDate} ${time} UTC is ${days} day(s) from DateTimeOriginal ${d.original}, ` +
          'more than any time-zone difference',
      );
    }
  }
  return out;
}

/**
 * Whether date a is strictly earlier than date b. Offsets are applied only when both dates have one:
 * cameras write all their dates in the same local zone, so a lone offset would create a false shift.
 */
function isEarlier(a: string | null, offA: string | null, b: string | null, offB: string | null): boolean {
  const useOffsets = !!offA && !!offB;
  const ta = a ? parseExifDate(a, useOffsets ? offA : null) : null;
  const tb = b ? parseExifDate(b, useOffsets ? offB : null) : null;
  return ta !== null && tb !== null && ta < tb;
}

function pad(n: number): string {
  return String(Math.max(0, Math.min(99, Math.trunc(n)))).padStart(2, '0');
}

/** EXIF's recorded pixel size against the decoded image; a 90° swap is accepted (orientation). */
export function dimensionContradiction(
  exif: { width: number | null; height: number | null },
  image: { width: number; height: number } | undefined,
): string | null {
  if (!image || !exif.width || !exif.height) return null;
  const same = exif.width === image.width && exif.height === image.height;
  const swapped = exif.width === image.height && exif.height === image.width;
  if (same || swapped) return null;
  return `EXIF dimensions ${exif.width}×${exif.height} differ from the image ${image.width}×${image.height}`;
}
