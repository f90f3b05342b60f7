/**
 * Server-side reverse proxy from the web origin to the Loupe API.
 * Used by the `/graphql` and `/api/*` route handlers; never imported by client code.
 */

/** Request headers passed through to the API. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'authorization',
  'apollo-require-preflight',
  'content-type',
  'cookie',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'range',
  'user-agent',
  // Required by the API on cookie-authenticated uploads (CSRF protection).
  'x-loupe-csrf',
  'x-request-id',
] as const;

/**
 * Response headers passed back to the browser (`set-cookie` is handled separately).
 * Next.js itself drops content-length/content-encoding/transfer-encoding from
 * route handler responses and re-frames the body, so those are not listed.
 */
const FORWARDED_RESPONSE_HEADERS = [
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-range',
  // Evidence files are served with a sandboxing CSP and nosniff; keep both on the web origin.
  'content-security-policy',
  'content-type',
  'etag',
  'last-modified',
  'location',
  'retry-after',
  'vary',
  'www-authenticate',
  'x-content-type-options',
  'x-request-id',
] as const;

const BODYLESS_STATUSES = new Set([204, 205, 304]);

/** Read at request time so one build works against any API address. */
export function apiBaseUrl(): string {
  const configured = process.env['LOUPE_API_URL'];
  const base = configured && configured.trim() !== '' ? configured.trim() : 'http://127.0.0.1:4000';
  return base.replace(/\/+$/, '');
}

function upstreamRequestHeaders(request: Request): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The client address, as the web server (server.mjs) wrote it from the connection: one
  // address, never what the client sent. The API trusts this one hop.
  const forwardedFor = request.headers.get('x-forwarded-for');
  if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
  // fetch would transparently decompress an encoded body anyway; don't make the API compress it.
  headers.set('accept-encoding', 'identity');
  return headers;
}

function downstreamResponseHeaders(upstream: Response): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) {
    headers.append('set-cookie', cookie);
  }
  return headers;
}

export interface ProxyOptions {
  /** Stream the request body to the API instead of buffering it first. */
  streamBody: boolean;
  /** Body returned when the API cannot be reached. */
  unreachableBody: () => unknown;
}

/** Forwards `request` to `${apiBaseUrl()}${pathname}${search}` and relays the answer. */
export async function proxyToApi(request: Request, options: ProxyOptions): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${apiBaseUrl()}${incoming.pathname}${incoming.search}`;
  const method = request.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && request.body !== null;

  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers: upstreamRequestHeaders(request),
    redirect: 'manual',
    cache: 'no-store',
    signal: request.signal,
  };
  if (hasBody) {
    if (options.streamBody) {
      init.body = request.body;
      init.duplex = 'half';
    } else {
      init.body = await request.arrayBuffer();
    }
  }

  let upstream: Response;
  try {
    upstream = await fetch(target, init);
  } catch (error) {
    if (request.signal.aborted) {
      // The browser went away; nobody will read this.
      return new Response(null, { status: 499 });
    }
    console.error(`[loupe-web] proxy to ${target} failed:`, error);
    return Response.json(options.unreachableBody(), {
      status: 502,
      headers: { 'cache-control': 'no-store' },
    });
  }

  const bodyless = method === 'HEAD' || BODYLESS_STATUSES.has(upstream.status);
  return new Response(bodyless ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: downstreamResponseHeaders(upstream),
  });
}
