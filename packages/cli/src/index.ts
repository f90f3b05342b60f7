import { appendAuditEvent, verifyAuditLog, type AuditKey, type ExpectedHead } from '@loupe/audit';
import type { PrismaClient } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';

/** Where a command writes its lines (stdout in the CLI, an array in tests). */
export type Out = (line: string) => void;

export interface AuditVerifyOptions {
  /** The key checkpoints must be signed with; never the public key stored in the database. */
  trustedKey: Pick<AuditKey, 'publicKey' | 'fingerprint'> | null;
  /** Heads written down outside the database (a report's "Check it with" line). */
  expectedHeads?: ExpectedHead[];
}

/**
 * `loupe audit verify`: recomputes the whole chain, checks every signed checkpoint against the
 * trusted key and every signed or expected head against the recomputed chain. One line per
 * failure; exit code 1 when anything fails.
 */
export async function auditVerify(
  prisma: PrismaClient,
  out: Out,
  options: AuditVerifyOptions,
): Promise<number> {
  const { trustedKey, expectedHeads = [] } = options;
  const result = await verifyAuditLog(prisma, trustedKey, { expectedHeads });
  const { chain } = result;
  if (chain.ok) out(`audit chain ok: ${chain.checked} events verified`);
  else {
    out(`audit chain BROKEN after ${chain.checked} good events`);
    out(`first broken event: ${chain.firstBroken?.id} — ${chain.firstBroken?.reason}`);
  }
  let failures = chain.ok ? 0 : 1;
  if (!trustedKey && result.checkpointsChecked > 0) {
    out(
      `CHECKPOINTS NOT CHECKED: ${result.checkpointsChecked} signed checkpoint(s) but no trusted public key ` +
        '(pass --public-key FILE, the audit-ed25519.pub.pem kept outside the database)',
    );
    failures += 1;
  }
  for (const p of result.problems) {
    out(
      `${p.source === 'checkpoint' ? 'CHECKPOINT' : 'EXPECTED HEAD'} FAILED at event ${p.seq}: ${p.reason}`,
    );
    failures += 1;
  }
  if (trustedKey) {
    const latest = result.latestGood;
    out(
      `${result.checkpointsChecked} signed checkpoint(s) checked against key ${trustedKey.fingerprint}` +
        (latest
          ? `; latest good one covers event ${latest.seq} (signed ${latest.createdAt.toISOString()}), ` +
            `${result.unsignedAfterLatest} later event(s) not signed yet`
          : ''),
    );
    if (!latest && chain.checked > 0 && failures === 0) {
      out('WARNING: no signed checkpoint covers this chain yet: nothing outside the database anchors it');
    }
  }
  if (expectedHeads.length > 0) {
    const bad = result.problems.filter((p) => p.source === 'expected head').length;
    out(`${expectedHeads.length - bad} of ${expectedHeads.length} expected head(s) match the chain`);
  }
  out(failures === 0 ? 'audit log OK' : `audit log FAILED: ${failures} problem(s)`);
  return failures === 0 ? 0 : 1;
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
