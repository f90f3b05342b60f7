import type { ApiConfig } from '@loupe/config';
import type { PrismaClient } from '@loupe/db';
import type { PgBoss } from '@loupe/queue';
import type { EvidenceStore } from '@loupe/storage';
import { createAuditService } from './audit.ts';
import { createAuthService } from './auth.ts';
import { createCaseDetailsService } from './case-details.ts';
import { createCasesService } from './cases.ts';
import { createComparisonService } from './comparison.ts';
import { createEvaluationsService } from './evaluations.ts';
import { createGalleryService } from './gallery.ts';
import { createReindexService } from './reindex.ts';
import { createInstalledModelsService } from './installed-models.ts';
import { createKnownFakesService } from './known-fakes.ts';
import { createMediaService } from './media.ts';
import { createReanalysisService } from './reanalysis.ts';
import { createVideoService } from './video.ts';
import { createReportsService } from './reports.ts';
import { createSimilarityService } from './similarity.ts';
import { createUsersService } from './users.ts';
import { createWorkflowService } from './workflow.ts';

export type Services = ReturnType<typeof createServices>;

/** Business rules, testable without HTTP; resolvers only translate GraphQL to these calls. */
export function createServices(deps: {
  prisma: PrismaClient;
  config: ApiConfig;
  store: EvidenceStore;
  queue: () => PgBoss;
}) {
  const { prisma, config, store, queue } = deps;
  const cases = createCasesService(prisma);
  const media = createMediaService({
    prisma,
    store,
    cases,
    queue,
    videoCaps: config.video,
    sequenceCaps: config.sequence,
  });
  const knownFakes = createKnownFakesService({ prisma, media, store });
  return {
    auth: createAuthService(prisma, config),
    cases,
    users: createUsersService(prisma),
    media,
    gallery: createGalleryService({ prisma, cases }),
    reanalysis: createReanalysisService({ prisma, cases, media, video: config.video }),
    video: createVideoService(prisma),
    audit: createAuditService(prisma, cases),
    workflow: createWorkflowService({ prisma, cases, media }),
    knownFakes,
    similarity: createSimilarityService({ prisma, media, cases }),
    comparison: createComparisonService({ prisma, media, knownFakes }),
    reports: createReportsService({ prisma, store, cases, queue, perHour: config.reportsPerHour }),
    caseDetails: createCaseDetailsService({ prisma, cases, media }),
    reindex: createReindexService({ prisma, queue }),
    evaluations: createEvaluationsService(prisma),
    installedModels: createInstalledModelsService(prisma),
  };
}

export type { Viewer } from './viewer.ts';
