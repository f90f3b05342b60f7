import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, codeOf, startHarness, type GqlResult, type Harness } from './harness.ts';

// The address the audit trail and the sign-in limiter use. The API believes one proxy hop from
// loopback (the web server, which writes the client's address into X-Forwarded-For from the
// connection); whatever a client adds to the left of that entry must not count.

const SET_TAGS = 'mutation($id: ID!, $t: [String!]!) { setCaseTags(caseId: $id, tags: $t) { id } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

describe('the client address the API records (default trust: one loopback hop)', () => {
  let h: Harness;
  let caseId: string;

  /** A GraphQL request from loopback carrying `forwardedFor`. */
  const post = async (
    query: string,
    variables: Record<string, unknown>,
    forwardedFor: string | undefined,
    token?: string,
  ): Promise<GqlResult> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as object), status: res.status, headers: res.headers };
  };

  const lastTagsEventAddress = async () => {
    const r = await h.gql<{
      case: { auditEvents: { edges: { node: { clientAddress: string | null } }[] } };
    }>(
      'query($id: ID!) { case(id: $id) { auditEvents(action: "case.tags", first: 1) { edges { node { clientAddress } } } } }',
      { id: caseId },
      { token: h.adminToken },
    );
    expect(r.errors).toBeUndefined();
    return r.data?.case.auditEvents.edges[0]?.node.clientAddress;
  };

  beforeAll(async () => {
    // Per-address sign-in limit: 3 × 2 = 6 failures in the window.
    h = await startHarness({ LOUPE_LOGIN_MAX_ATTEMPTS: '2' });
    const r = await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "Client address" }) { id } }',
      {},
      { token: h.adminToken },
    );
    caseId = r.data!.createCase.id;
  });
  afterAll(() => h.stop());

  it.each([
    // [X-Forwarded-For sent from loopback, address recorded]
    [undefined, '127.0.0.1'],
    ['198.51.100.7', '198.51.100.7'],
    // One hop: the rightmost entry (the web server's) and nothing to its left.
    ['6.6.6.6, 7.7.7.7', '7.7.7.7'],
    // A forged chain of loopback "proxies" cannot walk further left to choose the address.
    ['6.6.6.6, 127.0.0.1', '127.0.0.1'],
    ['6.6.6.6,::1, 127.0.0.1', '127.0.0.1'],
  ])('X-Forwarded-For %j is recorded as %s', async (forwardedFor, expected) => {
    const r = await post(SET_TAGS, { id: caseId, t: ['tag'] }, forwardedFor, h.adminToken);
    expect(r.errors).toBeUndefined();
    expect(await lastTagsEventAddress()).toBe(expected);
  });

  it('counts failed sign-ins per recorded address, whatever is written left of it', async () => {
    const client = '198.51.100.20';
    // Different (unknown) accounts each time, so only the per-address limit can trip.
    for (let i = 1; i <= 6; i++) {
      const r = await post(LOGIN, { e: `nobody-${i}@example.test`, p: 'wrong' }, `10.0.0.${i}, ${client}`);
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    }
    const blocked = await post(LOGIN, { e: ADMIN.email, p: ADMIN.password }, `10.0.0.99, ${client}`);
    expect(codeOf(blocked)).toBe('TOO_MANY_REQUESTS');

    const failures = await h.prisma.auditEvent.findMany({ where: { action: 'auth.login.failed' } });
    expect(failures.map((e) => e.clientAddress)).toEqual(Array(6).fill(client));

    // Another client (as the web server names it) is not held up.
    const other = await post(LOGIN, { e: ADMIN.email, p: ADMIN.password }, '198.51.100.21');
    expect(other.errors).toBeUndefined();
  });
});
