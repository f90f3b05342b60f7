import { sign, verify } from 'node:crypto';
import type { AuditCheckpoint, PrismaClient } from '@loupe/db';
import type { AuditKey } from './keys.ts';
import {
  CHAIN_LOCK,
  chainEvents,
  chainLinkProblem,
  eventHash,
  GENESIS_HASH,
  type ChainReader,
  type ChainVerification,
} from './index.ts';

// A signed checkpoint says "event <seq> had hash <headHash> at <createdAt>". Anyone who can write
// to the database can rewrite every event and recompute every hash, so the chain alone proves
// nothing against them; they cannot sign the new head without the key, which lives outside the
// database. Verification trusts only the key it is given, never the public key stored in a row
// (a rewritten checkpoints table would carry the attacker's own key).

/** The exact bytes a checkpoint's signature covers. Versioned so the format can change later. */
export function checkpointMessage(seq: bigint, headHash: string, createdAt: Date): Buffer {
  return Buffer.from(`loupe-audit-checkpoint:v1\n${seq}\n${headHash}\n${createdAt.toISOString()}`);
}

/** Whether `signature` (base64) over the checkpoint verifies with `key`. */
export function checkpointSignatureValid(
  c: Pick<AuditCheckpoint, 'seq' | 'headHash' | 'createdAt' | 'signature'>,
  key: Pick<AuditKey, 'publicKey'>,
): boolean {
  const signature = Buffer.from(c.signature, 'base64');
  // Ed25519 signatures are 64 bytes; anything else is garbage, not an error to throw.
  if (signature.length !== 64) return false;
  return verify(null, checkpointMessage(c.seq, c.headHash, c.createdAt), key.publicKey, signature);
}

type CheckpointWriter = Pick<PrismaClient, '$transaction'>;

/**
 * Signs the chain's current head and stores it, unless that head is already signed (then the
 * existing checkpoint is returned). Takes the appenders' lock, so the head cannot move while it
 * is read and several processes checkpointing at once store it once (seq is also unique).
 * Returns null while the chain is empty.
 */
