export { createPrismaClient, type ClientOptions } from './client.ts';
export {
  migrate,
  readMigrations,
  MigrationError,
  defaultMigrationsDir,
  type MigrateResult,
} from './migrator.ts';
export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export type {
  User,
  Session,
  Case,
  CaseMember,
  Media,
  Analysis,
  Heatmap,
  KnownFake,
  Verdict,
  AuditEvent,
  AuditCheckpoint,
  Report,
  Note,
  ReindexRun,
  AnalysisFrame,
  FaceTrack,
  SuspiciousSegment,
  Evaluation,
  InstalledModel,
} from './generated/prisma/client.ts';
export * from './generated/prisma/enums.ts';
