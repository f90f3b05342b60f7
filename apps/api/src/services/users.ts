import { randomBytes } from 'node:crypto';
import { Prisma, Role, type PrismaClient, type User } from '@loupe/db';
import { badInput, notFound, unauthenticated } from '../errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.ts';
import { isUuid } from './ids.ts';
import { recordAudit } from './audit-log.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { cleanText } from './text.ts';
import { requireAdmin } from './access.ts';

export interface CreateUserInput {
  email: string;
  displayName?: string | null | undefined;
  password: string;
  role: Role;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type UsersService = ReturnType<typeof createUsersService>;

function checkPasswordRule(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 1024)
    throw badInput(`Passwords have ${MIN_PASSWORD_LENGTH} to 1024 characters.`, field);
}

type Tx = Prisma.TransactionClient;

/** Ends the user's sessions (all, or all but `keep`): a changed credential cuts off stolen ones. */
const revokeSessions = (tx: Tx, userId: string, keep?: string) =>
  tx.session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date() },
  });

/**
 * Throws unless an active administrator other than `userId` remains. Locks the active
 * administrators' rows (FOR UPDATE) so concurrent demotions or disablings are decided one at a time.
 */
async function refuseLastActiveAdmin(tx: Tx, userId: string, message: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  if (!admins.some((a) => a.id !== userId)) throw badInput(message, 'userId');
}

