import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { onRealPostgres, REAL_POSTGRES_ONLY, startTestDatabase, type TestDatabase } from '@loupe/db/testing';
import { GENESIS_HASH, appendAuditEvent, canonicalJson, verifyAuditChain } from '../src/index.ts';

describe('audit hash chain', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await startTestDatabase();
    prisma = createPrismaClient({ url: db.url });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.stop();
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('chains concurrent appends without forks and verifies them', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        prisma.$transaction((tx) =>
          appendAuditEvent(tx, { action: 'test.event', details: { i, nested: { b: 2, a: 1 } } }),
        ),
      ),
    );
    const events = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(new Set(events.map((e) => e.prevHash)).size).toBe(events.length);
    expect(await verifyAuditChain(prisma, { pageSize: 7 })).toEqual({
      ok: true,
      checked: 40,
      firstBroken: null,
    });
  });

  it('the database refuses UPDATE and DELETE; an edit behind its back is caught at that exact event', async () => {
    await expect(prisma.auditEvent.updateMany({ data: { action: 'x' } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    const target = (await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } }))[17]!;
    // Someone with the owner's rights disables the trigger and edits one row.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    await c.query(`UPDATE audit_events SET details = '{"i": 999}' WHERE id = $1`, [target.id]);
    await c.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    await c.end();
    const result = await verifyAuditChain(prisma);
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(17);
    expect(result.firstBroken?.id).toBe(target.id);
    expect(result.firstBroken?.reason).toMatch(/edited/);
  });
});

describe.runIf(onRealPostgres)(`${REAL_POSTGRES_ONLY} audit chain under concurrent writers`, () => {
  let db: TestDatabase;
  // Several processes' worth of connections (one client per API or worker process).
  let clients: PrismaClient[];
  beforeAll(async () => {
    db = await startTestDatabase();
    clients = Array.from({ length: 4 }, () => createPrismaClient({ url: db.url, poolSize: 5 }));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.$disconnect()));
    await db.stop();
  });

  it('stays one line when 4 clients append 100 events at once, each in its own transaction', async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        clients[i % clients.length]!.$transaction(async (tx) => {
          // Some work before the append, as the services do, so transactions really overlap.
          await tx.$executeRaw`SELECT pg_sleep(0.002)`;
          return appendAuditEvent(tx, { action: 'test.concurrent', details: { i } });
        }),
      ),
    );
    const events = await clients[0]!.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events).toHaveLength(100);
    // Linear: each event links to the one right before it in id order, none is linked twice.
    events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1]!.hash));
    expect(new Set(events.map((e) => (e.details as { i: number }).i)).size).toBe(100);
    expect(await verifyAuditChain(clients[1]!)).toEqual({ ok: true, checked: 100, firstBroken: null });
  });
});
