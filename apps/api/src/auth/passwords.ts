import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, t=2, p=1.
const options = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, unusable under isolatedModules */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verified against when the email is unknown, so a failed login costs the same either way.
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword('decoy-password-for-unknown-accounts')));
  try {
    return (await verify(target, password)) && stored !== undefined;
  } catch (error) {
    // A malformed stored hash never authenticates; say so in the log rather than failing silently.
    console.warn('password verification failed on a malformed hash:', (error as Error).message);
    return false;
  }
}
