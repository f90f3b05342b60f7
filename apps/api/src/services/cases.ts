import {
  CaseRole,
  CaseStatus,
  type Prisma,
  Role,
  type Case,
  type CaseMember,
  type PrismaClient,
  type User,
} from '@loupe/db';
import { caseEvent, recordAudit } from './audit-log.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import type { RequestMeta } from './meta.ts';
import { after as afterCursor, newestFirst, pageSize, toPage, type Page } from './pagination.ts';
import type { Viewer } from './viewer.ts';
import { isUuid } from './ids.ts';
import { cleanText } from './text.ts';
import { isAdmin, visibleCases } from './access.ts';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const PAGE_MAX = 100;

export interface CaseInput {
  title?: string | null | undefined;
  description?: string | null | undefined;
}

export type CasePage = Page<Case>;

export type MemberWithUser = CaseMember & { user: User };

/** Roles that may change a case's content (upload, edit); REVIEWERs read and give verdicts. */
const EDITORS: readonly CaseRole[] = [CaseRole.LEAD, CaseRole.INVESTIGATOR];

/** pg_advisory_xact_lock class for one case's membership (verdicts use 72_317, workflow.ts). */
const MEMBERS_LOCK_CLASS = 72_318;

/**
 * Serialises membership changes of one case and re-checks, under the lock, that the viewer is
 * still a lead. Without it two leads demoting (or removing) each other at once each counted two
 * leads and both went through, leaving a case nobody could manage; and a lead demoted a moment
 * ago could still change others with the permission checked before. (Row locks would not do:
 * the rule is about a count, and an insert does not lock the rows counted.)
 */
