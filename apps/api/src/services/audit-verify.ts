import { readFileSync } from 'node:fs';
import { readTrustedKey, verifyAuditLog, type AuditKey } from '@loupe/audit';
import type { AuditCheckpoint, PrismaClient } from '@loupe/db';

export interface AuditTrailVerification {
  /** Nothing that was checked failed: the chain's links and hashes, and every checkpoint's head. */
  ok: boolean;
  /** Events whose hash and link were recomputed and matched. */
  checked: number;
  firstBroken: { id: bigint; reason: string } | null;
  /** True only when every checkpoint's signature was checked against the trusted key. */
  checkpointsVerified: boolean;
  /** Why the signatures went unchecked (no usable public key file); null when they were checked. */
  checkpointsNotVerifiedReason: string | null;
  checkpointsChecked: number;
  /** The newest checkpoint whose signature and head both passed. */
  latestSignedHead: AuditCheckpoint | null;
  eventsAfterLatestSignedHead: number;
  failures: { seq: bigint; reason: string }[];
  publicKey: { fingerprint: string; source: string } | null;
}

type TrustedKey = { key: AuditKey; problem: null } | { key: null; problem: string };

/**
 * Reads the trusted key afresh at every verification, so a key the worker creates after the API
 * started (first start of a deployment) is used without a restart. A private key is refused: the
 * API must never hold what signs checkpoints, or whoever takes the API could re-sign a rewrite.
 */
function trustedKey(file: string): TrustedKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      key: null,
      problem:
        code === 'ENOENT'
          ? `checkpoints not checked: no public key at ${file}`
          : `checkpoints not checked: cannot read the public key at ${file} (${code ?? (error as Error).message})`,
    };
  }
  if (text.includes('PRIVATE KEY')) {
    return {
      key: null,
      problem: `checkpoints not checked: ${file} holds a private key; give the API only the public key (the .pub.pem)`,
    };
  }
  try {
    return { key: readTrustedKey(file), problem: null };
  } catch (error) {
    return { key: null, problem: `checkpoints not checked: ${(error as Error).message}` };
  }
}

/**
 * verifyAuditLog (the check behind `loupe audit verify`) for the API: the chain alone cannot tell
 * a chain rewritten with recomputed hashes from the real one; the signed checkpoints can, given a
 * key from outside the database.
 */
export async function verifyAuditTrail(
  prisma: PrismaClient,
  publicKeyFile: string,
): Promise<AuditTrailVerification> {
  const trusted = trustedKey(publicKeyFile);
  const r = await verifyAuditLog(prisma, trusted.key);
  return {
    ok: r.ok,
    checked: r.chain.checked,
    firstBroken: r.chain.firstBroken,
    checkpointsVerified: trusted.key !== null,
    checkpointsNotVerifiedReason: trusted.problem,
    checkpointsChecked: r.checkpointsChecked,
    latestSignedHead: r.latestGood,
    eventsAfterLatestSignedHead: r.unsignedAfterLatest,
    failures: r.problems.map((p) => ({ seq: p.seq, reason: p.reason })),
    publicKey: trusted.key ? { fingerprint: trusted.key.fingerprint, source: publicKeyFile } : null,
  };
}
