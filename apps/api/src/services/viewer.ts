import type { Role } from '@loupe/db';

/** The signed-in user a request acts for. */
export interface Viewer {
  id: string;
  email: string;
  role: Role;
  sessionId: string;
}
