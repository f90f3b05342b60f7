import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { embeddedDatabaseUrl, loadEmbeddedDbConfig, type Env } from '@loupe/config';

// The embedded database listens on a TCP port that every local user can reach, so a fixed
// password (it used to be "postgres") is no password. Each data directory gets its own random
// one at first start, kept in a file only its owner can read.

/**
 * Reads the embedded database's password from `file`, creating a random one (mode 0600) when the
 * file does not exist: an existing data directory without it simply gets one. A file others can
 * read is refused rather than trusted.
 */
export function loadOrCreateDbPassword(file: string): string {
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    createPasswordFile(file);
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(
      `embedded database password file ${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  const password = readFileSync(file, 'utf8').trim();
  if (password.length < 16) {
    throw new Error(
      `embedded database password file ${file} holds no usable password; delete it to get a new one`,
    );
  }
  return password;
}

/** A fresh random password: 32 bytes, URL-safe base64 (it is embedded in DATABASE_URL). */
export function randomDbPassword(): string {
  return randomBytes(32).toString('base64url');
}

function createPasswordFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and linked into place: two starts at once agree on one password.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${randomDbPassword()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * The DATABASE_URL of an embedded database from its "ready at …; password in FILE" log line
 * (scripts/start.mjs does the same in plain JavaScript). The password is not printed in logs.
 */
export function embeddedUrlFromLog(log: string): string | undefined {
  const m = /ready at (postgres:\/\/\S+) .*password in (\S+)/.exec(log);
  if (!m) return undefined;
  const url = new URL(m[1]!);
  url.password = readFileSync(m[2]!, 'utf8').trim();
  return url.toString();
}

/**
 * For tools run beside `npm start` (the loupe CLI): the env, with DATABASE_URL pointing at the
 * embedded database when it is unset and this data directory has an embedded database password.
 */
export function withEmbeddedDatabaseUrl(env: Env): Env {
  if (env.DATABASE_URL) return env;
  const config = loadEmbeddedDbConfig(env);
  if (!existsSync(config.passwordFile)) return env;
  const password = loadOrCreateDbPassword(config.passwordFile);
  return { ...env, DATABASE_URL: embeddedDatabaseUrl({ ...config, password }) };
}
