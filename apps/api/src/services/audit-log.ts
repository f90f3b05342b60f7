import { appendAuditEvent, type AuditInput } from '@loupe/audit';
import type { Prisma } from '@loupe/db';
import type { RequestMeta } from './meta.ts';

/** An event as a service describes it: what happened, to what; who and from where come separately. */
export type AuditAction = Omit<AuditInput, 'actorId' | 'requestId' | 'clientAddress'>;

/** An event about a case itself (created, edited, members, tags, assignment, notes). */
export const caseEvent = (action: string, caseId: string, details: Record<string, unknown>): AuditAction => ({
  action,
  targetType: 'Case',
  targetId: caseId,
  caseId,
  details,
});

/**
 * Appends one audit event for something a request did, inside the caller's transaction (after
 * Outline's createWithCtx): the actor and the request's id and client address are filled in here,
 * so every service records them the same way and none can forget one. `actorId` is null for
 * events without a signed-in actor (a failed sign-in).
 */
export function recordAudit(
  tx: Prisma.TransactionClient,
  actorId: string | null,
  meta: RequestMeta,
  event: AuditAction,
): ReturnType<typeof appendAuditEvent> {
  return appendAuditEvent(tx, {
    actorId,
    ...event,
    requestId: meta.requestId,
    clientAddress: meta.clientAddress,
  });
}
