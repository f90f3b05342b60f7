import type { PrismaClient } from '@loupe/db';
import { eventContent, eventHash, GENESIS_HASH } from './index.ts';

/**
 * For tests: what someone with write access to the database can do. Disables the append-only
 * trigger, replaces the details of the event at `index` (0-based, id order) and recomputes the
 * hash of it and of every event after it, so verifyAuditChain finds the chain intact again.
 * Returns the new head hash.
 */
export async function rewriteChainForTest(
  prisma: PrismaClient,
  index: number,
  details: Record<string, unknown>,
): Promise<string> {
  const events = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
  let prev = events[index - 1]?.hash ?? GENESIS_HASH;
  await prisma.$executeRawUnsafe('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
  try {
    for (const e of events.slice(index)) {
      const newDetails = e === events[index] ? details : (e.details as Record<string, unknown>);
      const hash = eventHash(prev, eventContent({ ...e, details: newDetails }));
      await prisma.$executeRaw`UPDATE audit_events SET details = ${JSON.stringify(newDetails)}::jsonb,
        prev_hash = ${prev}, hash = ${hash} WHERE id = ${e.id}`;
      prev = hash;
    }
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
  }
  return prev;
}
