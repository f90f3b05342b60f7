import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSchema } from 'nexus';
import * as admin from './admin.ts';
import * as analysis from './analysis.ts';
import * as audit from './audit.ts';
import * as auth from './auth.ts';
import * as cases from './case.ts';
import * as comparison from './comparison.ts';
import * as caseDetails from './case-details.ts';
import * as reanalysis from './reanalysis.ts';
import * as reindex from './reindex.ts';
import * as enums from './enums.ts';
import * as evaluations from './evaluation.ts';
import * as json from './json.ts';
import * as knownFakes from './known-fake.ts';
import * as media from './media.ts';
import * as reports from './report.ts';
import * as scalars from './scalars.ts';
import * as similarity from './similarity.ts';
import * as users from './user.ts';
import * as verdicts from './verdict.ts';
import * as video from './video.ts';
import * as videoSimilarity from './video-similarity.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the GraphQL schema; writes schema.graphql and the typegen only when asked (generate). */
export function buildSchema(options: { writeArtifacts?: boolean } = {}) {
  return makeSchema({
    types: [
      reindex,
      caseDetails,
      scalars,
      json,
      enums,
      users,
      auth,
      cases,
      media,
      analysis,
      video,
      audit,
      verdicts,
      knownFakes,
      similarity,
      comparison,
      videoSimilarity,
      reanalysis,
      reports,
      evaluations,
      admin,
    ],
    shouldGenerateArtifacts: options.writeArtifacts ?? false,
    outputs: {
      schema: join(here, '..', '..', 'schema.graphql'),
      typegen: join(here, 'nexus-typegen.ts'),
    },
    contextType: { module: join(here, '..', 'context.ts'), export: 'Context' },
    sourceTypes: {
      modules: [
        { module: join(here, '..', '..', '..', '..', 'packages', 'db', 'src', 'index.ts'), alias: 'db' },
      ],
      mapping: {
        User: 'db.User',
        Case: 'db.Case',
        CaseMember: 'db.CaseMember & { user: db.User }',
        Media: 'db.Media',
        Analysis: 'db.Analysis',
        Heatmap: 'db.Heatmap',
        AuditEvent: 'db.AuditEvent',
        Verdict: 'db.Verdict',
        Note: 'db.Note',
        ReindexRun: 'db.ReindexRun',
        Report: 'db.Report',
        KnownFake: 'db.KnownFake',
        AnalysisFrame: 'db.AnalysisFrame',
        FaceTrack: 'db.FaceTrack',
        SuspiciousSegment: 'db.SuspiciousSegment',
        Evaluation: 'db.Evaluation',
        InstalledModel: 'db.InstalledModel',
      },
    },
    nonNullDefaults: { output: false, input: false },
    features: { abstractTypeStrategies: { resolveType: true } },
  });
}
