import { generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { onRealPostgres, REAL_POSTGRES_ONLY, startTestDatabase, type TestDatabase } from '@loupe/db/testing';
import {
  appendAuditEvent,
  checkpointIfDue,
  checkpointMessage,
  keyFingerprint,
  loadOrCreateAuditKey,
  parseExpectedHead,
  publicKeyPath,
  readTrustedKey,
  verifyAuditChain,
  verifyAuditLog,
  writeAuditCheckpoint,
  type AuditKey,
} from '../src/index.ts';
import { rewriteChainForTest } from '../src/testing.ts';

const tmp = mkdtempSync(join(tmpdir(), 'loupe-audit-keys-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the audit signing key file', () => {
  it('is created at first use with mode 0600 in a 0700 folder, its public key beside it, and reused', () => {
    const file = join(tmp, 'fresh', 'keys', 'audit-ed25519.pem');
    const first = loadOrCreateAuditKey(file);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp, 'fresh', 'keys')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(readFileSync(publicKeyPath(file), 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = loadOrCreateAuditKey(file);
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(first.fingerprint);
    // A verifier given only the public key file trusts the same key.
    const trusted = readTrustedKey(publicKeyPath(file));
    expect(trusted.fingerprint).toBe(first.fingerprint);
    expect(trusted.privateKey).toBeNull();
  });

  it.each([
    ['readable by others', (f: string) => chmodSync(f, 0o644), /readable by others.*chmod 600/],
    ['not a key', (f: string) => writeFileSync(f, 'hello', { mode: 0o600 }), /not a PEM private key/],
    [
      'an RSA key',
      (f: string) =>
        writeFileSync(
          f,
          generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
            format: 'pem',
            type: 'pkcs8',
          }),
          { mode: 0o600 },
        ),
      /must be Ed25519/,
    ],
  ])('refuses a key file that is %s, saying why', (_name, spoil, message) => {
    const file = join(tmp, `bad-${Math.random().toString(36).slice(2)}.pem`);
    loadOrCreateAuditKey(file);
    spoil(file);
    expect(() => loadOrCreateAuditKey(file)).toThrow(message);
  });

  it('says which file is missing when the trusted key cannot be read', () => {
    expect(() => readTrustedKey(join(tmp, 'nope.pub.pem'))).toThrow(
      /cannot read the trusted audit key.*ENOENT/,
    );
  });
});

describe('signed checkpoints of the audit chain head', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let key: AuditKey;
  const append = (i: number) =>
    prisma.$transaction((tx) => appendAuditEvent(tx, { action: 'test.event', details: { i } }));

  beforeAll(async () => {
    db = await startTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    key = loadOrCreateAuditKey(join(tmp, 'chain', 'audit-ed25519.pem'));
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.stop();
  });

  it('signs nothing for an empty chain, then the head, once, however many processes ask at once', async () => {
    expect(await writeAuditCheckpoint(prisma, key)).toBeNull();
    for (let i = 0; i < 10; i++) await append(i);
    const head = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const clients = [prisma, createPrismaClient({ url: db.url }), createPrismaClient({ url: db.url })];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => writeAuditCheckpoint(clients[i % 3]!, key)),
    );
    await Promise.all(clients.slice(1).map((c) => c.$disconnect()));
    expect(new Set(results.map((r) => r?.id))).toEqual(new Set([results[0]!.id]));
    const rows = await prisma.auditCheckpoint.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: head.id, headHash: head.hash, keyFingerprint: key.fingerprint });
    const verified = await verifyAuditLog(prisma, key);
    expect(verified).toMatchObject({ ok: true, checkpointsChecked: 1, problems: [], unsignedAfterLatest: 0 });
    expect(verified.latestGood?.seq).toBe(head.id);
  });

  it('signs when N events or M minutes have accumulated since the last checkpoint, not before', async () => {
    const policy = { every: 5, minutes: 10 };
    const last = await prisma.auditCheckpoint.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(await checkpointIfDue(prisma, key, policy)).toBeNull(); // nothing new
    for (let i = 10; i < 14; i++) await append(i);
    expect(await checkpointIfDue(prisma, key, policy)).toBeNull(); // 4 new, 0 minutes
    const later = () => new Date(last.createdAt.getTime() + 10 * 60_000);
    const byTime = await checkpointIfDue(prisma, key, policy, later);
    expect(byTime?.createdAt.toISOString()).toBe(later().toISOString());
    for (let i = 14; i < 19; i++) await append(i);
    const byCount = await checkpointIfDue(prisma, key, policy);
    expect(byCount!.seq).toBeGreaterThan(byTime!.seq);
    await append(19);
    const verified = await verifyAuditLog(prisma, key, { pageSize: 4 });
    expect(verified).toMatchObject({ ok: true, checkpointsChecked: 3, unsignedAfterLatest: 1 });
  });

  it('catches a chain rewritten with recomputed hashes, which verifyAuditChain alone accepts', async () => {
    const signed = await prisma.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
    const events = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    // The report printed the head of the first checkpoint; remember it as the outside copy.
    const printed = parseExpectedHead(`${signed[0]!.seq}:${signed[0]!.headHash}`)!;
    expect(await verifyAuditLog(prisma, key, { expectedHeads: [printed] })).toMatchObject({ ok: true });

    await rewriteChainForTest(prisma, 3, { i: 999 });
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: events.length, firstBroken: null });
    const result = await verifyAuditLog(prisma, key, { expectedHeads: [printed] });
    expect(result.ok).toBe(false);
    expect(result.chain.ok).toBe(true);
    // Every checkpoint at or after the edited event, and the printed head, no longer match.
    expect(result.problems.map((p) => [p.seq, p.source])).toEqual([
      [signed[0]!.seq, 'checkpoint'],
      [signed[0]!.seq, 'expected head'],
      [signed[1]!.seq, 'checkpoint'],
      [signed[2]!.seq, 'checkpoint'],
    ]);
    expect(result.problems[0]!.reason).toMatch(/not the signed head .* were rewritten/);
    expect(result.latestGood).toBeNull();
  });

  it('refuses a checkpoint forged over the rewritten head with another key', async () => {
    const head = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const attacker = generateKeyPairSync('ed25519');
    const createdAt = new Date();
    await prisma.auditCheckpoint.create({
      data: {
        seq: head.id,
        headHash: head.hash,
        createdAt,
        keyFingerprint: keyFingerprint(attacker.publicKey),
        publicKey: attacker.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        signature: sign(null, checkpointMessage(head.id, head.hash, createdAt), attacker.privateKey).toString(
          'base64',
        ),
      },
    });
    const result = await verifyAuditLog(prisma, key);
    const forged = result.problems.find((p) => p.seq === head.id);
    expect(forged?.reason).toMatch(
      /does not verify with the trusted key .*forged, or signed with another key/,
    );
    // Verified against the attacker's own key, the forgery would pass: the trusted key is what matters.
    const fooled = await verifyAuditLog(prisma, {
      publicKey: attacker.publicKey,
      fingerprint: keyFingerprint(attacker.publicKey),
    });
    expect(fooled.problems.find((p) => p.seq === head.id)).toBeUndefined();
  });

  it('the checkpoints table is append-only too', async () => {
    await expect(prisma.auditCheckpoint.updateMany({ data: { headHash: '0'.repeat(64) } })).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.auditCheckpoint.deleteMany({})).rejects.toThrow(/append-only/);
  });
});

