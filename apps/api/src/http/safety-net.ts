import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { sendError } from './errors.ts';

// Last line of defence for the API process. Express 5 already turns a rejected handler promise
// into a 500; this catches what escapes it — an exception thrown from a stream or timer callback,
// an 'error' event nobody listened to, a promise nobody awaited — logs it with the request it
// belongs to, answers that request 500, and keeps the process serving everyone else. (Before,
// one malformed multipart body ended the process, and the supervisor then stopped every service.)

interface Scope {
  requestId: string;
  res: Response;
}

const current = new AsyncLocalStorage<Scope>();

/** Express middleware: everything a request starts runs in its scope, so a stray error finds it. */
export function requestScope(req: Request, res: Response, next: NextFunction): void {
  current.run({ requestId: String(res.getHeader('x-request-id') ?? ''), res }, next);
}

let installed = false;

/** Installs process-wide handlers that log and answer 500 instead of letting the process die. */
export function installSafetyNet(log: Pick<Console, 'error'> = console): void {
  if (installed) return;
  installed = true;
  const handle = (kind: string) => (error: unknown) => {
    const scope = current.getStore();
    log.error(`${kind}${scope ? ` in request ${scope.requestId}` : ''} (the process keeps serving):`, error);
    if (scope) sendError(scope.res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
  process.on('uncaughtException', handle('uncaught exception'));
  process.on('unhandledRejection', handle('unhandled promise rejection'));
}
