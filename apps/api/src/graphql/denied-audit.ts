import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Context } from '../context.ts';

// Every refused GraphQL read or write by a signed-in user becomes one `access.denied` audit event
// (issue 13: only report.denied was recorded). Refusals are FORBIDDEN (role) and NOT_FOUND (not a
// member, or no such thing — the same answer on purpose). Anonymous requests are not recorded:
// they have no actor, and recording them would let anyone grow the chain at will.

const REFUSED = new Set(['FORBIDDEN', 'NOT_FOUND']);

const codeOf = (e: GraphQLError) =>
  String(e.extensions?.code ?? (e.originalError as GraphQLError | undefined)?.extensions?.code ?? '');

/** UUID-looking values among the request's variables and the refused fields' arguments, in order. */
function idsIn(value: unknown, out: string[] = []): string[] {
  if (
    typeof value === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  )
    out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idsIn(v, out);
  return out;
}

export function deniedAuditPlugin(log: Pick<Console, 'error'>): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, request, operationName }) {
          const viewer = contextValue.viewer;
          if (!viewer) return;
          const refused = errors.filter((e) => REFUSED.has(codeOf(e)));
          const first = refused[0];
          if (!first) return;
          const variables = request.variables ?? {};
          const caseId = typeof variables['caseId'] === 'string' ? variables['caseId'] : null;
          try {
            await contextValue.services.audit.recordDenied(
              viewer,
              {
                target: `graphql:${operationName ?? 'anonymous'}:${(first.path ?? []).join('.')}`,
                code: codeOf(first),
                reason: refused.map((e) => e.message).join(' | '),
                caseId,
                ids: idsIn(variables),
              },
              { requestId: contextValue.requestId, clientAddress: contextValue.clientAddress },
            );
          } catch (error) {
            // The refusal itself has been answered; a failed record is logged, not turned into a 500.
            log.error('could not record a refused request in the audit trail:', error);
          }
        },
      };
    },
  };
}
