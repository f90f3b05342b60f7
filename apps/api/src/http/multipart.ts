import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import busboy from 'busboy';
import { cleanFilename } from '../services/text.ts';
import { streamToFile, TooLargeError, type EvidenceStore, type StreamedFile } from '@loupe/storage';

// The one way multipart bodies come in (uploads and query images). Every shape of broken body —
// no closing boundary, truncated or oversized part headers, bad content-type parameters, a client
// that hangs up mid-part — ends as a `malformed` result with a clear message and no file left in
// the store's tmp folder. Nothing here can throw past the caller or leave an 'error' event
// without a listener (which is what used to end the API process).

/** After refusing a body we read and discard at most this much more before hanging up. */
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

export interface ReceivedFile extends StreamedFile {
  /** Position of the file among the files of the request. */
  index: number;
  filename: string;
  /** The type the client declared for the part. */
  mimeType: string;
}

export interface FileRefusal {
  filename: string;
  code: 'PAYLOAD_TOO_LARGE' | 'BAD_USER_INPUT';
  message: string;
}

export type MultipartResult =
  | {
      ok: true;
      /** Complete files, hashed, in temporary paths the caller must adopt or remove. */
      files: ReceivedFile[];
      /** Files refused while streaming (too large, over the file count); nothing of them is kept. */
      refused: FileRefusal[];
      /** True when the rest of the body was abandoned (after a file over the size cap). */
      truncated: boolean;
    }
  | {
      ok: false;
      /** Why the body could not be read; no file of the request is kept. */
      message: string;
      /** True when the client went away (no one is left to answer). */
      aborted: boolean;
    };

export interface MultipartOptions {
  store: EvidenceStore;
  /** Only parts with this field name are read; others are drained. */
  field: string;
  maxFiles: number;
  maxBytes: number;
}

/** Whether the request claims to be multipart/form-data at all (checked before authorising work). */
export const isMultipart = (req: Request) => /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');

/** Streams every `field` part of a multipart request into the store's tmp folder, hashing it. */
export async function receiveFiles(req: Request, opts: MultipartOptions): Promise<MultipartResult> {
  const tmp = await opts.store.tempDir();
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: { files: opts.maxFiles, fields: 20, parts: opts.maxFiles + 20, fieldSize: 64 * 1024 },
      // Browsers and curl send UTF-8 file names as raw bytes in `filename="…"`; busboy would
      // otherwise read them as Latin-1 (фото.jpg stored as Ñ\x84Ð¾Ñ\x82Ð¾.jpg).
      defParamCharset: 'utf8',
    });
  } catch (error) {
    // e.g. "Multipart: Boundary not found", an unsupported charset, a non-multipart type.
    drain(req);
    return {
      ok: false,
      message: `Malformed multipart request: ${(error as Error).message}.`,
      aborted: false,
    };
  }

  return new Promise<MultipartResult>((resolve) => {
    const writes: Promise<ReceivedFile | FileRefusal | null>[] = [];
    let failure: { message: string; aborted: boolean } | null = null;
    let truncated = false;
    let overCount = false;
    let settled = false;
    let seen = 0;

    bb.on('file', (field, stream, info) => {
      const index = seen++;
      const filename = cleanFilename(info.filename);
      // Listen at once: busboy destroys the part's stream with an error when the body breaks.
      stream.on('error', () => undefined);
      if (field !== opts.field || truncated || failure) return void stream.resume();
      const path = join(tmp, randomUUID());
      writes.push(
        streamToFile(stream, path, opts.maxBytes).then(
          (file): ReceivedFile => ({ ...file, index, filename, mimeType: info.mimeType }),
          (error: unknown): FileRefusal | null => {
            // streamToFile has already removed the partial file.
            if (error instanceof TooLargeError) {
              stopReading();
              return { filename, code: 'PAYLOAD_TOO_LARGE', message: `${filename}: ${error.message}` };
            }
            // The body broke mid-part: `failure` (set by the parser's error) says why.
            return null;
          },
        ),
      );
    });
    bb.on('filesLimit', () => (overCount = true));
    bb.on('error', (error: Error) => fail(`Malformed multipart request: ${error.message}.`, false));
    bb.on('close', () => void settle());
    // The client hung up before the body ended: stop the parser so part streams end with an error.
    req.on('close', () => {
      if (!req.complete) fail('The upload was interrupted before the request body ended.', true);
    });
    req.on('error', () => fail('The upload was interrupted before the request body ended.', true));
    req.pipe(bb);

    function fail(message: string, aborted: boolean) {
      if (failure || settled) return;
      failure = { message, aborted };
      stopReading();
      bb.destroy(new Error(message));
      void settle();
    }

    function stopReading() {
      if (truncated) return;
      truncated = true;
      req.unpipe(bb);
      drain(req);
      if (!failure) void settle();
    }

    async function settle() {
      if (settled) return;
      settled = true;
      const outcomes = await Promise.all(writes);
      const files = outcomes.filter((o): o is ReceivedFile => o !== null && 'path' in o);
      if (failure) {
        await Promise.all(files.map((f) => rm(f.path, { force: true })));
        return resolve({ ok: false, ...failure });
      }
      const refused = outcomes.filter((o): o is FileRefusal => o !== null && !('path' in o));
      if (overCount)
        refused.push({
          filename: '',
          code: 'BAD_USER_INPUT',
          message: `At most ${opts.maxFiles} files per request.`,
        });
      resolve({ ok: true, files: files.sort((a, b) => a.index - b.index), refused, truncated });
    }
  });
}

/** Reads and discards the rest of a body we will not use, then hangs up if it goes on too long. */
function drain(req: Request) {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) req.destroy();
  });
  req.resume();
}
