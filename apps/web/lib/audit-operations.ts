import { graphql } from './gql';

/**
 * The case audit timeline's query, with `includeViews`, so thumbnail and map views are left out by
 * the server unless the investigator asks for them (one query either way). Events are
 * AuditEventItem_Event; 25 a page, a literal so the query's cost is known.
 */
export const CASE_AUDIT_TIMELINE_QUERY = graphql(`
  query CaseAuditTimeline($id: ID!, $after: String, $action: String, $actorId: ID, $includeViews: Boolean) {
    case(id: $id) {
      id
      title
      members {
        user {
          id
          displayName
        }
      }
      auditEvents(first: 25, after: $after, action: $action, actorId: $actorId, includeViews: $includeViews) {
        edges {
          cursor
          node {
            ...AuditEventItem_Event
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  }
`);