async function lockMembership(tx: Prisma.TransactionClient, viewer: Viewer, caseId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MEMBERS_LOCK_CLASS}::int, hashtext(${caseId}))`;
  if (isAdmin(viewer)) return;
  const me = await tx.caseMember.findUnique({ where: { caseId_userId: { caseId, userId: viewer.id } } });
  if (me?.role !== CaseRole.LEAD)
    throw forbidden('Your role in this case does not allow you to manage its members.');
}

function cleanTitle(title: string): string {
  const t = cleanText(title, { field: 'title', label: 'A case title', max: TITLE_MAX });
  if (t.length === 0) throw badInput('A case needs a title.', 'title');
  return t;
}

const cleanDescription = (description: string) =>
  cleanText(description, {
    field: 'description',
    label: 'A description',
    max: DESCRIPTION_MAX,
    multiline: true,
  });

export type CasesService = ReturnType<typeof createCasesService>;

/** Refuses changes to a CLOSED case, saying how to proceed. */
export function requireOpen(found: Case): Case {
  if (found.status === CaseStatus.CLOSED)
    throw forbidden('This case is closed and read-only. Reopen it (with a reason) to change it.');
  return found;
}

export function createCasesService(prisma: PrismaClient) {
  /**
   * The case if the viewer may see it. Anyone else gets NOT_FOUND, never a hint that it exists.
   */
  async function visible(viewer: Viewer, id: string): Promise<Case> {
    if (!isUuid(id)) throw notFound('Case not found.');
    const found = await prisma.case.findFirst({ where: { id, ...visibleCases(viewer) } });
    if (!found) throw notFound('Case not found.');
    return found;
  }

  async function roleIn(viewer: Viewer, caseId: string): Promise<CaseRole | null> {
    const m = await prisma.caseMember.findUnique({ where: { caseId_userId: { caseId, userId: viewer.id } } });
    return m?.role ?? null;
  }

  /** Loads the case and checks the viewer holds one of `roles` in it (admins always pass). */
  async function requireRole(viewer: Viewer, caseId: string, roles: readonly CaseRole[], action: string) {
    const found = await visible(viewer, caseId);
    if (isAdmin(viewer)) return found;
    const role = await roleIn(viewer, caseId);
    if (!role || !roles.includes(role))
      throw forbidden(`Your role in this case does not allow you to ${action}.`);
    return found;
  }

  return {
    get: visible,
    roleIn,
    /**
     * The case, if the viewer may add evidence to or edit it (LEAD/INVESTIGATOR or admin) and it
     * is not CLOSED: a closed case is read-only until reopened, so its record stays as closed.
     */
    requireEditor: async (viewer: Viewer, caseId: string) =>
      requireOpen(await requireRole(viewer, caseId, EDITORS, 'add or change evidence')),
    /** As requireEditor, but whatever the status (for moving the status itself). */
    requireEditorAnyStatus: (viewer: Viewer, caseId: string) =>
      requireRole(viewer, caseId, EDITORS, 'change its status'),
    requireOpen,

    async list(viewer: Viewer, first: number, after?: string | null): Promise<CasePage> {
      pageSize(first, PAGE_MAX);
      const where = visibleCases(viewer);
      // The page and the total at once: two round trips in parallel, not one after the other.
      const [rows, total] = await Promise.all([
        prisma.case.findMany({
          where: { AND: [where, afterCursor(after)] },
          orderBy: newestFirst,
          take: first + 1,
        }),
        prisma.case.count({ where }),
      ]);
      return toPage(rows, first, total);
    },

    async create(viewer: Viewer, input: CaseInput, meta: RequestMeta = {}): Promise<Case> {
      if (viewer.role === Role.REVIEWER) throw forbidden('Reviewers cannot open cases.');
      const title = cleanTitle(input.title ?? '');
      const description = cleanDescription(input.description ?? '');
      return prisma.$transaction(async (tx) => {
        const created = await tx.case.create({
          data: {
            title,
            description,
            createdById: viewer.id,
            members: { create: { userId: viewer.id, role: CaseRole.LEAD, addedById: viewer.id } },
          },
        });
        await recordAudit(tx, viewer.id, meta, caseEvent('case.create', created.id, { title }));
        return created;
      });
    },

    async update(viewer: Viewer, id: string, input: CaseInput, meta: RequestMeta = {}): Promise<Case> {
      requireOpen(await requireRole(viewer, id, EDITORS, 'edit it'));
      const data: Prisma.CaseUpdateInput = {};
      if (input.title !== undefined && input.title !== null) data.title = cleanTitle(input.title);
      if (input.description !== undefined && input.description !== null) {
        data.description = cleanDescription(input.description);
      }
      return prisma.$transaction(async (tx) => {
        const updated = await tx.case.update({ where: { id }, data });
        await recordAudit(tx, viewer.id, meta, caseEvent('case.update', id, { changed: Object.keys(data) }));
        return updated;
      });
    },

    async addMember(
      viewer: Viewer,
      caseId: string,
      email: string,
      role: CaseRole,
      meta: RequestMeta = {},
    ): Promise<Case> {
      const found = await requireRole(viewer, caseId, [CaseRole.LEAD], 'manage its members');
      const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
      if (!user || user.disabledAt) throw badInput('No active user has that email.', 'email');
      await prisma.$transaction(async (tx) => {
        await lockMembership(tx, viewer, caseId);
        // Demoting the last lead would leave nobody able to manage the case (removal checks the same).
        const current = await tx.caseMember.findUnique({
          where: { caseId_userId: { caseId, userId: user.id } },
        });
        if (current?.role === CaseRole.LEAD && role !== CaseRole.LEAD) {
          const leads = await tx.caseMember.count({ where: { caseId, role: CaseRole.LEAD } });
          if (leads <= 1)
            throw badInput('A case keeps at least one lead; make someone else lead first.', 'role');
        }
        await tx.caseMember.upsert({
          where: { caseId_userId: { caseId, userId: user.id } },
          create: { caseId, userId: user.id, role, addedById: viewer.id },
          update: { role },
        });
        await recordAudit(
          tx,
          viewer.id,
          meta,
          caseEvent('case.member.add', caseId, { userId: user.id, role }),
        );
      });
      return found;
    },

    async removeMember(
      viewer: Viewer,
      caseId: string,
      userId: string,
      meta: RequestMeta = {},
    ): Promise<Case> {
      const found = await requireRole(viewer, caseId, [CaseRole.LEAD], 'manage its members');
      if (!isUuid(userId)) throw badInput('That user is not a member of this case.', 'userId');
      await prisma.$transaction(async (tx) => {
        await lockMembership(tx, viewer, caseId);
        const member = await tx.caseMember.findUnique({ where: { caseId_userId: { caseId, userId } } });
        if (!member) throw badInput('That user is not a member of this case.', 'userId');
        if (member.role === CaseRole.LEAD) {
          const leads = await tx.caseMember.count({ where: { caseId, role: CaseRole.LEAD } });
          if (leads <= 1)
            throw badInput('A case keeps at least one lead; make someone else lead first.', 'userId');
        }
        await tx.caseMember.delete({ where: { caseId_userId: { caseId, userId } } });
        await recordAudit(tx, viewer.id, meta, caseEvent('case.member.remove', caseId, { userId }));
      });
      return found;
    },

    members: (caseId: string): Promise<MemberWithUser[]> =>
      prisma.caseMember.findMany({ where: { caseId }, include: { user: true }, orderBy: { addedAt: 'asc' } }),
  };
}
