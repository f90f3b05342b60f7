import { readFile, rm } from 'node:fs/promises';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import { perceptualHashes } from '@loupe/forensics';
import type { EvidenceStore } from '@loupe/storage';
import { AppError } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { validateImage } from '../services/media.ts';
import type { SimilarItem, SimilarityScope } from '../services/similarity.ts';
import { authenticate, passesCsrfCheck } from './auth.ts';
import { requestMeta, sendError } from './errors.ts';
import { isMultipart, receiveFiles } from './multipart.ts';
import { checkDeclared, sniff } from './sniff.ts';

const SCOPES: SimilarityScope[] = ['KNOWN_FAKES', 'THIS_CASE', 'MY_CASES'];

const fail = sendError;

/** JSON shape of one result: the same fields as GraphQL's SimilarItem. */
const toJson = (i: SimilarItem) => ({
  score: i.score,
  distance: i.distance,
  kind: i.kind,
  media: i.media
    ? {
        id: i.media.id,
        caseId: i.media.caseId,
        originalName: i.media.originalName,
        sha256: i.media.sha256,
        url: `/api/media/${i.media.id}/original`,
      }
    : null,
  knownFake: i.knownFake
    ? {
        id: i.knownFake.id,
        originalName: i.knownFake.originalName,
        promotedFromMediaId: i.knownFake.promotedFromMediaId,
        url: `/api/known-fakes/${i.knownFake.id}/original`,
        family: i.knownFake.family,
        generator: i.knownFake.generator,
        source: i.knownFake.source,
        dataset: i.knownFake.dataset,
        notes: i.knownFake.notes,
      }
    : null,
  matchedFrame: i.matchedFrame,
});

/**
 * POST /api/similar?space=PHASH&scope=KNOWN_FAKES|THIS_CASE|MY_CASES&k=10[&caseId=] — multipart, one part `file`.
 * Searches with an image that is not added to any case: the file is checked like an upload,
 * its 64-bit pHash computed, then deleted; nothing about it is stored except the audit event.
 * Only PHASH is offered: face descriptors and detector embeddings need the worker's models.
 */
export function similarQueryHandler(config: ApiConfig, services: Services, store: EvidenceStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const meta = requestMeta(req, res);
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
    const caseId = typeof req.query.caseId === 'string' ? req.query.caseId : null;
    if (scope === 'THIS_CASE' && !caseId)
      return void fail(res, 'BAD_USER_INPUT', 'scope=THIS_CASE needs caseId, the case to search.');
    if (!isMultipart(req))
      return void fail(
        res,
        'BAD_USER_INPUT',
        'Send the image as multipart/form-data in a part named "file".',
      );

    const received = await receiveFiles(req, {
      store,
      field: 'file',
      maxFiles: 1,
      maxBytes: config.uploadMaxBytes,
    });
    if (!received.ok) {
      res.setHeader('Connection', 'close');
      return void fail(res, 'BAD_USER_INPUT', received.message);
    }
    if (received.truncated) res.setHeader('Connection', 'close');
    const file = received.files[0];
    if (!file) {
      const refusal = received.refused[0];
      return void fail(
        res,
        refusal?.code ?? 'BAD_USER_INPUT',
        refusal?.message ?? 'No file was sent (use a part named "file").',
      );
    }
    try {
      const sniffed = sniff(file.head);
      if (!sniffed.type)
        return void fail(
          res,
          'BAD_USER_INPUT',
          `${file.filename} is ${sniffed.looksLike}; send a JPEG, PNG, WebP, TIFF or AVIF image.`,
        );
      const mismatch = checkDeclared(sniffed.type, file.mimeType, file.filename);
      if (mismatch) return void fail(res, 'BAD_USER_INPUT', `${file.filename} was refused: ${mismatch}.`);
      await validateImage(file.path);
      const { phash } = await perceptualHashes(await readFile(file.path));
      // The hash is all the search needs: the bytes go before the answer does (finally covers errors).
      await rm(file.path, { force: true });
      const results = await services.similarity.similarToHash(
        viewer,
        { phash, scope, k, sha256: file.sha256, caseId },
        meta,
      );
      res.status(200).json({ space, scope, k, phash, results: results.map(toJson) });
    } catch (error) {
      if (error instanceof AppError) {
        const code = String(error.extensions.code);
        // A search in a case the viewer may not see is a denied read, recorded like the others.
        if (code === 'NOT_FOUND' || code === 'FORBIDDEN')
          await services.audit.recordDenied(
            viewer,
            { target: 'http:similar', code, reason: error.message, ids: caseId ? [caseId] : [] },
            meta,
          );
        return void fail(res, code, error.message);
      }
      throw error;
    } finally {
      await rm(file.path, { force: true });
    }
  };
}