export async function writeAuditCheckpoint(
  prisma: CheckpointWriter,
  key: AuditKey,
  now: () => Date = () => new Date(),
): Promise<AuditCheckpoint | null> {
  const privateKey = key.privateKey;
  if (!privateKey) throw new Error('writeAuditCheckpoint needs the private signing key');
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`;
    const head = await tx.auditEvent.findFirst({
      orderBy: { id: 'desc' },
      select: { id: true, hash: true },
    });
    if (!head) return null;
    const existing = await tx.auditCheckpoint.findUnique({ where: { seq: head.id } });
    if (existing) return existing;
    // Millisecond precision: the column keeps milliseconds, and the signed text must round-trip.
    const createdAt = new Date(now().getTime());
    const signature = sign(null, checkpointMessage(head.id, head.hash, createdAt), privateKey);
    return tx.auditCheckpoint.create({
      data: {
        seq: head.id,
        headHash: head.hash,
        createdAt,
        keyFingerprint: key.fingerprint,
        publicKey: key.publicKeyPem,
        signature: signature.toString('base64'),
      },
    });
  });
}

export interface CheckpointPolicy {
  /** Sign once this many events follow the last checkpoint… */
  every: number;
  /** …or once this many minutes have passed since it, if any event followed it. */
  minutes: number;
}

/** Signs a checkpoint when the policy says one is due; returns it, or null when none was due. */
export async function checkpointIfDue(
  prisma: CheckpointWriter & Pick<PrismaClient, 'auditCheckpoint' | 'auditEvent'>,
  key: AuditKey,
  policy: CheckpointPolicy,
  now: () => Date = () => new Date(),
): Promise<AuditCheckpoint | null> {
  const last = await prisma.auditCheckpoint.findFirst({ orderBy: { seq: 'desc' } });
  const pending = await prisma.auditEvent.count({ where: last ? { id: { gt: last.seq } } : {} });
  if (pending === 0) return null;
  const due =
    !last || pending >= policy.every || now().getTime() - last.createdAt.getTime() >= policy.minutes * 60_000;
  return due ? writeAuditCheckpoint(prisma, key, now) : null;
}

/** A head someone wrote down outside the database (printed in a report): event seq had hash. */
export interface ExpectedHead {
  seq: bigint;
  hash: string;
}

/** Parses `SEQ:HASH` as printed in a report; null when it is not that. */
export function parseExpectedHead(text: string): ExpectedHead | null {
  const m = /^(\d{1,19}):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { seq: BigInt(m[1]!), hash: m[2]!.toLowerCase() } : null;
}

export interface AnchorProblem {
  /** The event the checkpoint (or expected head) covers. */
  seq: bigint;
  source: 'checkpoint' | 'expected head';
  reason: string;
}

export interface AuditLogVerification {
  ok: boolean;
  chain: ChainVerification;
  /** Checkpoints whose signature and head were checked. */
  checkpointsChecked: number;
  problems: AnchorProblem[];
  /** The newest checkpoint that passed, and how many events follow it (not yet signed). */
  latestGood: AuditCheckpoint | null;
  unsignedAfterLatest: number;
}

const short = (fingerprint: string) => `${fingerprint.slice(0, 16)}…`;

/**
 * The full check behind `loupe audit verify`: the chain's links and hashes (verifyAuditChain),
 * every checkpoint's signature against the trusted key, and every checkpoint's head — and every
 * expected head given from outside (a report) — against the hash recomputed from the first
 * event. A chain rewritten with recomputed hashes passes the first check and fails the third.
 * `trusted` null checks no signature (and so finds no checkpoint good): for a caller without a key.
 */
export async function verifyAuditLog(
  db: ChainReader & { auditCheckpoint: Pick<PrismaClient['auditCheckpoint'], 'findMany'> },
  trusted: Pick<AuditKey, 'publicKey' | 'fingerprint'> | null,
  options: { pageSize?: number; expectedHeads?: ExpectedHead[] } = {},
): Promise<AuditLogVerification> {
  const checkpoints = await db.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
  const problems: AnchorProblem[] = [];
  const signedOk = new Set<AuditCheckpoint>();
  // With no trusted key, signatures go unchecked (the caller says so) and no checkpoint is "good".
  for (const c of checkpoints) {
    if (!trusted) break;
    if (checkpointSignatureValid(c, trusted)) {
      signedOk.add(c);
      continue;
    }
    problems.push({
      seq: c.seq,
      source: 'checkpoint',
      reason:
        c.keyFingerprint !== trusted.fingerprint
          ? `its signature does not verify with the trusted key ${short(trusted.fingerprint)} ` +
            `(it names key ${short(c.keyFingerprint)}: forged, or signed with another key)`
          : 'its signature does not verify with the trusted key (the checkpoint was altered)',
    });
  }
  // Everything that pins a hash to an event, in event order, to compare while walking the chain.
  const anchors = [
    ...checkpoints.map((c) => ({ seq: c.seq, hash: c.headHash, source: 'checkpoint' as const, c })),
    ...(options.expectedHeads ?? []).map((h) => ({ ...h, source: 'expected head' as const, c: null })),
  ].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  // Checkpoint → how many events the chain has up to and including its head.
  const headMatched = new Map<AuditCheckpoint, number>();

  let chain: ChainVerification | null = null;
  let storedPrev = GENESIS_HASH;
  // Recomputed from the first event regardless of what is stored, so an anchor after an edit
  // is judged against what the chain really hashes to, not against the stored (edited) hashes.
  let recomputed = GENESIS_HASH;
  let checked = 0;
  let walked = 0;
  let next = 0;
  let lastSeq: bigint | null = null;
  const miss = (a: (typeof anchors)[number], reason: string) =>
    problems.push({ seq: a.seq, source: a.source, reason });
  for await (const { event: e, content } of chainEvents(db, options.pageSize)) {
    if (!chain) {
      const broken = chainLinkProblem(e, storedPrev, eventHash(storedPrev, content));
      if (broken) chain = { ok: false, checked, firstBroken: { id: e.id, reason: broken } };
      else checked += 1;
    }
    storedPrev = e.hash;
    recomputed = eventHash(recomputed, content);
    lastSeq = e.id;
    walked += 1;
    for (; next < anchors.length && anchors[next]!.seq <= e.id; next++) {
      const a = anchors[next]!;
      if (a.seq < e.id) miss(a, `event ${a.seq}, the head it covers, is missing from the chain`);
      else if (a.hash !== recomputed) {
        miss(
          a,
          `the chain recomputed to event ${a.seq} hashes to ${recomputed}, not the ${a.source === 'checkpoint' ? 'signed' : 'expected'} ` +
            `head ${a.hash}: events up to ${a.seq} were rewritten, inserted or removed`,
        );
      } else if (a.c) headMatched.set(a.c, walked);
    }
  }
  for (const a of anchors.slice(next)) {
    miss(a, `event ${a.seq}, the head it covers, is not in the chain (it ends at ${lastSeq ?? 'nothing'})`);
  }
  chain ??= { ok: true, checked, firstBroken: null };
  const good = checkpoints.filter((c) => signedOk.has(c) && headMatched.has(c));
  const latestGood = good.at(-1) ?? null;
  const unsignedAfterLatest = walked - (latestGood ? (headMatched.get(latestGood) ?? 0) : 0);
  return {
    ok: chain.ok && problems.length === 0,
    chain,
    checkpointsChecked: checkpoints.length,
    problems: problems.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0)),
    latestGood,
    unsignedAfterLatest,
  };
}
