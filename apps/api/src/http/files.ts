import type { Request, Response } from 'express';
import type { ApiConfig } from '@loupe/config';
import { AppError } from '../errors.ts';
import { requestMeta, sendError } from './errors.ts';
import type { Services } from '../services/index.ts';
import { authenticate } from './auth.ts';
import { parseRange } from './range.ts';

type What =
  | { kind: 'original'; mediaId: string }
  | { kind: 'media-thumbnail'; mediaId: string }
  | { kind: 'heatmap' | 'overlay'; heatmapId: string }
  | { kind: 'thumbnail'; frameId: string }
  | { kind: 'knownFake'; knownFakeId: string }
  | { kind: 'report'; reportId: string; format: 'pdf' | 'json' };

/**
 * Authorised, audited downloads of evidence bytes, known fakes, heatmaps and case reports. Served as attachments with
 * nosniff and a sandboxing CSP, so stored files can never run as a page on our origin.
 */
export function fileHandler(config: ApiConfig, services: Services, pick: (req: Request) => What) {
  return async (req: Request, res: Response): Promise<void> => {
    const { viewer } = await authenticate(req, config, services);
    if (!viewer) return void sendError(res, 'UNAUTHENTICATED', 'Sign in first.');
    try {
      const what = pick(req);
      const meta = requestMeta(req, res);
      const file =
        what.kind === 'report'
          ? await services.reports.openForRead(viewer, what.reportId, what.format, meta)
          : what.kind === 'knownFake'
            ? await services.knownFakes.openForRead(viewer, what.knownFakeId, meta)
            : await services.media.openForRead(viewer, what, meta);
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Accept-Ranges', 'bytes');
      const disposition = req.query.download === '1' ? 'attachment' : 'inline';
      res.setHeader(
        'Content-Disposition',
        `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      // A video player seeks with Range requests; each one is an authorised, audited read.
      const range = parseRange(req.headers.range, file.size);
      if (range === 'unsatisfiable') {
        res.setHeader('Content-Range', `bytes */${file.size}`);
        res.status(416).end();
        return;
      }
      if (range) {
        res.status(206);
        res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
        res.setHeader('Content-Length', String(range.end - range.start + 1));
      } else {
        res.setHeader('Content-Length', String(file.size));
      }
      if (req.method === 'HEAD') return void res.end();
      const stream = file.open(range ?? undefined);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (error) {
      if (error instanceof AppError) {
        const code = String(error.extensions.code);
        const what = pick(req);
        await services.audit.recordDenied(
          viewer,
          {
            target: `http:${what.kind}`,
            code,
            reason: error.message,
            ids: Object.values(what).filter((v) => v !== what.kind),
          },
          requestMeta(req, res),
        );
        res.status(code === 'NOT_FOUND' ? 404 : 403).json({ error: { code, message: error.message } });
        return;
      }
      throw error;
    }
  };
}
