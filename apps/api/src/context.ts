import type { ApiConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import type { Loaders } from './loaders.ts';
import type { Services, Viewer } from './services/index.ts';

/** Per-request GraphQL context. */
export interface Context {
  config: ApiConfig;
  prisma: PrismaClient;
  services: Services;
  viewer: Viewer | null;
  /** Batched reads for per-row fields (one query per field per request, not per row). */
  loaders: Loaders;
  requestId: string;
  clientAddress: string | undefined;
  userAgent: string | undefined;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}
