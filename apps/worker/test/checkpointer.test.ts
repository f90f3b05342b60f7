import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  loadOrCreateAuditKey,
  readTrustedKey,
  publicKeyPath,
  verifyAuditLog,
} from '@loupe/audit';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { startTestDatabase, type TestDatabase } from '@loupe/db/testing';
import { startCheckpointer } from '../src/audit/checkpoints.ts';

describe("the worker's audit checkpointer", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const tmp = mkdtempSync(join(tmpdir(), 'loupe-checkpointer-'));
  const keyFile = join(tmp, 'keys', 'audit-ed25519.pem');
  const logs: string[] = [];
  const log = {
    info: (m: string) => logs.push(`info ${m}`),
    error: (m: string, e?: unknown) => logs.push(`error ${m} ${String(e)}`),
  };
  const append = (i: number) =>
    prisma.$transaction((tx) => appendAuditEvent(tx, { action: 'test.event', details: { i } }));

  beforeAll(async () => {
    db = await startTestDatabase();
    prisma = createPrismaClient({ url: db.url });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('signs when due, signs the rest when stopped, and logs a failure instead of throwing', async () => {
    const key = loadOrCreateAuditKey(keyFile);
    const checkpointer = startCheckpointer({ prisma, key, log }, { every: 3, minutes: 60 });
    await append(0);
    await checkpointer.tick(); // the first event: nothing signed yet, so due
    for (let i = 1; i < 3; i++) await append(i);
    await checkpointer.tick(); // 2 new < 3: not due
    expect(await prisma.auditCheckpoint.count()).toBe(1);
    await append(3);
    await checkpointer.tick(); // 3 new: due
    expect(await prisma.auditCheckpoint.count()).toBe(2);
    await append(4);
    await checkpointer.stop(); // 1 new: signed on the way out
    expect(await prisma.auditCheckpoint.count()).toBe(3);
    expect(logs.filter((l) => l.startsWith('info audit chain head signed'))).toHaveLength(3);
    const verified = await verifyAuditLog(prisma, readTrustedKey(publicKeyPath(keyFile)));
    expect(verified).toMatchObject({ ok: true, unsignedAfterLatest: 0 });

    // A key without its private half cannot sign: logged, and the worker carries on.
    const broken = startCheckpointer(
      { prisma, key: { ...key, privateKey: null }, log },
      { every: 1, minutes: 60 },
    );
    await append(5);
    await expect(broken.tick()).resolves.toBeUndefined();
    await broken.stop();
    expect(
      logs.some((l) => l.startsWith('error audit checkpoint failed') && /private signing key/.test(l)),
    ).toBe(true);
  });
});
