import type { Case, Note, PrismaClient } from '@loupe/db';
import { badInput } from '../errors.ts';
import type { CasesService } from './cases.ts';
import { isUuid } from './ids.ts';
import type { MediaService } from './media.ts';
import type { RequestMeta } from './meta.ts';
import { after as afterCursor, newestFirst, pageSize, toPage, type Page } from './pagination.ts';
import type { Viewer } from './viewer.ts';
import { cleanText } from './text.ts';
import { caseEvent, recordAudit } from './audit-log.ts';

export const TAG_MAX = 40;
export const TAGS_MAX = 30;
export const NOTE_MAX = 20_000;

/** Tags are short labels: trimmed, lower-cased, unique, sorted. */
function cleanTags(tags: readonly string[]): string[] {
  const rule = { field: 'tags', label: 'A tag', max: TAG_MAX };
  const clean = [...new Set(tags.map((t) => cleanText(t, rule).toLowerCase()).filter(Boolean))].sort();
  if (clean.length > TAGS_MAX) throw badInput(`A case has at most ${TAGS_MAX} tags.`, 'tags');
  return clean;
}

export type CaseDetailsService = ReturnType<typeof createCaseDetailsService>;

/** Tags, assignees and notes: the working material of a case, all audited. */
export function createCaseDetailsService(deps: {
  prisma: PrismaClient;
  cases: CasesService;
  media: MediaService;
}) {
  const { prisma, cases, media } = deps;

  return {
    async setTags(viewer: Viewer, caseId: string, tags: readonly string[], meta: RequestMeta): Promise<Case> {
      await cases.requireEditor(viewer, caseId);
      const clean = cleanTags(tags);
      return prisma.$transaction(async (tx) => {
        const updated = await tx.case.update({ where: { id: caseId }, data: { tags: clean } });
        await recordAudit(tx, viewer.id, meta, caseEvent('case.tags', caseId, { tags: clean }));
        return updated;
      });
    },

    async setAssigned(
      viewer: Viewer,
      caseId: string,
      userId: string,
      assigned: boolean,
      meta: RequestMeta,
    ): Promise<Case> {
      const found = await cases.requireEditor(viewer, caseId);
      if (!isUuid(userId)) throw badInput('Only members of the case can be assigned.', 'userId');
      await prisma.$transaction(async (tx) => {
        const changed = await tx.caseMember.updateMany({ where: { caseId, userId }, data: { assigned } });
        if (changed.count !== 1) throw badInput('Only members of the case can be assigned.', 'userId');
        await recordAudit(
          tx,
          viewer.id,
          meta,
          caseEvent(assigned ? 'case.assign' : 'case.unassign', caseId, { userId }),
        );
      });
      return found;
    },

    assignees: (caseId: string) =>
      prisma.user.findMany({
        where: { memberships: { some: { caseId, assigned: true } } },
        orderBy: { email: 'asc' },
      }),

    /** Adds a note to a case, or to one of its media items when mediaId is given. */
    async addNote(
      viewer: Viewer,
      input: { caseId: string; mediaId?: string | null; body: string },
      meta: RequestMeta,
    ): Promise<Note> {
      await cases.requireEditor(viewer, input.caseId);
      if (input.mediaId) {
        const item = await media.get(viewer, input.mediaId);
        if (item.caseId !== input.caseId)
          throw badInput('That media item belongs to another case.', 'mediaId');
      }
      const body = cleanText(input.body, { field: 'body', label: 'A note', max: NOTE_MAX, multiline: true });
      if (!body) throw badInput('A note needs some text.', 'body');
      return prisma.$transaction(async (tx) => {
        const note = await tx.note.create({
          data: { caseId: input.caseId, mediaId: input.mediaId ?? null, authorId: viewer.id, body },
        });
        await recordAudit(
          tx,
          viewer.id,
          meta,
          caseEvent('note.add', input.caseId, {
            noteId: note.id,
            mediaId: input.mediaId ?? null,
            length: body.length,
          }),
        );
        return note;
      });
    },

    async notes(
      viewer: Viewer,
      where: { caseId: string; mediaId?: string },
      first: number,
      after?: string | null,
    ): Promise<Page<Note>> {
      await cases.get(viewer, where.caseId);
      pageSize(first, 100);
      const filter = { caseId: where.caseId, ...(where.mediaId ? { mediaId: where.mediaId } : {}) };
      const rows = await prisma.note.findMany({
        where: { ...filter, ...afterCursor(after) },
        orderBy: newestFirst,
        take: first + 1,
      });
      return toPage(rows, first, await prisma.note.count({ where: filter }));
    },
  };
}
