export { createPrismaClient, type ClientOptions } from './client.ts';
export {
  migrate,
  readMigrations,
  MigrationError,
  defaultMigrationsDir,
  type MigrateResult,
} from './migrator.ts';
export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export { videoColumns, type ProbedVideo } from './media-columns.ts';
export {
  insertVectors,
  knnQueries,
  knnSearch,
  detectorProbes,
  faceProbes,
  frameHashProbes,
  phashProbes,
  pairDistances,
  nearKnownFakes,
  type RowSubject,
  type SimilaritySpace,
  type SimilarityScope,
  type SimilarityProbe,
  type SimilarityFilter,
  type KnnRow,
} from './vectors.ts';
export {
  checkAnalysisJson,
  readFaces,
  readSignals,
  type NearDuplicateSignal,
  type SignalsView,
  type StoredFace,
} from './analysis-json.ts';
export {
  readJpegSignals,
  readMapSignals,
  readMetadataSignals,
  type JpegSignalsView,
  type MapSignalsView,
  type MetadataSignalsView,
  type QuantizationTableSignal,
} from './forensic-signals.ts';
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
