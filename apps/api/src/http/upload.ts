import { rm } from 'node:fs/promises';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import { streamToFile, TooLargeError, type EvidenceStore } from '@loupe/storage';
import { AppError, ErrorCode } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { authenticate, passesCsrfCheck } from './auth.ts';
import { checkDeclared, sniff } from './sniff.ts';

const MAX_FILES = 20;
// After refusing an oversized upload we read and discard at most this much more before hanging up.
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

interface Accepted {
  /** Position of the file in the request; results are reported in the order files were sent. */
  order: number;
  filename: string;
  id: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  duplicate: boolean;
  analysisId: string | null;
}
interface Rejected {
  filename: string;
  code: string;
  message: string;
}

const statusOf: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  BAD_USER_INPUT: 400,
};

const fail = (res: Response, code: string, message: string) =>
  res.status(statusOf[code] ?? 500).json({ media: [], errors: [{ filename: null, code, message }] });

/**
 * POST /api/cases/:caseId/media — multipart/form-data, one or more parts named `file`.
 * Authorisation is settled before a byte of the body is read; each file streams to disk while
 * being hashed and is checked (size cap, magic bytes vs declared type and extension, full decode)
 * before it becomes evidence. Files are independent: one bad file does not lose the others.
 */
export function uploadHandler(config: ApiConfig, services: Services, store: EvidenceStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    const meta = { requestId, clientAddress: req.ip };
    const { viewer, via } = await authenticate(req, config, services);
    if (!viewer) return void fail(res, 'UNAUTHENTICATED', 'Sign in first.');
    if (!passesCsrfCheck(req, via)) {
      return void fail(res, 'FORBIDDEN', 'Cookie-authenticated uploads must send the X-Loupe-CSRF header.');
    }
    const caseId = String(req.params.caseId);
    try {
      await services.cases.requireEditor(viewer, caseId);
    } catch (error) {
      if (error instanceof AppError) return void fail(res, String(error.extensions.code), error.message);
      throw error;
    }
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      return void fail(
        res,
        'BAD_USER_INPUT',
        'Send the files as multipart/form-data, in parts named "file".',
      );
    }

    const accepted: Accepted[] = [];
    const rejected: Rejected[] = [];
    let tooLarge = false;
    const work: Promise<void>[] = [];
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: MAX_FILES, fields: 20, parts: MAX_FILES + 20 } });
    } catch (error) {
      return void fail(res, 'BAD_USER_INPUT', `Malformed multipart request: ${(error as Error).message}`);
    }

    let filesSeen = 0;
    bb.on('file', (field, stream, info) => {
      const filename = info.filename ?? 'unnamed';
      const index = filesSeen++;
      if (field !== 'file' || tooLarge) {
        stream.resume();
        return;
      }
      work.push(
        (async () => {
          const temp = await store.tempPath();
          let streamed;
          try {
            streamed = await streamToFile(stream, temp, config.uploadMaxBytes);
          } catch (error) {
            if (error instanceof TooLargeError) {
              tooLarge = true;
              rejected.push({ filename, code: 'PAYLOAD_TOO_LARGE', message: error.message });
              stopReading();
              return;
            }
            throw error;
          }
          const sniffed = sniff(streamed.head);
          const refuse = async (message: string) => {
            await rm(temp, { force: true });
            rejected.push({ filename, code: 'BAD_USER_INPUT', message });
          };
          if (!sniffed.type)
            return refuse(
              `${filename} is ${sniffed.looksLike}; Loupe accepts JPEG, PNG, WebP, TIFF and AVIF images.`,
            );
          const mismatch = checkDeclared(sniffed.type, info.mimeType, filename);
          if (mismatch) return refuse(`${filename} was refused: ${mismatch}.`);
          try {
            const r = await services.media.ingest(
              viewer,
              caseId,
              { ...streamed, originalName: filename, type: sniffed.type },
              meta,
            );
            accepted.push({
              order: index,
              filename,
              id: r.media.id,
              sha256: r.media.sha256,
              sizeBytes: Number(r.media.sizeBytes),
              mimeType: r.media.mimeType,
              duplicate: r.duplicate,
              analysisId: r.analysisId,
            });
          } catch (error) {
            await rm(temp, { force: true });
            if (error instanceof AppError)
              return void rejected.push({
                filename,
                code: String(error.extensions.code),
                message: `${filename}: ${error.message}`,
              });
            throw error;
          }
        })(),
      );
    });

    function stopReading() {
      req.unpipe(bb);
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > MAX_DISCARD_BYTES) req.destroy();
      });
      req.resume();
      finish();
    }

    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      void Promise.allSettled(work).then((outcomes) => {
        for (const o of outcomes) {
          if (o.status === 'rejected') {
            console.error('upload failed unexpectedly:', o.reason);
            rejected.push({
              filename: '(unknown)',
              code: 'INTERNAL_SERVER_ERROR',
              message: 'Internal server error',
            });
          }
        }
        if (accepted.length === 0 && rejected.length === 0) {
          rejected.push({
            filename: '',
            code: 'BAD_USER_INPUT',
            message: 'No file was sent (use parts named "file").',
          });
        }
        const status =
          rejected.length === 0 ? 201 : accepted.length > 0 ? 207 : (statusOf[rejected[0]!.code] ?? 500);
        if (tooLarge) res.setHeader('Connection', 'close');
        accepted.sort((a, b) => a.order - b.order);
        res.status(status).json({ media: accepted.map(({ order: _o, ...m }) => m), errors: rejected });
      });
    }

    bb.on('close', finish);
    bb.on('filesLimit', () =>
      rejected.push({
        filename: '',
        code: 'BAD_USER_INPUT',
        message: `At most ${MAX_FILES} files per upload.`,
      }),
    );
    bb.on('error', (error: Error) => {
      rejected.push({
        filename: '',
        code: 'BAD_USER_INPUT',
        message: `Malformed multipart request: ${error.message}`,
      });
      stopReading();
    });
    req.on('aborted', () => void 0);
    req.pipe(bb);
  };
}

export { ErrorCode };
