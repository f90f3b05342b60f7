export { createPrismaClient, type ClientOptions } from './client.ts';
export { migrate, readMigrations, MigrationError, defaultMigrationsDir, type MigrateResult } from './migrator.ts';
export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export * from './generated/prisma/enums.ts';
export type * from './generated/prisma/models.ts';
