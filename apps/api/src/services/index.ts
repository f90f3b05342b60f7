import type { ApiConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import { createAuthService } from './auth.ts';
import { createCasesService } from './cases.ts';
import { createUsersService } from './users.ts';

export type Services = ReturnType<typeof createServices>;

/** Business rules, testable without HTTP; resolvers only translate GraphQL to these calls. */
export function createServices(prisma: PrismaClient, config: ApiConfig) {
  return {
    auth: createAuthService(prisma, config),
    cases: createCasesService(prisma),
    users: createUsersService(prisma),
  };
}

export type { Viewer } from './viewer.ts';
