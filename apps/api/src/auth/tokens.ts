import { createHash, randomBytes } from 'node:crypto';

/** 256-bit random session token, URL-safe. */
export const newSessionToken = () => randomBytes(32).toString('base64url');

/** What the database stores instead of the token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
