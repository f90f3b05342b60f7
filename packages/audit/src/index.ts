import { createHash } from 'node:crypto';
import type { Prisma } from '@loupe/db';

/** What happened, by whom, to what. Every field is part of the event's hash. */
export interface AuditInput {
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  caseId?: string | null;
  requestId?: string | null;
  clientAddress?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
// Arbitrary constant: every appender takes this transaction-scoped lock, so the chain has one tail.
export const CHAIN_LOCK = 7_231_774_111;

/** Deterministic JSON: object keys sorted at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The content an event's hash covers (everything but its id and its own hash). */
export function eventContent(e: AuditInput & { occurredAt: Date }) {
  return {
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId ?? null,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    caseId: e.caseId ?? null,
    requestId: e.requestId ?? null,
    clientAddress: e.clientAddress ?? null,
    details: e.details ?? {},
  };
}

export function eventHash(prevHash: string, content: ReturnType<typeof eventContent>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/**
 * Appends one event to the hash chain inside the caller's transaction, so the event is written
 * if and only if the change it records is.
 */
export async function appendAuditEvent(
  tx: Prisma.TransactionClient,
  input: AuditInput,
): Promise<{ id: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const occurredAt = new Date();
  const content = eventContent({ ...input, occurredAt });
  const hash = eventHash(prevHash, content);
  const row = await tx.auditEvent.create({
    data: {
      occurredAt,
      actorId: content.actorId,
      action: content.action,
      targetType: content.targetType,
      targetId: content.targetId,
      caseId: content.caseId,
      requestId: content.requestId,
      clientAddress: content.clientAddress,
      details: content.details as Prisma.InputJsonValue,
      prevHash,
      hash,
    },
    select: { id: true },
  });
  return { id: row.id, hash };
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first event whose hash or link does not match, when the chain is broken. */
  firstBroken: { id: bigint; reason: string } | null;
}

type AuditEventRow = Awaited<ReturnType<Prisma.TransactionClient['auditEvent']['findMany']>>[number];
export type ChainReader = { auditEvent: Pick<Prisma.TransactionClient['auditEvent'], 'findMany'> };

/** Every event in id order, read in pages, with the canonical content its hash covers. */
export async function* chainEvents(
  db: ChainReader,
  pageSize = 2000,
): AsyncGenerator<{ event: AuditEventRow; content: ReturnType<typeof eventContent> }> {
  let after: bigint | null = null;
  for (;;) {
    const page: AuditEventRow[] = await db.auditEvent.findMany({
      where: after === null ? {} : { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    for (const e of page) {
      yield { event: e, content: eventContent({ ...e, details: e.details as Record<string, unknown> }) };
    }
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}

/**
 * Recomputes the whole chain from the first event, in id order, in pages: each event's hash must
 * equal SHA-256(previous hash, its canonical content) and its prev_hash must name the event
 * before it. Reports the first event where that fails (an edit, a deletion, an insertion).
 * On its own this cannot tell a chain rewritten with recomputed hashes from the real one; that
 * is what the signed checkpoints are for (verifyAuditLog).
 */
export async function verifyAuditChain(
  db: ChainReader,
  options: { pageSize?: number } = {},
): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const { event: e, content } of chainEvents(db, options.pageSize)) {
    const broken = chainLinkProblem(e, prevHash, eventHash(prevHash, content));
    if (broken) return { ok: false, checked, firstBroken: { id: e.id, reason: broken } };
    prevHash = e.hash;
    checked += 1;
  }
  return { ok: true, checked, firstBroken: null };
}

/** Why an event does not continue the chain after `prevHash`, or null when it does. */
export function chainLinkProblem(
  e: { prevHash: string; hash: string },
  prevHash: string,
  expectedHash: string,
): string | null {
  if (e.prevHash !== prevHash) {
    return 'its link to the previous event does not match (an event was removed, inserted or edited)';
  }
  if (expectedHash !== e.hash) return 'its content does not match its hash (the event was edited)';
  return null;
}

export * from './keys.ts';
export * from './checkpoint.ts';
