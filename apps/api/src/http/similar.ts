import { readFile, rm } from 'node:fs/promises';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import { perceptualHashes } from '@loupe/forensics';
import { streamToFile, TooLargeError, type EvidenceStore, type StreamedFile } from '@loupe/storage';
import { AppError } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { validateImage } from '../services/media.ts';
import type { SimilarItem, SimilarityScope } from '../services/similarity.ts';
import { authenticate, passesCsrfCheck } from './auth.ts';
import { checkDeclared, sniff } from './sniff.ts';

const statusOf: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  BAD_USER_INPUT: 400,
};
const SCOPES: SimilarityScope[] = ['KNOWN_FAKES', 'MY_CASES'];

const fail = (res: Response, code: string, message: string) =>
  res.status(statusOf[code] ?? 500).json({ error: { code, message } });

/** JSON shape of one result: the same fields as GraphQL's SimilarItem. */
const toJson = (i: SimilarItem) => ({
  score: i.score,
  distance: i.distance,
  kind: i.kind,
  media: i.media
    ? { id: i.media.id, caseId: i.media.caseId, originalName: i.media.originalName, sha256: i.media.sha256 }
    : null,
  knownFake: i.knownFake
    ? {
        id: i.knownFake.id,
        family: i.knownFake.family,
        generator: i.knownFake.generator,
        source: i.knownFake.source,
        dataset: i.knownFake.dataset,
        notes: i.knownFake.notes,
      }
    : null,
});

/**
 * POST /api/similar?space=PHASH&scope=KNOWN_FAKES|MY_CASES&k=10 — multipart, one part `file`.
 * Searches with an image that is not added to any case: the file is checked like an upload,
 * its 64-bit pHash computed, then deleted; nothing about it is stored except the audit event.
 * Only PHASH is offered: face descriptors and detector embeddings need the worker's models.
 */
export function similarQueryHandler(config: ApiConfig, services: Services, store: EvidenceStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const meta = { requestId: String(res.getHeader('x-request-id') ?? ''), clientAddress: req.ip };
    const { viewer, via } = await authenticate(req, config, services);
    if (!viewer) return void fail(res, 'UNAUTHENTICATED', 'Sign in first.');
    if (!passesCsrfCheck(req, via))
      return void fail(res, 'FORBIDDEN', 'Cookie-authenticated requests must send the X-Loupe-CSRF header.');
    const space = String(req.query.space ?? 'PHASH');
    if (space !== 'PHASH')
      return void fail(res, 'BAD_USER_INPUT', 'Only space=PHASH is available for an uploaded query image.');
    const scope = String(req.query.scope ?? 'KNOWN_FAKES') as SimilarityScope;
    if (!SCOPES.includes(scope))
      return void fail(res, 'BAD_USER_INPUT', `scope must be one of ${SCOPES.join(', ')}.`);
    const k = Number(req.query.k ?? 10);
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? ''))
      return void fail(
        res,
        'BAD_USER_INPUT',
        'Send the image as multipart/form-data in a part named "file".',
      );

    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 5, parts: 6 } });
    } catch (error) {
      return void fail(res, 'BAD_USER_INPUT', `Malformed multipart request: ${(error as Error).message}`);
    }
    let received: Promise<
      { file: StreamedFile; filename: string; mimeType: string } | { error: string; code: string }
    > | null = null;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || received) return void stream.resume();
      received = (async () => {
        const temp = await store.tempPath();
        try {
          const file = await streamToFile(stream, temp, config.uploadMaxBytes);
          return { file, filename: info.filename ?? 'unnamed', mimeType: info.mimeType };
        } catch (error) {
          await rm(temp, { force: true });
          if (error instanceof TooLargeError) {
            stream.resume(); // drain the rest so the multipart parser can finish
            return { error: error.message, code: 'PAYLOAD_TOO_LARGE' };
          }
          throw error;
        }
      })();
    });
    bb.on('close', () => {
      void (async () => {
        if (!received) return fail(res, 'BAD_USER_INPUT', 'No file was sent (use a part named "file").');
        const got = await received;
        if ('error' in got) return fail(res, got.code, got.error);
        const { file, filename } = got;
        try {
          const sniffed = sniff(file.head);
          if (!sniffed.type)
            return fail(
              res,
              'BAD_USER_INPUT',
              `${filename} is ${sniffed.looksLike}; send a JPEG, PNG, WebP, TIFF or AVIF image.`,
            );
          const mismatch = checkDeclared(sniffed.type, got.mimeType, filename);
          if (mismatch) return fail(res, 'BAD_USER_INPUT', `${filename} was refused: ${mismatch}.`);
          await validateImage(file.path);
          const { phash } = await perceptualHashes(await readFile(file.path));
          const results = await services.similarity.similarToHash(
            viewer,
            { phash, scope, k, sha256: file.sha256 },
            meta,
          );
          res.status(200).json({ space, scope, k, phash, results: results.map(toJson) });
        } catch (error) {
          if (error instanceof AppError) return fail(res, String(error.extensions.code), error.message);
          throw error;
        } finally {
          await rm(file.path, { force: true });
        }
      })().catch((error: unknown) => {
        console.error('similarity query failed unexpectedly:', error);
        if (!res.headersSent) fail(res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      });
    });
    bb.on('error', (error: Error) => {
      if (!res.headersSent) fail(res, 'BAD_USER_INPUT', `Malformed multipart request: ${error.message}`);
    });
    req.pipe(bb);
  };
}
