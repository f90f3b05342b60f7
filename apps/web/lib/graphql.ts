/**
 * Minimal GraphQL client for the browser.
 *
 * Requests go to the web origin's `/graphql` route handler, which proxies
 * them to the Loupe API together with the session cookie.
 */

import type { TypedDocumentString } from './gql/graphql';

export const GRAPHQL_ENDPOINT = '/graphql';

/**
 * Codes the API puts in `extensions.code` (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
 * BAD_USER_INPUT, TOO_MANY_REQUESTS, INTERNAL_SERVER_ERROR, ...), plus
 * NETWORK_ERROR when no usable response arrives and SERVICE_UNAVAILABLE when the
 * web server cannot reach the API.
 */
export type GraphQLErrorCode = string;

export class GraphQLRequestError extends Error {
  readonly code: GraphQLErrorCode;
  readonly status: number | undefined;

  constructor(message: string, code: GraphQLErrorCode, status?: number) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = code;
    this.status = status;
  }
}

interface GraphQLErrorPayload {
  message?: unknown;
  extensions?: { code?: unknown } | null;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: GraphQLErrorPayload[];
}

function toRequestError(payload: GraphQLErrorPayload, status: number): GraphQLRequestError {
  const message =
    typeof payload.message === 'string' && payload.message.length > 0
      ? payload.message
      : 'Something went wrong.';
  const rawCode = payload.extensions?.code;
  const code = typeof rawCode === 'string' && rawCode.length > 0 ? rawCode : 'INTERNAL_SERVER_ERROR';
  return new GraphQLRequestError(message, code, status);
}

/** Variables are optional only for operations that declare none. */
type VariablesArgs<TVariables> =
  TVariables extends Record<string, never> ? [variables?: TVariables] : [variables: TVariables];

/**
 * Sends a GraphQL operation and returns its `data`.
 * Throws a `GraphQLRequestError` carrying `extensions.code` and the message
 * of the first GraphQL error, or `NETWORK_ERROR` when no usable response arrives.
 *
 * Given a document from `graphql()` (lib/gql, generated from the API's schema), the result and
 * variables types come from the document; a plain string takes them from the caller.
 */
export async function graphqlRequest<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  ...variables: VariablesArgs<TVariables>
): Promise<TData>;
export async function graphqlRequest<TData>(
  query: string,
  variables?: Record<string, unknown>,
): Promise<TData>;
export async function graphqlRequest<TData>(
  document: string | TypedDocumentString<TData, unknown>,
  variables: unknown = {},
): Promise<TData> {
  const query = document.toString();
  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GraphQLRequestError(
      'Could not reach the server. Check your connection and try again.',
      'NETWORK_ERROR',
    );
  }

  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    throw new GraphQLRequestError(
      `The server returned an unexpected response (HTTP ${response.status}).`,
      response.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'NETWORK_ERROR',
      response.status,
    );
  }

  const firstError = body.errors?.[0];
  if (firstError) {
    throw toRequestError(firstError, response.status);
  }
  if (body.data == null) {
    throw new GraphQLRequestError(
      `The server returned no data (HTTP ${response.status}).`,
      'INTERNAL_SERVER_ERROR',
      response.status,
    );
  }
  return body.data;
}

/** Narrowing helper for catch blocks. */
export function errorCode(error: unknown): GraphQLErrorCode | undefined {
  return error instanceof GraphQLRequestError ? error.code : undefined;
}

/** Human-readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
