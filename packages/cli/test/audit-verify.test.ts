import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  checkpointMessage,
  keyFingerprint,
  loadOrCreateAuditKey,
  publicKeyPath,
  verifyAuditChain,
  writeAuditCheckpoint,
  type AuditKey,
} from '@loupe/audit';
import { rewriteChainForTest } from '@loupe/audit/testing';
import { projectRoot } from '@loupe/config';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { startTestDatabase, type TestDatabase } from '@loupe/db/testing';
import { auditVerify } from '../src/index.ts';

/**
 * `npm run loupe -- audit verify ...` as an operator runs it. Asynchronous: the embedded test
 * database answers from this process's event loop, which spawnSync would block.
 */
function loupe(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'packages/cli/src/main.ts'), ...args],
      { cwd: projectRoot(), env: { ...process.env, ...env }, timeout: 120_000 },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('loupe audit verify', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let key: AuditKey;
  let tmp: string;
  let env: Record<string, string>;
  const lines: string[] = [];
  const verify = (options: Parameters<typeof auditVerify>[2]) => {
    lines.length = 0;
    return auditVerify(prisma, (l) => lines.push(l), options);
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    tmp = mkdtempSync(join(tmpdir(), 'loupe-cli-audit-'));
    key = loadOrCreateAuditKey(join(tmp, 'keys', 'audit-ed25519.pem'));
    env = {
      DATABASE_URL: db.url,
      LOUPE_DATA_DIR: join(tmp, 'data'),
      LOUPE_AUDIT_KEY_FILE: join(tmp, 'keys', 'audit-ed25519.pem'),
    };
    for (let i = 0; i < 12; i++) {
      await prisma.$transaction((tx) => appendAuditEvent(tx, { action: 'test.event', details: { i } }));
      if (i === 5 || i === 9) await writeAuditCheckpoint(prisma, key);
    }
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('passes an intact chain, naming the trusted key and what is not signed yet', async () => {
    expect(await verify({ trustedKey: key })).toBe(0);
    expect(lines).toEqual([
      'audit chain ok: 12 events verified',
      expect.stringMatching(
        new RegExp(
          `^2 signed checkpoint\\(s\\) checked against key ${key.fingerprint}; latest good one covers event \\d+ .*, 2 later event\\(s\\) not signed yet$`,
        ),
      ),
      'audit log OK',
    ]);
  });

  it('fails without a trusted key when there are checkpoints to check', async () => {
    expect(await verify({ trustedKey: null })).toBe(1);
    expect(lines.join('\n')).toMatch(
      /CHECKPOINTS NOT CHECKED: 2 signed checkpoint\(s\) but no trusted public key/,
    );
  });

  it('as a command: passes, takes a head printed in a report, refuses bad arguments', async () => {
    const [first] = await prisma.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
    const ok = await loupe(['audit', 'verify', '--head', `${first!.seq}:${first!.headHash}`], env);
    expect(ok.out).toContain(`trusting audit key ${publicKeyPath(env.LOUPE_AUDIT_KEY_FILE!)}`);
    expect(ok.out).toContain('1 of 1 expected head(s) match the chain');
    expect(ok.code).toBe(0);
    const bad = await loupe(['audit', 'verify', '--head', '12:nothex'], env);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--head 12:nothex: expected SEQ:HASH/);
    const unknown = await loupe(['audit', 'verify', '--keyy', 'x'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/Unknown option '--keyy'/);
    const missing = await loupe(['audit', 'verify', '--public-key', join(tmp, 'nope.pem')], env);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/cannot read the trusted audit key .*nope\.pem: ENOENT/);
  }, 240_000);

  it('fails a chain rewritten with recomputed hashes, which the link check alone accepts', async () => {
    const [first, second] = await prisma.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
    await rewriteChainForTest(prisma, 2, { i: 'rewritten' });
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
    expect(
      await verify({ trustedKey: key, expectedHeads: [{ seq: first!.seq, hash: first!.headHash }] }),
    ).toBe(1);
    expect(lines[0]).toBe('audit chain ok: 12 events verified');
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^CHECKPOINT FAILED at event ${first!.seq}: .*rewritten`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^CHECKPOINT FAILED at event ${second!.seq}: `)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^EXPECTED HEAD FAILED at event ${first!.seq}: `)),
    );
    expect(lines.at(-1)).toBe('audit log FAILED: 3 problem(s)');

    // The command, with the operator's copy of the public key, says the same and exits 1.
    const pub = join(tmp, 'kept-elsewhere.pub.pem');
    writeFileSync(pub, key.publicKeyPem);
    const run = await loupe(['audit', 'verify', '--public-key', pub], env);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/CHECKPOINT FAILED at event/);
  }, 240_000);

  it('fails a checkpoint forged over the rewritten head with another key', async () => {
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
    expect(await verify({ trustedKey: key })).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^CHECKPOINT FAILED at event ${head.id}: its signature does not verify with the trusted key .*forged`,
        ),
      ),
    );
  });
});
