import type { NextConfig } from 'next';

/**
 * Content Security Policy for every page. Everything Loupe shows comes from its own origin
 * (evidence and maps through the /api proxy); `frame-ancestors 'none'` stops another site from
 * framing the app (clickjacking a verdict). Next.js's App Router streams its hydration data in
 * inline scripts, so script-src needs 'unsafe-inline' (nonces would force every page to render per
 * request); `next dev` also needs 'unsafe-eval' for its fast refresh.
 */
function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  async redirects() {
    return [{ source: '/', destination: '/cases', permanent: false }];
  },
  async headers() {
    return [
      {
        // Pages only: /api/* and /graphql answers carry the API's own headers (evidence files are
        // served with a stricter sandboxing policy there).
        source: '/((?!api/|graphql).*)',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: contentSecurityPolicy(process.env.NODE_ENV === 'development'),
          },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
