import { AUDIT_PAGE } from './operations';
import type { AuditEventConnection } from './types';

/**
 * The case audit timeline's query: CASE_AUDIT_QUERY plus `includeViews`, so thumbnail and map
 * views are left out by the server unless the investigator asks for them (one query either way).
 */
export const CASE_AUDIT_TIMELINE_QUERY = `query CaseAuditTimeline($id: ID!, $after: String, $action: String, $actorId: ID, $includeViews: Boolean) {
  case(id: $id) {
    id title
    members { user { id displayName } }
    auditEvents(first: ${AUDIT_PAGE}, after: $after, action: $action, actorId: $actorId, includeViews: $includeViews) {
      edges { cursor node { id action occurredAt actor { id displayName email } targetType targetId details hash } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
}`;

export interface CaseAuditTimelineResult {
  case: {
    id: string;
    title: string;
    members: { user: { id: string; displayName: string } }[];
    auditEvents: AuditEventConnection;
  };
}
