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
const CHAIN_LOCK = 7_231_774_111;

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
export async function appendAuditEvent(tx: Prisma.TransactionClient, input: AuditInput): Promise<{ id: bigint; hash: string }> {
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
