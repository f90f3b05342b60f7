import { proxyToApi } from '@/lib/proxy';

// Proxy every request at runtime; LOUPE_API_URL is read per request.
export const dynamic = 'force-dynamic';

function proxyGraphql(request: Request): Promise<Response> {
  return proxyToApi(request, {
    streamBody: false,
    unreachableBody: () => ({
      errors: [
        {
          message: 'The Loupe API is unreachable. Please try again shortly.',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
    }),
  });
}

export const GET = proxyGraphql;
export const POST = proxyGraphql;
