import { CaseStatus, type VerdictValue, type Case, type PrismaClient, type Verdict } from '@loupe/db';
import { badInput, forbidden } from '../errors.ts';
import type { CasesService } from './cases.ts';
import type { MediaService } from './media.ts';
import type { RequestMeta } from './meta.ts';
import type { Viewer } from './viewer.ts';
import { isUuid } from './ids.ts';
import { cleanText } from './text.ts';
import { isAdmin } from './access.ts';
import { recordAudit } from './audit-log.ts';

const RATIONALE_MAX = 10_000;
// First key of the per-media-item verdict lock (the second is the item's id hashed); arbitrary,
// and in the two-key space, apart from the audit chain's and the migrator's one-key locks.
const VERDICT_LOCK_CLASS = 72_317;

/** Allowed status moves. Reopening a closed case needs a reason. */
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  OPEN: [CaseStatus.IN_REVIEW, CaseStatus.CLOSED],
  IN_REVIEW: [CaseStatus.OPEN, CaseStatus.CLOSED],
  CLOSED: [CaseStatus.OPEN],
};

export type WorkflowService = ReturnType<typeof createWorkflowService>;

export function createWorkflowService(deps: {
  prisma: PrismaClient;
  cases: CasesService;
  media: MediaService;
}) {
  const { prisma, cases, media } = deps;

  return {
    async setStatus(
      viewer: Viewer,
      caseId: string,
      status: CaseStatus,
      reason: string | null | undefined,
      meta: RequestMeta,
    ) {
      const current = await cases.requireEditorAnyStatus(viewer, caseId);
      const why = cleanText(reason ?? '', {
        field: 'reason',
        label: 'A reason',
        max: RATIONALE_MAX,
        multiline: true,
      });
      if (!TRANSITIONS[current.status].includes(status)) {
        throw badInput(`A case cannot go from ${current.status} to ${status}.`, 'status');
      }
      if (current.status === CaseStatus.CLOSED && why.length === 0) {
        throw badInput('Reopening a closed case needs a reason.', 'reason');
      }
      if (why.length > RATIONALE_MAX)
        throw badInput(`Reasons have at most ${RATIONALE_MAX} characters.`, 'reason');
      return prisma.$transaction(async (tx): Promise<Case> => {
        // Conditional on the status we checked, so two racing transitions cannot both apply.
        const moved = await tx.case.updateMany({
          where: { id: caseId, status: current.status },
          data: { status, closedAt: status === CaseStatus.CLOSED ? new Date() : null },
        });
        if (moved.count !== 1) throw badInput('The case changed meanwhile; reload and try again.', 'status');
        await recordAudit(tx, viewer.id, meta, {
          action: 'case.status',
          targetType: 'Case',
          targetId: caseId,
          caseId,
          details: { from: current.status, to: status, reason: why || null },
        });
        return tx.case.findUniqueOrThrow({ where: { id: caseId } });
      });
    },

    /**
     * Records a verdict on a media item. It supersedes the current one, never overwrites it; two
     * verdicts given at once are both kept, in order, and the later one is current.
     */
    async giveVerdict(
      viewer: Viewer,
      input: { mediaId: string; value: VerdictValue; rationale: string; analysisIds?: string[] | null },
      meta: RequestMeta,
    ): Promise<Verdict> {
      const item = await media.get(viewer, input.mediaId);
      if (!isAdmin(viewer) && !(await cases.roleIn(viewer, item.caseId))) {
        throw forbidden('Only members of the case give verdicts.');
      }
      cases.requireOpen(await cases.get(viewer, item.caseId));
      const rationale = cleanText(input.rationale, {
        field: 'rationale',
        label: 'A rationale',
        max: RATIONALE_MAX,
        multiline: true,
      });
      if (rationale.length === 0) throw badInput('A verdict needs a rationale.', 'rationale');
      const analysisIds = [...new Set(input.analysisIds ?? [])];
      if (analysisIds.some((id) => !isUuid(id))) throw badInput('Unknown analysis id.', 'analysisIds');
      if (analysisIds.length > 0) {
        const found = await prisma.analysis.count({ where: { id: { in: analysisIds }, mediaId: item.id } });
        if (found !== analysisIds.length)
          throw badInput('Every analysis relied on must belong to this media item.', 'analysisIds');
      }
      return prisma.$transaction(async (tx) => {
        // One verdict at a time per media item, held to commit: the next one reads the current
        // verdict only after the previous one is visible, so every verdict supersedes exactly the
        // one before it. (Without it, concurrent verdicts read the same current one and all but
        // one failed on verdicts_supersedes_id_key.) A transaction-scoped advisory lock rather
        // than a row lock on the media: it blocks nothing but other verdicts on the same item.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${VERDICT_LOCK_CLASS}::int, hashtext(${item.id}))`;
        const latest = await tx.verdict.findFirst({
          where: { mediaId: item.id, supersededBy: null },
          orderBy: { createdAt: 'desc' },
        });
        const verdict = await tx.verdict.create({
          data: {
            mediaId: item.id,
            caseId: item.caseId,
            value: input.value,
            rationale,
            analysisIds,
            givenById: viewer.id,
            supersedesId: latest?.id ?? null,
            // Strictly after the one it supersedes, even within the same millisecond or across
            // servers with skewed clocks, so history ordered by time is the line of supersession.
            createdAt: new Date(Math.max(Date.now(), (latest?.createdAt.getTime() ?? 0) + 1)),
          },
        });
        await recordAudit(tx, viewer.id, meta, {
          action: 'verdict.give',
          targetType: 'Media',
          targetId: item.id,
          caseId: item.caseId,
          details: {
            verdictId: verdict.id,
            value: input.value,
            supersedes: latest?.id ?? null,
            analysisIds,
          },
        });
        return verdict;
      });
    },

    /** Verdict history of a media item, newest first (the first is the current one). */
    verdicts: (mediaId: string) =>
      prisma.verdict.findMany({ where: { mediaId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  };
}
