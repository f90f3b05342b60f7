import { createHash } from 'node:crypto';
import { appendAuditEvent, writeAuditCheckpoint, type AuditKey } from '@loupe/audit';
import type { PrismaClient } from '@loupe/db';
import { renderCasePdf, reportOptions } from '@loupe/reports';
import type { EvidenceStore } from '@loupe/storage';
import { collectBundle, collectImages } from './collect.ts';

export interface ReportJob {
  id: string;
  data: { reportId?: unknown };
}

export type ReportOutcome =
  | { outcome: 'done'; reportId: string; pdfSha256: string; jsonSha256: string }
  | { outcome: 'already-done'; reportId: string }
  | { outcome: 'skipped'; reason: string };

export interface ReportDeps {
  prisma: PrismaClient;
  store: EvidenceStore;
  log: Pick<Console, 'info' | 'error'>;
  /** Signs the chain head each report prints (see packages/audit checkpoint.ts). */
  auditKey: AuditKey;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * generate-report: reads the case into a JSON bundle, renders the PDF, stores both under
 * derived/<reportId>/ and records their SHA-256 on the report and in the audit chain (a PDF
 * cannot contain its own hash, so the chain is where it is kept). A finished report is never
 * regenerated; a failed attempt is recorded and rethrown so pg-boss retries it. Every report
 * signs the chain head first and prints it, so each PDF handed out anchors the chain.
 */
export async function generateReport(job: ReportJob, deps: ReportDeps): Promise<ReportOutcome> {
  const { prisma, store } = deps;
  const reportId = typeof job.data.reportId === 'string' ? job.data.reportId : null;
  if (!reportId) return { outcome: 'skipped', reason: 'job has no reportId' };
  const report = await prisma.report.findUnique({ where: { id: reportId } });
  if (!report) return { outcome: 'skipped', reason: `report ${reportId} does not exist` };
  if (report.status === 'DONE') return { outcome: 'already-done', reportId };

  await prisma.report.update({
    where: { id: reportId },
    data: { status: 'RUNNING', progress: 0.05, error: null },
  });
  try {
    const options = reportOptions(report.options);
    const checkpoint = await writeAuditCheckpoint(prisma, deps.auditKey);
    const bundle = {
      ...(await collectBundle(prisma, report, options, new Date())),
      auditCheckpoint: checkpoint && {
        seq: checkpoint.seq.toString(),
        headHash: checkpoint.headHash,
        createdAt: checkpoint.createdAt.toISOString(),
        keyFingerprint: checkpoint.keyFingerprint,
        signature: checkpoint.signature,
      },
    };
    await prisma.report.update({ where: { id: reportId }, data: { progress: 0.3 } });
    const images = await collectImages(store, bundle);
    await prisma.report.update({ where: { id: reportId }, data: { progress: 0.6 } });
    const pdf = await renderCasePdf(bundle, images);
    const json = Buffer.from(`${JSON.stringify(bundle, null, 2)}\n`);
    const pdfKey = store.derivedKey(reportId, 'report.pdf');
    const jsonKey = store.derivedKey(reportId, 'report.json');
    await store.writeDerived(pdfKey, pdf);
    await store.writeDerived(jsonKey, json);
    const pdfSha256 = sha256(pdf);
    const jsonSha256 = sha256(json);
    await prisma.$transaction(async (tx) => {
      await tx.report.update({
        where: { id: reportId },
        data: {
          status: 'DONE',
          progress: 1,
          error: null,
          pdfStorageKey: pdfKey,
          pdfSha256,
          jsonStorageKey: jsonKey,
          jsonSha256,
          generatorVersion: bundle.generatorVersion,
          finishedAt: new Date(),
        },
      });
      await appendAuditEvent(tx, {
        actorId: report.requestedById,
        action: 'report.generate',
        targetType: 'Report',
        targetId: reportId,
        caseId: report.caseId,
        details: {
          pdfSha256,
          jsonSha256,
          pdfBytes: pdf.length,
          jsonBytes: json.length,
          generatorVersion: bundle.generatorVersion,
          generatedAt: bundle.generatedAt,
          evidenceCount: bundle.evidence.length,
          auditEventsIncluded: bundle.auditTrail.length,
          auditCheckpoint: checkpoint && { seq: checkpoint.seq.toString(), headHash: checkpoint.headHash },
        },
      });
    });
    return { outcome: 'done', reportId, pdfSha256, jsonSha256 };
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
    await prisma.report.update({ where: { id: reportId }, data: { status: 'FAILED', error: message } });
    throw error;
  }
}