export function createUsersService(prisma: PrismaClient) {
  async function insert(
    input: CreateUserInput,
    actor: { id: string | null; meta: RequestMeta },
  ): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320) throw badInput('Enter a valid email address.', 'email');
    checkPasswordRule(input.password, 'password');
    const displayName =
      cleanText(input.displayName ?? '', { field: 'displayName', label: 'A display name', max: 200 }) ||
      email.split('@')[0] ||
      email;
    try {
      const passwordHash = await hashPassword(input.password);
      return await prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email, displayName, role: input.role, passwordHash } });
        await recordAudit(tx, actor.id ?? user.id, actor.meta, {
          action: 'user.create',
          targetType: 'User',
          targetId: user.id,
          details: { email, role: input.role, bootstrap: actor.id === null },
        });
        return user;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw badInput('A user with that email already exists.', 'email');
      }
      throw error;
    }
  }

  return {
    async create(viewer: Viewer, input: CreateUserInput, meta: RequestMeta = {}): Promise<User> {
      requireAdmin(viewer, 'manage users');
      return insert(input, { id: viewer.id, meta });
    },

    async list(viewer: Viewer): Promise<User[]> {
      requireAdmin(viewer, 'manage users');
      return prisma.user.findMany({ orderBy: { email: 'asc' } });
    },

    byId: (id: string) => prisma.user.findUnique({ where: { id } }),

    /** Disables (or re-enables) an account; disabling ends its sessions at once (administrators). */
    async setDisabled(
      viewer: Viewer,
      userId: string,
      disabled: boolean,
      meta: RequestMeta = {},
    ): Promise<User> {
      requireAdmin(viewer, 'manage users');
      if (userId === viewer.id) throw badInput('You cannot disable your own account.', 'userId');
      if (!isUuid(userId)) throw notFound('User not found.');
      return prisma.$transaction(async (tx) => {
        const found = await tx.user.findUnique({ where: { id: userId } });
        if (!found) throw notFound('User not found.');
        if (disabled && found.role === Role.ADMIN && found.disabledAt === null)
          await refuseLastActiveAdmin(
            tx,
            userId,
            `${found.email} is the last active administrator and cannot be disabled.`,
          );
        const user = await tx.user.update({
          where: { id: userId },
          data: { disabledAt: disabled ? new Date() : null },
        });
        const revoked = disabled ? (await revokeSessions(tx, userId)).count : 0;
        await recordAudit(tx, viewer.id, meta, {
          action: disabled ? 'user.disable' : 'user.enable',
          targetType: 'User',
          targetId: userId,
          details: { email: user.email, sessionsRevoked: revoked },
        });
        return user;
      });
    },

    /**
     * Changes a user's role (administrators). The last active administrator cannot be demoted:
     * nobody could manage users afterwards. Active administrators are locked first, so two
     * administrators demoting each other at once cannot both succeed.
     */
    async setRole(viewer: Viewer, userId: string, role: Role, meta: RequestMeta = {}): Promise<User> {
      requireAdmin(viewer, 'manage users');
      if (!Object.values(Role).includes(role)) throw badInput(`Unknown role ${String(role)}.`, 'role');
      if (!isUuid(userId)) throw notFound('User not found.');
      return prisma.$transaction(async (tx) => {
        const found = await tx.user.findUnique({ where: { id: userId } });
        if (!found) throw notFound('User not found.');
        if (found.role === role) return found;
        if (found.role === Role.ADMIN && found.disabledAt === null)
          await refuseLastActiveAdmin(
            tx,
            userId,
            `${found.email} is the last active administrator; make someone else an administrator first.`,
          );
        const user = await tx.user.update({ where: { id: userId }, data: { role } });
        await recordAudit(tx, viewer.id, meta, {
          action: 'user.role.change',
          targetType: 'User',
          targetId: userId,
          details: { email: user.email, from: found.role, to: role },
        });
        return user;
      });
    },

    /** The signed-in user changes their password; every other session of theirs ends. */
    async changePassword(
      viewer: Viewer,
      current: string,
      next: string,
      meta: RequestMeta = {},
    ): Promise<void> {
      const user = await prisma.user.findUnique({ where: { id: viewer.id } });
      if (!user || !(await verifyPassword(user.passwordHash, current)))
        throw unauthenticated('The current password is not correct.');
      checkPasswordRule(next, 'newPassword');
      if (next === current)
        throw badInput('Choose a password different from the current one.', 'newPassword');
      const passwordHash = await hashPassword(next);
      await prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: viewer.id }, data: { passwordHash } });
        const revoked = await revokeSessions(tx, viewer.id, viewer.sessionId);
        await recordAudit(tx, viewer.id, meta, {
          action: 'user.password.change',
          targetType: 'User',
          targetId: viewer.id,
          details: { otherSessionsRevoked: revoked.count },
        });
      });
    },

    /**
     * An administrator resets someone's password: a random one is set and returned once (to
     * hand over), and every session of that user ends. The password is never recorded.
     */
    async resetPassword(viewer: Viewer, userId: string, meta: RequestMeta = {}): Promise<string> {
      requireAdmin(viewer, 'manage users');
      if (!isUuid(userId)) throw notFound('User not found.');
      const password = randomBytes(18).toString('base64url');
      const passwordHash = await hashPassword(password);
      await prisma.$transaction(async (tx) => {
        const found = await tx.user.findUnique({ where: { id: userId } });
        if (!found) throw notFound('User not found.');
        await tx.user.update({ where: { id: userId }, data: { passwordHash } });
        const revoked = await revokeSessions(tx, userId);
        await recordAudit(tx, viewer.id, meta, {
          action: 'user.password.reset',
          targetType: 'User',
          targetId: userId,
          details: { email: found.email, sessionsRevoked: revoked.count },
        });
      });
      return password;
    },

    /**
     * On an empty database, creates the first administrator. Returns the generated password when
     * none was configured (the caller prints it once), or null when nothing was created.
     */
    async bootstrapAdmin(admin: { email: string; password?: string | undefined }) {
      if ((await prisma.user.count()) > 0) return null;
      const password = admin.password ?? randomBytes(18).toString('base64url');
      try {
        const user = await insert(
          { email: admin.email, password, role: Role.ADMIN, displayName: 'Administrator' },
          { id: null, meta: {} },
        );
        return { user, generatedPassword: admin.password ? undefined : password };
      } catch (error) {
        // Another API process won the race to create it.
        if (error instanceof Error && /already exists/.test(error.message)) return null;
        throw error;
      }
    },
  };
}
