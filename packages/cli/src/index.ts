import { appendAuditEvent, verifyAuditChain } from '@loupe/audit';
import type { PrismaClient } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';

/** Where a command writes its lines (stdout in the CLI, an array in tests). */
export type Out = (line: string) => void;

/** `loupe audit verify`: recomputes the whole chain. Exit code 1 when it is broken. */
export async function auditVerify(prisma: PrismaClient, out: Out): Promise<number> {
  const result = await verifyAuditChain(prisma);
  if (result.ok) {
    out(`audit chain ok: ${result.checked} events verified`);
    return 0;
  }
  out(`audit chain BROKEN after ${result.checked} good events`);
  out(`first broken event: ${result.firstBroken?.id} — ${result.firstBroken?.reason}`);
  return 1;
}

export interface EvidenceCheck {
  mediaId: string;
  originalName: string;
  expected: string;
  actual: string | null;
  status: 'ok' | 'mismatch' | 'missing';
}

/**
 * `loupe evidence verify <caseId>`: re-hashes every stored original of the case and compares it
 * with the SHA-256 recorded at acquisition. The check itself is recorded in the audit trail.
 * Exit code 1 on any mismatch or missing file.
 */
export async function evidenceVerify(
  prisma: PrismaClient,
  store: EvidenceStore,
  caseId: string,
  out: Out,
): Promise<{ code: number; checks: EvidenceCheck[] }> {
  const found = await prisma.case.findUnique({ where: { id: caseId }, select: { id: true, title: true } });
  if (!found) {
    out(`no case ${caseId}`);
    return { code: 2, checks: [] };
  }
  const media = await prisma.media.findMany({
    where: { caseId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, originalName: true, sha256: true, storageKey: true },
  });
  const checks: EvidenceCheck[] = [];
  for (const m of media) {
    let actual: string | null = null;
    try {
      actual = await store.sha256(m.storageKey);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const status = actual === null ? 'missing' : actual === m.sha256 ? 'ok' : 'mismatch';
    checks.push({ mediaId: m.id, originalName: m.originalName, expected: m.sha256, actual, status });
    const tail = status === 'mismatch' ? ` (stored file hashes to ${actual})` : '';
    out(`${status.toUpperCase().padEnd(8)} ${m.id} ${m.sha256} ${m.originalName}${tail}`);
  }
  const bad = checks.filter((c) => c.status !== 'ok');
  out(
    `${checks.length} item(s) checked in case "${found.title}": ${checks.length - bad.length} ok, ` +
      `${bad.filter((c) => c.status === 'mismatch').length} mismatched, ${bad.filter((c) => c.status === 'missing').length} missing`,
  );
  await prisma.$transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'evidence.verify',
      targetType: 'Case',
      targetId: caseId,
      caseId,
      details: {
        checked: checks.length,
        ok: checks.length - bad.length,
        problems: bad.map((c) => ({ mediaId: c.mediaId, status: c.status, actual: c.actual })),
        tool: 'loupe-cli',
      },
    }),
  );
  return { code: bad.length ? 1 : 0, checks };
}
