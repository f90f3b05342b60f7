import type { ApiConfig } from '@loupe/config';
import type { PrismaClient, User } from '@loupe/db';
import { AppError, ErrorCode, unauthenticated } from '../errors.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { FailureLimiter } from '../auth/rate-limit.ts';
import { hashToken, newSessionToken } from '../auth/tokens.ts';
import { appendAuditEvent, type AuditInput } from '@loupe/audit';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';

export type { RequestMeta };

export interface LoginResult {
  token: string;
  user: User;
  expiresAt: Date;
}

// lastSeenAt is refreshed at most this often, so reads do not each cost a write.
const TOUCH_INTERVAL_MS = 60_000;

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(prisma: PrismaClient, config: ApiConfig) {
  const { maxAttempts, windowMs } = config.loginLimit;
  const perAccount = new FailureLimiter(maxAttempts, windowMs);
  const perAddress = new FailureLimiter(maxAttempts * 3, windowMs);
  const invalid = () => unauthenticated('Invalid email or password.');
  const withMeta = (e: AuditInput, meta: RequestMeta): AuditInput => ({
    ...e,
    requestId: meta.requestId,
    clientAddress: meta.clientAddress,
  });
  const record = (e: AuditInput, meta: RequestMeta) =>
    prisma.$transaction((tx) => appendAuditEvent(tx, withMeta(e, meta)));

  return {
    async login(emailInput: string, password: string, meta: RequestMeta): Promise<LoginResult> {
      const email = emailInput.trim().toLowerCase();
      const addressKey = meta.clientAddress ?? 'unknown';
      const wait = Math.max(perAccount.retryAfter(email), perAddress.retryAfter(addressKey));
      if (wait > 0) {
        throw new AppError(
          ErrorCode.TOO_MANY_REQUESTS,
          'Too many failed sign-in attempts. Try again later.',
          {
            retryAfterSeconds: Math.ceil(wait / 1000),
          },
        );
      }
      const user = email.length <= 320 ? await prisma.user.findUnique({ where: { email } }) : null;
      const ok = await verifyPassword(user?.passwordHash, password);
      if (!user || !ok || user.disabledAt) {
        perAccount.fail(email);
        perAddress.fail(addressKey);
        // The attempted email is recorded as typed (trimmed, lower-cased, capped) for investigation.
        await record(
          { actorId: user?.id ?? null, action: 'auth.login.failed', details: { email: email.slice(0, 320) } },
          meta,
        );
        throw invalid();
      }
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
        await appendAuditEvent(
          tx,
          withMeta(
            { actorId: user.id, action: 'auth.login', targetType: 'Session', targetId: session.id },
            meta,
          ),
        );
      });
      return { token, user, expiresAt };
    },

    /** The viewer for a bearer/cookie token, or null when it is unknown, revoked or expired. */
    async resolve(token: string): Promise<Viewer | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const session = await prisma.session.findUnique({
        where: { tokenHash: hashToken(token) },
        include: { user: true },
      });
      if (!session || session.revokedAt || session.user.disabledAt) return null;
      const now = Date.now();
      if (session.expiresAt.getTime() <= now) return null;
      if (session.lastSeenAt.getTime() + config.session.idleMs <= now) return null;
      if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
      }
      return {
        id: session.user.id,
        email: session.user.email,
        role: session.user.role,
        sessionId: session.id,
      };
    },

    async logout(viewer: Viewer, meta: RequestMeta = {}): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.session.updateMany({
          where: { id: viewer.sessionId, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        await appendAuditEvent(
          tx,
          withMeta(
            { actorId: viewer.id, action: 'auth.logout', targetType: 'Session', targetId: viewer.sessionId },
            meta,
          ),
        );
      });
    },
  };
}
