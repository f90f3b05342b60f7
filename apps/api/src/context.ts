import type { ApiConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import type { Services, Viewer } from './services/index.ts';

/** Per-request GraphQL context. */
export interface Context {
  config: ApiConfig;
  prisma: PrismaClient;
  services: Services;
  viewer: Viewer | null;
  requestId: string;
  clientAddress: string | undefined;
  userAgent: string | undefined;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}
