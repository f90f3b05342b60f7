import { proxyToApi } from '@/lib/proxy';

// Proxy every request at runtime; LOUPE_API_URL is read per request.
export const dynamic = 'force-dynamic';

function proxyApi(request: Request): Promise<Response> {
  return proxyToApi(request, {
    // Uploads can be large: stream them through instead of buffering.
    streamBody: true,
    unreachableBody: () => ({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'The Loupe API is unreachable. Please try again shortly.',
      },
    }),
  });
}

export const GET = proxyApi;
export const HEAD = proxyApi;
export const POST = proxyApi;
export const PUT = proxyApi;
export const PATCH = proxyApi;
export const DELETE = proxyApi;
export const OPTIONS = proxyApi;
