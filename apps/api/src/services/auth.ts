import type { ApiConfig } from '@loupe/config';
import type { PrismaClient, Role, User } from '@loupe/db';
import { AppError, ErrorCode, unauthenticated } from '../errors.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { FailureLimiter } from '../auth/rate-limit.ts';
import { hashToken, newSessionToken } from '../auth/tokens.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { recordAudit, type AuditAction } from './audit-log.ts';

export type { RequestMeta };

export interface LoginResult {
  token: string;
  user: User;
  expiresAt: Date;
}

// lastSeenAt is refreshed at most this often, so reads do not each cost a write.
const TOUCH_INTERVAL_MS = 60_000;

interface SessionRow {
  id: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userId: string;
  email: string;
  role: Role;
  disabledAt: Date | null;
}

/**
 * How long a sign-in to an account waits after `failures` recent failures on it from anywhere:
 * nothing up to the limit, then 250 ms doubling to at most 5 s. An account is slowed, never
 * locked, by failures from elsewhere — so a stranger cannot lock someone out by failing their
 * password, while guessing it from many addresses costs seconds per guess.
 */
export function accountSlowDownMs(failures: number, maxAttempts: number): number {
  if (failures < maxAttempts) return 0;
  return Math.min(5_000, 250 * 2 ** Math.min(failures - maxAttempts, 10));
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(prisma: PrismaClient, config: ApiConfig) {
  // Three counters (see accountSlowDownMs): a hard limit per account *and* address (a stranger
  // locks out only themself), a hard limit per address across accounts (spraying), and a
  // slow-down, not a lock, per account across addresses.
  const { maxAttempts, windowMs } = config.loginLimit;
  const perAccountAtAddress = new FailureLimiter(maxAttempts, windowMs);
  const perAddress = new FailureLimiter(maxAttempts * 3, windowMs);
  const perAccount = new FailureLimiter(Number.MAX_SAFE_INTEGER, windowMs);
  const invalid = () => unauthenticated('Invalid email or password.');
  const record = (actorId: string | null, e: AuditAction, meta: RequestMeta) =>
    prisma.$transaction((tx) => recordAudit(tx, actorId, meta, e));

  return {
    async login(emailInput: string, password: string, meta: RequestMeta): Promise<LoginResult> {
      const email = emailInput.trim().toLowerCase();
      const addressKey = meta.clientAddress ?? 'unknown';
      const pairKey = `${email}\n${addressKey}`;
      const wait = Math.max(perAccountAtAddress.retryAfter(pairKey), perAddress.retryAfter(addressKey));
      if (wait > 0) {
        throw new AppError(
          ErrorCode.TOO_MANY_REQUESTS,
          'Too many failed sign-in attempts. Try again later.',
          {
            retryAfterSeconds: Math.ceil(wait / 1000),
          },
        );
      }
      const slowedMs = accountSlowDownMs(perAccount.count(email), maxAttempts);
      if (slowedMs > 0) await new Promise((resolve) => setTimeout(resolve, slowedMs));
      const user = email.length <= 320 ? await prisma.user.findUnique({ where: { email } }) : null;
      const ok = await verifyPassword(user?.passwordHash, password);
      if (!user || !ok || user.disabledAt) {
        perAccountAtAddress.fail(pairKey);
        perAddress.fail(addressKey);
        perAccount.fail(email);
        // The attempted email is recorded as typed (trimmed, lower-cased, capped) for investigation.
        await record(
          user?.id ?? null,
          { action: 'auth.login.failed', details: { email: email.slice(0, 320), slowedMs } },
          meta,
        );
        throw invalid();
      }
      perAccountAtAddress.reset(pairKey);
      perAccount.reset(email);
      const token = newSessionToken();
      const expiresAt = new Date(Date.now() + config.session.maxAgeMs);
      await prisma.$transaction(async (tx) => {
        const session = await tx.session.create({
          data: {
            tokenHash: hashToken(token),
            userId: user.id,
            expiresAt,
            clientAddress: meta.clientAddress ?? null,
            userAgent: meta.userAgent?.slice(0, 512) ?? null,
          },
        });
        await recordAudit(tx, user.id, meta, {
          action: 'auth.login',
          targetType: 'Session',
          targetId: session.id,
        });
      });
      return { token, user, expiresAt };
    },

    /** The viewer for a bearer/cookie token, or null when it is unknown, revoked or expired. */
    async resolve(token: string): Promise<Viewer | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      // Every signed-in request starts here: one statement (a join) rather than Prisma's two for
      // findUnique + include, and only the columns a viewer needs.
      const [session] = await prisma.$queryRaw<SessionRow[]>`
        SELECT s.id, s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
               s.revoked_at AS "revokedAt", u.id AS "userId", u.email, u.role::text AS role,
               u.disabled_at AS "disabledAt"
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${hashToken(token)}`;
      if (!session || session.revokedAt || session.disabledAt) return null;
      const now = Date.now();
      if (session.expiresAt.getTime() <= now) return null;
      if (session.lastSeenAt.getTime() + config.session.idleMs <= now) return null;
      if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
      }
      return { id: session.userId, email: session.email, role: session.role, sessionId: session.id };
    },

    async logout(viewer: Viewer, meta: RequestMeta = {}): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.session.updateMany({
          where: { id: viewer.sessionId, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        await recordAudit(tx, viewer.id, meta, {
          action: 'auth.logout',
          targetType: 'Session',
          targetId: viewer.sessionId,
        });
      });
    },
  };
}
