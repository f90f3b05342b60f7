import { arg, enumType, extendType, idArg, inputObjectType, nonNull, objectType } from 'nexus';
import { JobStatus } from '@loupe/db';
import { requireViewer } from './guards.ts';

export const ReportStatus = enumType({
  name: 'ReportStatus',
  description: 'QUEUED → RUNNING → DONE or FAILED.',
  members: Object.values(JobStatus),
});

export const ReportOptionsInput = inputObjectType({
  name: 'ReportOptionsInput',
  definition(t) {
    t.boolean('includeAuditTrail', { description: "Include the case's audit trail table (default true)." });
    t.boolean('includeMaps', { description: 'Include downscaled heatmap images (default true).' });
  },
});

export const Report = objectType({
  name: 'Report',
  description:
    'A court-ready export of a case: a PDF and a JSON bundle. Their SHA-256 are recorded here and in the audit trail.',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.id('caseId');
    t.nonNull.field('status', { type: 'ReportStatus' });
    t.nonNull.float('progress', { description: '0 to 1.' });
    t.string('error');
    t.nonNull.dateTime('createdAt');
    t.dateTime('finishedAt');
    t.string('pdfUrl', {
      description: 'Download path of the PDF once DONE (members only; every read is audited).',
      resolve: (r) => (r.status === 'DONE' && r.pdfStorageKey ? `/api/reports/${r.id}/pdf` : null),
    });
    t.string('jsonUrl', {
      description: 'Download path of the JSON bundle once DONE.',
      resolve: (r) => (r.status === 'DONE' && r.jsonStorageKey ? `/api/reports/${r.id}/json` : null),
    });
    t.string('pdfSha256');
    t.string('jsonSha256');
    t.string('generatorVersion');
    t.field('requestedBy', {
      type: 'User',
      resolve: (r, _a, ctx) => ctx.loaders.user.load(r.requestedById),
    });
  },
});

export const CaseReports = extendType({
  type: 'Case',
  definition(t) {
    t.nonNull.list.nonNull.field('reports', {
      type: 'Report',
      description: 'Reports generated for this case, newest first.',
      resolve: (c, _a, ctx) => ctx.services.reports.list(requireViewer(ctx), c.id),
    });
  },
});

export const ReportQueries = extendType({
  type: 'Query',
  definition(t) {
    t.field('report', {
      type: 'Report',
      args: { id: nonNull(idArg()) },
      resolve: (_r, { id }, ctx) => ctx.services.reports.get(requireViewer(ctx), id),
    });
  },
});

export const ReportMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('generateReport', {
      type: 'Report',
      description: 'Queues a PDF + JSON report of a case (members only).',
      args: { caseId: nonNull(idArg()), options: arg({ type: 'ReportOptionsInput' }) },
      resolve: (_r, { caseId, options }, ctx) =>
        ctx.services.reports.request(requireViewer(ctx), caseId, options, ctx),
    });
  },
});
