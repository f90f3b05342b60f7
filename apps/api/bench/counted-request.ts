/**
 * One request the bench's counting API finished (apps/api/bench/counting-api.ts), as it reports it
 * to `npm run bench:web`. Its own file, without imports, so the web's type check (which includes
 * apps/web/bench) does not reach into the API's sources.
 */
export interface CountedRequest {
  /** The path, ids replaced by `:id`. */
  route: string;
  /** The GraphQL operation's name, where the request was one. */
  operation: string | null;
  statements: number;
  /** Statements that were the session's once-a-minute lastSeenAt refresh. */
  sessionRefreshes: number;
}
