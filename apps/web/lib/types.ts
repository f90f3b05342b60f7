/** TypeScript mirrors of the Loupe GraphQL schema types used by the web app. */

export type Role = 'ADMIN' | 'INVESTIGATOR' | 'REVIEWER';
export type CaseRole = 'LEAD' | 'INVESTIGATOR' | 'REVIEWER';
export type CaseStatus = 'OPEN' | 'IN_REVIEW' | 'CLOSED';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface CaseMember {
  user: User;
  role: CaseRole;
  addedAt: string;
}

/** Fields shown in the case list. */
export interface CaseSummary {
  id: string;
  title: string;
  status: CaseStatus;
  createdAt: string;
  myRole: CaseRole | null;
}

/** Fields shown on the case page. */
export interface CaseDetail extends CaseSummary {
  description: string;
  updatedAt: string;
  createdBy: User | null;
  members: CaseMember[];
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface CaseConnection {
  edges: { cursor: string; node: CaseSummary }[];
  pageInfo: PageInfo;
  totalCount: number;
}
