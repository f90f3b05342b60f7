/** Image types Loupe accepts as evidence, recognised by their bytes, not by what the client says. */
export const ACCEPTED = {
  'image/jpeg': ['.jpg', '.jpeg', '.jfif'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/tiff': ['.tif', '.tiff'],
  'image/avif': ['.avif'],
} as const;

export type AcceptedType = keyof typeof ACCEPTED;

/** Video containers Loupe accepts, told apart by their bytes; probing then checks the codecs. */
export const VIDEO_ACCEPTED = {
  'video/mp4': ['.mp4', '.m4v'],
  'video/quicktime': ['.mov', '.qt'],
  'video/webm': ['.webm'],
  'video/x-matroska': ['.mkv'],
} as const;

export type AcceptedVideoType = keyof typeof VIDEO_ACCEPTED;

/** Face sequences: a zip of face-crop images, one folder per sequence (sequence-zip.ts checks inside). */
export const SEQUENCE_ACCEPTED = { 'application/zip': ['.zip'] } as const;

export type AcceptedSequenceType = keyof typeof SEQUENCE_ACCEPTED;

/** Other names clients send for the same video type. */
const MIME_ALIASES: Record<string, string> = {
  'video/x-m4v': 'video/mp4',
  'video/matroska': 'video/x-matroska',
  // Windows browsers send x-zip-compressed for .zip files.
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
};

// ISO base media brands of MP4 video (avif/heif brands are images and are told apart first).
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'M4V ',
  'M4VH',
  'mmp4',
  'dash',
  'hvc1',
]);

/**
 * What the first bytes of a file say about it as video: an accepted container, or null. A
 * playlist (HLS/DASH text), a concat list or a URL is text and never matches.
 */
export function sniffVideo(head: Buffer): { type: AcceptedVideoType } | null {
  if (ascii(head, 4, 'ftyp')) {
    const boxSize = head.readUInt32BE(0);
    const brands: string[] = [];
    for (let at = 8; at + 4 <= Math.min(boxSize, head.length); at += 4) {
      if (at !== 12) brands.push(head.subarray(at, at + 4).toString('latin1'));
    }
    if (brands.some((b) => b === 'avif' || b === 'avis')) return null;
    if (brands[0] === 'qt  ') return { type: 'video/quicktime' };
    if (brands.some((b) => MP4_BRANDS.has(b))) return { type: 'video/mp4' };
    return null;
  }
  // QuickTime files older than the ftyp box start straight with a movie or media box.
  if (['moov', 'mdat', 'wide'].some((box) => ascii(head, 4, box))) return { type: 'video/quicktime' };
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    // EBML header: the DocType element (0x4282) names the flavour.
    const docType = head.indexOf(Buffer.from([0x42, 0x82]));
    if (docType < 0) return null;
    const text = head.subarray(docType + 3, docType + 3 + 8).toString('latin1');
    if (text.startsWith('webm')) return { type: 'video/webm' };
    if (text.startsWith('matroska')) return { type: 'video/x-matroska' };
  }
  return null;
}

/** A zip archive (local file header, or the end record of an empty zip); its members are checked later. */
export function sniffZip(head: Buffer): { type: AcceptedSequenceType } | null {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && head[3] === head[2] + 1
    ? { type: 'application/zip' }
    : null;
}

const ascii = (head: Buffer, at: number, text: string) =>
  head.subarray(at, at + text.length).toString('latin1') === text;

/** What the first bytes of a file say it is: an accepted image type, or a description of what else. */
export function sniff(head: Buffer): { type: AcceptedType } | { type: null; looksLike: string } {
  if (head.length === 0) return { type: null, looksLike: 'an empty file' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { type: 'image/jpeg' };
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { type: 'image/png' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return { type: 'image/webp' };
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) return { type: 'image/tiff' };
  if (ascii(head, 4, 'ftyp')) {
    const boxSize = head.readUInt32BE(0);
    const brands: string[] = [];
    for (let at = 8; at + 4 <= Math.min(boxSize, head.length); at += 4) {
      if (at !== 12) brands.push(head.subarray(at, at + 4).toString('latin1'));
    }
    if (brands.some((b) => b === 'avif' || b === 'avis')) return { type: 'image/avif' };
    return { type: null, looksLike: `an ISO media file (${brands[0] ?? 'unknown brand'})` };
  }
  if (ascii(head, 0, '%PDF')) return { type: null, looksLike: 'a PDF document' };
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5))
    return { type: null, looksLike: 'a ZIP archive' };
  if (ascii(head, 0, 'GIF8')) return { type: null, looksLike: 'a GIF image (not accepted)' };
  if (ascii(head, 0, 'BM')) return { type: null, looksLike: 'a BMP image (not accepted)' };
  return { type: null, looksLike: 'an unrecognised format' };
}

/**
 * Checks the client's declared type and file extension agree with the bytes. Returns a
 * human-readable reason when they do not.
 */
export function checkDeclared(
  type: AcceptedType | AcceptedVideoType | AcceptedSequenceType,
  declaredMime: string,
  filename: string,
): string | null {
  const raw = declaredMime.toLowerCase().split(';')[0]?.trim() ?? '';
  const mime = MIME_ALIASES[raw] ?? raw;
  if (mime !== type && mime !== 'application/octet-stream' && mime !== '') {
    return `the file was declared as ${raw} but its bytes are ${type}`;
  }
  const dot = filename.lastIndexOf('.');
  const ext = dot >= 0 ? filename.slice(dot).toLowerCase() : '';
  const extensions: readonly string[] =
    type in VIDEO_ACCEPTED
      ? VIDEO_ACCEPTED[type as AcceptedVideoType]
      : type in SEQUENCE_ACCEPTED
        ? SEQUENCE_ACCEPTED[type as AcceptedSequenceType]
        : ACCEPTED[type as AcceptedType];
  if (!extensions.includes(ext)) {
    return `the extension ${ext || '(none)'} does not match its bytes (${type}; expected ${extensions.join(' or ')})`;
  }
  return null;
}
