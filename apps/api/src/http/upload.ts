import { rm } from 'node:fs/promises';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import type { EvidenceStore } from '@loupe/storage';
import { AppError, ErrorCode } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { authenticate, passesCsrfCheck } from './auth.ts';
import { httpStatusOf, requestMeta, sendError } from './errors.ts';
import { isMultipart, receiveFiles, type ReceivedFile } from './multipart.ts';
import { checkDeclared, sniff, sniffVideo, sniffZip } from './sniff.ts';

const MAX_FILES = 20;

interface Accepted {
  filename: string;
  id: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  duplicate: boolean;
  analysisId: string | null;
}
interface Rejected {
  filename: string | null;
  code: string;
  message: string;
}

/** A whole-request failure: the shared `error`, plus the upload lists the web client reads. */
const fail = (res: Response, code: string, message: string) =>
  sendError(res, code, message, { media: [], errors: [{ filename: null, code, message }] });

/**
 * POST /api/cases/:caseId/media — multipart/form-data, one or more parts named `file`.
 * Authorisation is settled before a byte of the body is read; each file streams to disk while
 * being hashed and is checked (size cap, magic bytes vs declared type and extension, full decode
 * of an image, ffprobe of a video, every member of a face-sequence zip) before it becomes evidence. Files are independent: one bad file does not lose the others; a
 * body that breaks (malformed, interrupted) keeps nothing and answers 400.
 */
export function uploadHandler(config: ApiConfig, services: Services, store: EvidenceStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const meta = requestMeta(req, res);
    const { requestId } = meta;
    const { viewer, via } = await authenticate(req, config, services);
    if (!viewer) return void fail(res, 'UNAUTHENTICATED', 'Sign in first.');
    if (!passesCsrfCheck(req, via)) {
      return void fail(res, 'FORBIDDEN', 'Cookie-authenticated uploads must send the X-Loupe-CSRF header.');
    }
    const caseId = String(req.params.caseId);
    try {
      await services.cases.requireEditor(viewer, caseId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const code = String(error.extensions.code);
      await services.audit.recordDenied(
        viewer,
        { target: 'http:upload', code, reason: error.message, caseId, ids: [caseId] },
        meta,
      );
      return void fail(res, code, error.message);
    }
    if (!isMultipart(req)) {
      return void fail(
        res,
        'BAD_USER_INPUT',
        'Send the files as multipart/form-data, in parts named "file".',
      );
    }

    const received = await receiveFiles(req, {
      store,
      field: 'file',
      maxFiles: MAX_FILES,
      maxBytes: config.uploadMaxBytes,
    });
    if (!received.ok) {
      if (received.aborted) console.warn(`upload ${requestId}: ${received.message}`);
      res.setHeader('Connection', 'close');
      return void fail(res, 'BAD_USER_INPUT', received.message);
    }

    const accepted: Accepted[] = [];
    const rejected: Rejected[] = [...received.refused];
    // One at a time, in the order sent: a file sent twice in one request is a duplicate, not a race.
    for (const file of received.files) {
      const outcome = await ingestOne(file).catch(async (error: unknown) => {
        await rm(file.path, { force: true });
        if (error instanceof AppError)
          return {
            filename: file.filename,
            code: String(error.extensions.code),
            message: `${file.filename}: ${error.message}`,
          };
        console.error(`upload ${requestId}: ${file.filename} failed unexpectedly:`, error);
        return {
          filename: file.filename,
          code: 'INTERNAL_SERVER_ERROR',
          message: `${file.filename}: Internal server error`,
        };
      });
      if ('id' in outcome) accepted.push(outcome);
      else rejected.push(outcome);
    }
    if (accepted.length === 0 && rejected.length === 0) {
      rejected.push({
        filename: '',
        code: 'BAD_USER_INPUT',
        message: 'No file was sent (use parts named "file").',
      });
    }
    const status = rejected.length === 0 ? 201 : accepted.length > 0 ? 207 : httpStatusOf(rejected[0]!.code);
    if (received.truncated) res.setHeader('Connection', 'close');
    res.status(status).json({ media: accepted, errors: rejected });

    async function ingestOne(file: ReceivedFile): Promise<Accepted | Rejected> {
      const { filename } = file;
      const image = sniff(file.head);
      const type = image.type ?? sniffVideo(file.head)?.type ?? sniffZip(file.head)?.type;
      const refuse = async (message: string): Promise<Rejected> => {
        await rm(file.path, { force: true });
        return { filename, code: 'BAD_USER_INPUT', message };
      };
      if (!type)
        return refuse(
          `${filename} is ${image.type === null ? image.looksLike : 'not accepted'}; Loupe accepts JPEG, PNG, WebP, TIFF and AVIF images, MP4, MOV, WebM and MKV videos, and zips of face-sequence images.`,
        );
      const mismatch = checkDeclared(type, file.mimeType, filename);
      if (mismatch) return refuse(`${filename} was refused: ${mismatch}.`);
      const r = await services.media.ingest(
        viewer!,
        caseId,
        {
          path: file.path,
          size: file.size,
          sha256: file.sha256,
          head: file.head,
          originalName: filename,
          type,
        },
        meta,
      );
      return {
        filename,
        id: r.media.id,
        sha256: r.media.sha256,
        sizeBytes: Number(r.media.sizeBytes),
        mimeType: r.media.mimeType,
        duplicate: r.duplicate,
        analysisId: r.analysisId,
      };
    }
  };
}

export { ErrorCode };
