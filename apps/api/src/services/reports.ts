import { type PrismaClient, type Report } from '@loupe/db';
import { QUEUES, type GenerateReportJob, type PgBoss } from '@loupe/queue';
import { reportOptions } from '@loupe/reports';
import type { EvidenceStore } from '@loupe/storage';
import { FailureLimiter } from '../auth/rate-limit.ts';
import { AppError, ErrorCode, notFound } from '../errors.ts';
import type { ByteRange } from '../http/range.ts';
import type { CasesService } from './cases.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { inVisibleCase } from './access.ts';
import { recordAudit } from './audit-log.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportOptionsInput {
  includeAuditTrail?: boolean | null | undefined;
  includeMaps?: boolean | null | undefined;
}

export type ReportsService = ReturnType<typeof createReportsService>;

export function createReportsService(deps: {
  prisma: PrismaClient;
  store: EvidenceStore;
  cases: CasesService;
  queue: () => PgBoss;
  /** Reports one user may request per hour: each renders a whole case (seconds of worker time). */
  perHour: number;
}) {
  const { prisma, store, cases } = deps;
  // In-process, like the sign-in limits: with several API processes the limit applies per process.
  const requests = new FailureLimiter(deps.perHour, 3_600_000);

  /** The report if the viewer may see its case; NOT_FOUND otherwise. */
  async function visible(viewer: Viewer, id: string): Promise<Report> {
    if (!UUID.test(id)) throw notFound('Report not found.');
    const report = await prisma.report.findFirst({ where: { id, ...inVisibleCase(viewer) } });
    if (!report) throw notFound('Report not found.');
    return report;
  }

  return {
    get: visible,

    /** Reports of a case, newest first (members only). */
    async list(viewer: Viewer, caseId: string): Promise<Report[]> {
      await cases.get(viewer, caseId);
      return prisma.report.findMany({ where: { caseId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },

    /**
     * Queues a report of a case for any member. A refusal is itself recorded (report.denied), so
     * a case's trail shows who tried to export it.
     */
    async request(
      viewer: Viewer,
      caseId: string,
      input: ReportOptionsInput | null | undefined,
      meta: RequestMeta,
    ): Promise<Report> {
      try {
        await cases.get(viewer, caseId);
      } catch (error) {
        if (error instanceof AppError && error.extensions.code === ErrorCode.NOT_FOUND) {
          await prisma.$transaction((tx) =>
            recordAudit(tx, viewer.id, meta, {
              action: 'report.denied',
              targetType: 'Case',
              targetId: caseId.slice(0, 100),
              caseId: UUID.test(caseId) ? caseId : null,
              details: { reason: 'not a member of the case (or no such case)' },
            }),
          );
        }
        throw error;
      }
      const wait = requests.retryAfter(viewer.id);
      if (wait > 0)
        throw new AppError(
          ErrorCode.TOO_MANY_REQUESTS,
          `You have requested ${deps.perHour} reports in the last hour; try again in ${Math.ceil(wait / 60_000)} min.`,
          { retryAfterSeconds: Math.ceil(wait / 1000) },
        );
      requests.fail(viewer.id);
      const options = reportOptions({
        includeAuditTrail: input?.includeAuditTrail ?? undefined,
        includeMaps: input?.includeMaps ?? undefined,
      });
      const report = await prisma.$transaction(async (tx) => {
        const created = await tx.report.create({
          data: { caseId, requestedById: viewer.id, options: { ...options } },
        });
        await recordAudit(tx, viewer.id, meta, {
          action: 'report.request',
          targetType: 'Report',
          targetId: created.id,
          caseId,
          details: { options },
        });
        return created;
      });
      try {
        const job: GenerateReportJob = { reportId: report.id };
        await deps.queue().send(QUEUES.generateReport.name, job, { singletonKey: report.id });
      } catch (error) {
        return prisma.report.update({
          where: { id: report.id },
          data: {
            status: 'FAILED',
            error: `Could not queue the report: ${String((error as Error).message)}`,
          },
        });
      }
      return report;
    },

    /** Opens a finished report's PDF or JSON for download, recording the read first. */
    async openForRead(viewer: Viewer, id: string, format: 'pdf' | 'json', meta: RequestMeta) {
      const report = await visible(viewer, id);
      const key = format === 'pdf' ? report.pdfStorageKey : report.jsonStorageKey;
      const sha256 = format === 'pdf' ? report.pdfSha256 : report.jsonSha256;
      if (report.status !== 'DONE' || !key) throw notFound('This report is not ready.');
      await prisma.$transaction((tx) =>
        recordAudit(tx, viewer.id, meta, {
          action: 'report.read',
          targetType: 'Report',
          targetId: report.id,
          caseId: report.caseId,
          details: { format, sha256 },
        }),
      );
      return {
        open: (range?: ByteRange) => store.read(key, range),
        size: await store.size(key),
        mimeType: format === 'pdf' ? 'application/pdf' : 'application/json',
        filename: `loupe-report-${report.id}.${format}`,
      };
    },
  };
}
