import sharp, { type Metadata, type Sharp } from 'sharp';
import { ForensicsInputError, decodeError } from './errors.ts';
import { type Orientation, toOrientation } from './raster.ts';

/**
 * Raster formats evidence normally arrives in, recognised by their magic bytes before any decoder
 * runs: vector and document formats (SVG, PDF…) never reach their larger parsers.
 */
const SIGNATURES: [format: string, test: (b: Uint8Array) => boolean][] = [
  ['jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['png', (b) => ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n'],
  ['gif', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['webp', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP'],
  ['tiff', (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*'],
  [
    'heif',
    (b) =>
      ascii(b, 4, 4) === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1|avif|avis)$/.test(ascii(b, 8, 4)),
  ],
];
const SUPPORTED_FORMATS = SIGNATURES.map(([format]) => format);

function ascii(b: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...b.subarray(start, start + length));
}

/** The allow-listed format the bytes start with, or null. */
export function sniffFormat(b: Uint8Array): string | null {
  return SIGNATURES.find(([, test]) => test(b))?.[0] ?? null;
}

export interface ImageInfo {
  format: string;
  /** As stored, before EXIF orientation. */
  width: number;
  height: number;
  orientation: Orientation;
}

/** 8-bit interleaved RGB in stored orientation. */
export interface RgbImage extends ImageInfo {
  data: Buffer;
}

/**
 * Every decode goes through here so the safety options are set in one place: `limitInputPixels` keeps
 * sharp's default (about 268 MP), `failOn: 'error'` rejects truncated and corrupt data while tolerating
 * benign warnings, and `ignoreIcc` keeps the stored code values — converting colour spaces would
 * change every pixel and make re-compression comparisons meaningless.
 */
export function openImage(input: Buffer): Sharp {
  return sharp(input, { failOn: 'error', ignoreIcc: true });
}

export function assertBuffer(input: unknown): asserts input is Buffer {
  if (!(input instanceof Uint8Array)) {
    throw new ForensicsInputError('Cannot decode image: input is not a Buffer');
  }
  if (input.length === 0) throw new ForensicsInputError('Cannot decode image: input is empty (0 bytes)');
}

/** Reads the header only; rejects unsupported formats and images above the pixel limit. */
export async function probeImage(input: Buffer): Promise<ImageInfo> {
  assertBuffer(input);
  const sniffed = sniffFormat(input);
  if (!sniffed) {
    throw new ForensicsInputError(
      `Cannot decode image: unsupported image format (supported: ${SUPPORTED_FORMATS.join(', ')})`,
    );
  }
  let meta: Metadata;
  try {
    meta = await openImage(input).metadata();
  } catch (e) {
    throw decodeError(e);
  }
  const format = meta.format ?? 'unknown';
  if (format !== sniffed) {
    // A polyglot or a container whose contents are another format: refuse rather than guess.
    throw new ForensicsInputError(`Cannot decode image: starts like ${sniffed} but decodes as ${format}`);
  }
  if (!meta.width || !meta.height) throw new ForensicsInputError('Cannot decode image: no dimensions');
  return { format, width: meta.width, height: meta.height, orientation: toOrientation(meta.orientation) };
}

/** Fully decodes the first frame/page; any decoder failure becomes a ForensicsInputError. */
export async function decodeRgb(input: Buffer): Promise<RgbImage> {
  const info = await probeImage(input);
  try {
    const { data, info: out } = await openImage(input)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (out.channels !== 3) throw new Error(`expected 3 channels, decoder produced ${out.channels}`);
    return { ...info, width: out.width, height: out.height, data };
  } catch (e) {
    throw decodeError(e);
  }
}

/** A sharp pipeline over an already-decoded raw buffer (no second decode of the evidence file). */
export function fromRaw(data: Buffer | Uint8Array, width: number, height: number, channels: 1 | 3): Sharp {
  const pipeline = sharp(data, { raw: { width, height, channels } });
  // sharp writes sRGB unless told otherwise, which would triple a one-channel raster.
  return channels === 1 ? pipeline.toColourspace('b-w') : pipeline;
}

/** Map size in stored orientation: unchanged unless the long side exceeds `maxLongSide`. */
export function mapSize(
  width: number,
  height: number,
  maxLongSide: number,
): { width: number; height: number } {
  if (!Number.isFinite(maxLongSide) || maxLongSide < 16) {
    throw new RangeError(`maxLongSide must be a number ≥ 16, got ${maxLongSide}`);
  }
  const scale = Math.min(1, Math.floor(maxLongSide) / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
