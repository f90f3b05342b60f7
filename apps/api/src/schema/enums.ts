import { enumType } from 'nexus';
import { CaseRole as DbCaseRole, CaseStatus as DbCaseStatus, Role as DbRole } from '@loupe/db';

export const Role = enumType({
  name: 'Role',
  description: "A user's role across Loupe.",
  members: Object.values(DbRole),
});

export const CaseRole = enumType({
  name: 'CaseRole',
  description:
    "A member's role in one case: LEAD manages members; INVESTIGATOR uploads and edits; REVIEWER reads and gives verdicts.",
  members: Object.values(DbCaseRole),
});

export const CaseStatus = enumType({
  name: 'CaseStatus',
  members: Object.values(DbCaseStatus),
});
