import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The key that signs audit checkpoints (private half present) or checks them (public only). */
export interface AuditKey {
  publicKey: KeyObject;
  privateKey: KeyObject | null;
  /** SHA-256 (hex) of the raw 32-byte Ed25519 public key: short enough to print and compare. */
  fingerprint: string;
  /** SPKI PEM of the public key. */
  publicKeyPem: string;
}

/** Thrown for a key file that cannot be used; the message says which file and what to do. */
export class AuditKeyError extends Error {
  override name = 'AuditKeyError';
}

/** Where the public half of a private key file is written: `x.pem` → `x.pub.pem`. */
export function publicKeyPath(privateKeyFile: string): string {
  return privateKeyFile.replace(/(\.pem)?$/, '.pub.pem');
}

export function keyFingerprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  return createHash('sha256')
    .update(Buffer.from(jwk.x ?? '', 'base64url'))
    .digest('hex');
}

function auditKey(publicKey: KeyObject, privateKey: KeyObject | null): AuditKey {
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditKeyError(`audit key must be Ed25519, not ${publicKey.asymmetricKeyType ?? 'unknown'}`);
  }
  return {
    publicKey,
    privateKey,
    fingerprint: keyFingerprint(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/**
 * Loads the signing key, creating it when the file does not exist: a fresh Ed25519 key written
 * with mode 0600 (its folder 0700), and the public key beside it as `.pub.pem` for verifiers.
 * Several processes may start at once: the key is written to a temporary file and hard-linked
 * into place, so exactly one key wins and nobody reads a half-written file. A private key file
 * that others can read is refused, as ssh does: a leaked key lets anyone re-sign a rewritten chain.
 */
export function loadOrCreateAuditKey(file: string): AuditKey & { created: boolean } {
  let created = false;
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    created = createKeyFile(file);
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new AuditKeyError(
      `audit signing key ${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new AuditKeyError(
      `audit signing key ${file} is not a PEM private key: ${(error as Error).message}`,
    );
  }
  const key = auditKey(createPublicKey(privateKey), privateKey);
  // Rewritten each start (cheap), so a deleted or stale .pub.pem is put right.
  writeFileSync(publicKeyPath(file), key.publicKeyPem, { mode: 0o644 });
  return { ...key, created };
}

/**
 * Writes the public key where verifiers read it (the API's LOUPE_AUDIT_PUBLIC_KEY_FILE; by
 * default the `.pub.pem` beside the private key, written again with the same bytes). Rewritten at
 * every start, so it always matches the key that signs.
 */
export function publishPublicKey(publicKeyPem: string, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, publicKeyPem, { mode: 0o644 });
}

function createKeyFile(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600); // whatever the umask
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false; // another process won
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Reads the key that verification trusts: a public key PEM, or a private key PEM (its public
 * half is used). Never creates anything.
 */
export function readTrustedKey(file: string): AuditKey {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (error) {
    throw new AuditKeyError(
      `cannot read the trusted audit key ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    const pem = text.toString('utf8');
    const publicKey = pem.includes('PRIVATE KEY')
      ? createPublicKey(createPrivateKey(pem))
      : createPublicKey(pem);
    return auditKey(publicKey, null);
  } catch (error) {
    if (error instanceof AuditKeyError) throw error;
    throw new AuditKeyError(`${file} is not a PEM Ed25519 key: ${(error as Error).message}`);
  }
}
