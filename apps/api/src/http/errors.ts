import type { Request, Response } from 'express';
import type { RequestMeta } from '../services/meta.ts';

// One error shape for every HTTP route (GraphQL has its own, per the spec):
//   { "error": { "code": "BAD_USER_INPUT", "message": "…" } }
// with the status below. Routes that report several outcomes at once (uploads) add their own
// lists beside it, but a whole-request failure always carries `error`.

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

export const httpStatusOf = (code: string) => STATUS[code] ?? 500;

/** Answers with the one HTTP error shape; `extra` adds route-specific fields (e.g. upload lists). */
export function sendError(res: Response, code: string, message: string, extra: Record<string, unknown> = {}) {
  if (res.headersSent || res.destroyed) return;
  res.status(httpStatusOf(code)).json({ ...extra, error: { code, message } });
}

/** What every audit event of an HTTP request records: its id (set by the request-id middleware) and client. */
export const requestMeta = (req: Request, res: Response): RequestMeta & { requestId: string } => ({
  requestId: String(res.getHeader('x-request-id') ?? ''),
  clientAddress: req.ip,
});
