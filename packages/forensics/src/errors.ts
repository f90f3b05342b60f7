/** Thrown for input that cannot be decoded as a supported image; the message is safe to show a user. */
export class ForensicsInputError extends Error {
  override readonly name = 'ForensicsInputError';
}

/**
 * Turns a decoder failure into a ForensicsInputError. Only the first line of the decoder's message is
 * kept (libvips appends multi-line diagnostics) and it is length-capped, so nothing unbounded or
 * internal reaches a client.
 */
export function decodeError(cause: unknown): ForensicsInputError {
  const text = cause instanceof Error ? cause.message : String(cause);
  const firstLine = (text.split('\n')[0] ?? '').trim().slice(0, 200) || 'unknown decoder error';
  return new ForensicsInputError(`Cannot decode image: ${firstLine}`, { cause });
}
