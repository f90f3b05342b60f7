import type { Request } from 'express';
import type { ApiConfig } from '@loupe/config';
import type { Services, Viewer } from '../services/index.ts';

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface RequestAuth {
  viewer: Viewer | null;
  /** How the credentials came: cookies ride along on cross-site requests, bearer tokens do not. */
  via: 'bearer' | 'cookie' | null;
}

/** Resolves the viewer from `Authorization: Bearer` or the session cookie. */
export async function authenticate(
  req: Request,
  config: ApiConfig,
  services: Services,
): Promise<RequestAuth> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return { viewer: await services.auth.resolve(bearer), via: 'bearer' };
  const cookie = readCookie(req.headers.cookie, config.session.cookieName);
  if (cookie) return { viewer: await services.auth.resolve(cookie), via: 'cookie' };
  return { viewer: null, via: null };
}

/**
 * CSRF defence for cookie-authenticated HTTP routes: a cross-site form or image tag cannot add a
 * custom header, so requiring one proves the request came from script on an allowed origin.
 */
export function passesCsrfCheck(req: Request, via: RequestAuth['via']): boolean {
  if (via !== 'cookie') return true;
  return Boolean(req.headers['x-loupe-csrf'] || req.headers['apollo-require-preflight']);
}
