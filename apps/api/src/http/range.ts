/** An inclusive byte range of a file, as HTTP Range requests count them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` request header against a file of `size` bytes (RFC 9110 §14). Browsers need a
 * 206 answer to seek in a video without downloading all of it.
 * - null: no usable range header (absent, another unit, or several ranges): send the whole file;
 * - 'unsatisfiable': a byte range that lies outside the file: answer 416;
 * - otherwise the one range to send, clamped to the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges would need a multipart/byteranges body; the whole file is a valid answer.
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // A suffix: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
