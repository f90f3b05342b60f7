import { randomBytes } from 'node:crypto';
import { Prisma, Role, type PrismaClient, type User } from '@loupe/db';
import { badInput, forbidden } from '../errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { appendAuditEvent } from '@loupe/audit';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { cleanText } from './text.ts';

export interface CreateUserInput {
  email: string;
  displayName?: string | null | undefined;
  password: string;
  role: Role;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type UsersService = ReturnType<typeof createUsersService>;

export function createUsersService(prisma: PrismaClient) {
  async function insert(
    input: CreateUserInput,
    actor: { id: string | null; meta: RequestMeta },
  ): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320) throw badInput('Enter a valid email address.', 'email');
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 1024) {
      throw badInput(`Passwords have ${MIN_PASSWORD_LENGTH} to 1024 characters.`, 'password');
    }
    const displayName =
      cleanText(input.displayName ?? '', { field: 'displayName', label: 'A display name', max: 200 }) ||
      email.split('@')[0] ||
      email;
    try {
      const passwordHash = await hashPassword(input.password);
      return await prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email, displayName, role: input.role, passwordHash } });
        await appendAuditEvent(tx, {
          actorId: actor.id ?? user.id,
          action: 'user.create',
          targetType: 'User',
          targetId: user.id,
          requestId: actor.meta.requestId,
          clientAddress: actor.meta.clientAddress,
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
      if (viewer.role !== Role.ADMIN) throw forbidden('Only administrators manage users.');
      return insert(input, { id: viewer.id, meta });
    },

    async list(viewer: Viewer): Promise<User[]> {
      if (viewer.role !== Role.ADMIN) throw forbidden('Only administrators manage users.');
      return prisma.user.findMany({ orderBy: { email: 'asc' } });
    },

    byId: (id: string) => prisma.user.findUnique({ where: { id } }),

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
