import sharp, { type Metadata } from 'sharp';
import { ForensicsInputError } from './errors.ts';

// sharp's default pixel limit (0x3FFF × 0x3FFF); stated here so the error can name it.
export const PIXEL_LIMIT = 268_402_689;

const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]
    ?.replace(/\.$/, '');

/**
 * Accepts a file only if it is a decodable image within the pixel limit, with a message an
 * investigator can act on (ForensicsInputError). Shared by uploads and the known-fakes import;
 * takes a path, or the bytes of a member read from a face-sequence zip.
 */
export async function validateImageFile(path: string | Buffer): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (error) {
    throw new ForensicsInputError(`The file cannot be read as an image: ${firstLine(error)}.`);
  }
  const { width, height } = meta;
  if (!width || !height) throw new ForensicsInputError('The image does not declare its dimensions.');
  if (width * height > PIXEL_LIMIT) {
    throw new ForensicsInputError(
      `The image declares ${width} × ${height} pixels, more than the ${Math.round(PIXEL_LIMIT / 1e6)} megapixel limit.`,
    );
  }
  try {
    // A full decode (cheap thanks to shrink-on-load) catches truncated and corrupt data now,
    // not minutes later in the worker.
    await sharp(path, { failOn: 'truncated' }).resize(256, 256, { fit: 'inside' }).raw().toBuffer();
  } catch (error) {
    throw new ForensicsInputError(`The image is truncated or corrupt: ${firstLine(error)}.`);
  }
  return { width, height };
}
