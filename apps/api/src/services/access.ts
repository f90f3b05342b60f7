import { Role, type Prisma } from '@loupe/db';
import { forbidden } from '../errors.ts';
import type { Viewer } from './viewer.ts';

/**
 * Who may see and do what, in one place (after Outline's policies and Immich's access
 * repository). A case, and everything in it (media, analyses, reports), is visible to the case's
 * members and to administrators; the known-fakes library to everyone signed in; administration
 * to administrators only. Each rule comes in the shapes the services' queries need, so none
 * writes it again. Roles inside a case (lead, investigator, reviewer) are the cases service's
 * `requireRole`, since they need the case loaded first.
 */

export const isAdmin = (viewer: Viewer): boolean => viewer.role === Role.ADMIN;

/** Cases the viewer may see: all for administrators, else those they are a member of. */
export const visibleCases = (viewer: Viewer): Prisma.CaseWhereInput =>
  isAdmin(viewer) ? {} : { members: { some: { userId: viewer.id } } };

/** Rows that belong to one case (media, reports, …): those in a case the viewer may see. */
export const inVisibleCase = (viewer: Viewer): { case?: Prisma.CaseWhereInput } =>
  isAdmin(viewer) ? {} : { case: visibleCases(viewer) };

/** For SQL built by hand (the vector repository's scope clause): who asks, and whether admin. */
export const sqlViewer = (viewer: Viewer) => ({ viewerId: viewer.id, isAdmin: isAdmin(viewer) });

/** Refuses anyone but an administrator: "Only administrators <what>." */
export function requireAdmin(viewer: Viewer, what: string): void {
  if (!isAdmin(viewer)) throw forbidden(`Only administrators ${what}.`);
}
