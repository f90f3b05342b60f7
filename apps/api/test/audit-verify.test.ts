import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkpointMessage,
  keyFingerprint,
  loadOrCreateAuditKey,
  publicKeyPath,
  writeAuditCheckpoint,
  type AuditKey,
} from '@loupe/audit';
import { rewriteChainForTest } from '@loupe/audit/testing';
import { codeOf, startHarness, type Harness } from './harness.ts';

// verifyAuditChain checks the signed checkpoints against a public key read from a file, so a
// chain rewritten with recomputed hashes (which the links alone accept) is reported (issue 13).

const VERIFY = `{ verifyAuditChain {
  ok checked firstBrokenEvent { id reason }
  checkpointsVerified checkpointsNotVerifiedReason checkpointsChecked eventsAfterLatestSignedHead
  latestSignedHead { seq hash signedAt keyFingerprint }
  failures { seq reason }
  publicKey { fingerprint source }
} }`;

interface Verification {
  ok: boolean;
  checked: number;
  firstBrokenEvent: { id: string; reason: string } | null;
  checkpointsVerified: boolean;
  checkpointsNotVerifiedReason: string | null;
  checkpointsChecked: number;
  eventsAfterLatestSignedHead: number;
  latestSignedHead: { seq: string; hash: string; signedAt: string; keyFingerprint: string } | null;
  failures: { seq: string; reason: string }[];
  publicKey: { fingerprint: string; source: string } | null;
}

describe('verifyAuditChain with signed checkpoints', () => {
  let h: Harness;
  let investigator: string;
  const keys = mkdtempSync(join(tmpdir(), 'loupe-api-audit-keys-'));
  // The worker's private key and the public key written beside it; the API is given only the latter.
  const privateFile = join(keys, 'audit-ed25519.pem');
  const publicFile = publicKeyPath(privateFile);
  let key: AuditKey;

  const verify = async (token = h.adminToken) => {
    const r = await h.gql<{ verifyAuditChain: Verification }>(VERIFY, {}, { token });
    if (!r.data?.verifyAuditChain) throw new Error(JSON.stringify(r.errors));
    return r.data.verifyAuditChain;
  };

  beforeAll(async () => {
    h = await startHarness({ LOUPE_AUDIT_PUBLIC_KEY_FILE: publicFile });
    investigator = await h.user('investigator@audit-verify.test');
    await h.make.case(investigator, 'Signed');
  });
  afterAll(async () => {
    await h.stop();
    rmSync(keys, { recursive: true, force: true });
  });

  it('says the checkpoints were not checked, and where the key was looked for, while it is missing', async () => {
    const v = await verify();
    expect(v).toMatchObject({
      ok: true,
      checkpointsVerified: false,
      checkpointsNotVerifiedReason: `checkpoints not checked: no public key at ${publicFile}`,
      publicKey: null,
      latestSignedHead: null,
      failures: [],
    });
    expect(v.checked).toBeGreaterThan(3);
  });

  it('is refused to anyone but an administrator, as before', async () => {
    expect(codeOf(await h.gql(VERIFY, {}, { token: investigator }))).toBe('FORBIDDEN');
  });

  it('refuses a private key given as the trusted key, and so checks nothing with it', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'loupe-api-audit-private-'));
    try {
      const other = loadOrCreateAuditKey(join(elsewhere, 'k.pem'));
      writeFileSync(publicFile, other.privateKey!.export({ format: 'pem', type: 'pkcs8' }));
      const v = await verify();
      expect(v.checkpointsVerified).toBe(false);
      expect(v.checkpointsNotVerifiedReason).toMatch(/holds a private key; give the API only the public key/);
      expect(v.publicKey).toBeNull();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
      rmSync(publicFile, { force: true });
    }
  });

  it('verifies signed checkpoints with the public key file, naming the latest signed head', async () => {
    // Created after the API started, as on a deployment's first start: read at each verification.
    key = loadOrCreateAuditKey(privateFile);
    const first = (await writeAuditCheckpoint(h.prisma, key))!;
    await h.make.case(investigator, 'After the first checkpoint');
    const second = (await writeAuditCheckpoint(h.prisma, key))!;
    await h.make.case(investigator, 'Not yet signed');
    const v = await verify();
    expect(v).toMatchObject({
      ok: true,
      checkpointsVerified: true,
      checkpointsNotVerifiedReason: null,
      checkpointsChecked: 2,
      failures: [],
      publicKey: { fingerprint: key.fingerprint, source: publicFile },
      latestSignedHead: {
        seq: second.seq.toString(),
        hash: second.headHash,
        signedAt: second.createdAt.toISOString(),
        keyFingerprint: key.fingerprint,
      },
    });
    expect(v.eventsAfterLatestSignedHead).toBeGreaterThan(0);
    expect(first.seq).toBeLessThan(second.seq);
  });

  it('reports a chain rewritten with recomputed hashes as not ok, naming each checkpoint it breaks', async () => {
    const checkpoints = await h.prisma.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
    await rewriteChainForTest(h.prisma, 1, { rewritten: true });
    const v = await verify();
    // The links and hashes are consistent again; only the signed heads give the rewrite away.
    expect(v.firstBrokenEvent).toBeNull();
    expect(v.ok).toBe(false);
    expect(v.checkpointsVerified).toBe(true);
    expect(v.failures.map((f) => f.seq)).toEqual(checkpoints.map((c) => c.seq.toString()));
    expect(v.failures[0]!.reason).toMatch(/not the signed head .* were rewritten, inserted or removed/);
    expect(v.latestSignedHead).toBeNull();
  });

  it('refuses a checkpoint forged over the rewritten head with another key', async () => {
    const head = await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const attacker = generateKeyPairSync('ed25519');
    const createdAt = new Date();
    await h.prisma.auditCheckpoint.create({
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
    const v = await verify();
    expect(v.ok).toBe(false);
    const forged = v.failures.find((f) => f.seq === head.id.toString());
    expect(forged?.reason).toMatch(
      /does not verify with the trusted key .*forged, or signed with another key/,
    );
    // The forged head matches the rewritten chain, yet is not taken as the latest signed head.
    expect(v.latestSignedHead).toBeNull();
  });
});