describe.runIf(onRealPostgres)(`${REAL_POSTGRES_ONLY} checkpoints while several processes append`, () => {
  let db: TestDatabase;
  let clients: PrismaClient[];
  // The checkpointers' own connections: on the appenders' pools they would queue behind the
  // appends and only run once these had all committed.
  let checkpointClients: PrismaClient[];
  beforeAll(async () => {
    db = await startTestDatabase();
    clients = Array.from({ length: 4 }, () => createPrismaClient({ url: db.url, poolSize: 5 }));
    checkpointClients = Array.from({ length: 4 }, () => createPrismaClient({ url: db.url, poolSize: 1 }));
  });
  afterAll(async () => {
    await Promise.all([...clients, ...checkpointClients].map((c) => c.$disconnect()));
    await db.stop();
  });

  it('every checkpoint signed amid 100 concurrent appends names a real head, once', async () => {
    const key = loadOrCreateAuditKey(join(tmp, 'real', 'audit-ed25519.pem'));
    const append = (i: number) =>
      clients[i % 4]!.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_sleep(0.002)`;
        return appendAuditEvent(tx, { action: 'test.concurrent', details: { i } });
      });
    let appending = true;
    // Half the appends, then the other half once a checkpoint has been signed: so checkpoints
    // certainly fall amid appends, however the machine schedules them.
    const first = Array.from({ length: 50 }, (_, i) => append(i));
    const appends = (async () => {
      while ((await checkpointClients[0]!.auditCheckpoint.count()) === 0) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const second = Array.from({ length: 50 }, (_, i) => append(50 + i));
      await Promise.all([...first, ...second]);
    })().finally(() => (appending = false));
    // Four "workers" checkpointing as fast as they can for as long as the appends run.
    const checkpointers = checkpointClients.map(async (c) => {
      while (appending) await checkpointIfDue(c, key, { every: 3, minutes: 60 });
    });
    await Promise.all([appends, ...checkpointers]);
    await writeAuditCheckpoint(clients[0]!, key);
    const rows = await clients[0]!.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
    const result = await verifyAuditLog(clients[1]!, key);
    expect(result).toMatchObject({ ok: true, problems: [], unsignedAfterLatest: 0 });
    expect(result.chain.checked).toBe(100);
  });
});
