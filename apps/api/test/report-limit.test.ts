import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from './harness.ts';

// generateReport renders a whole case in the worker (seconds per request): one user may ask for
// LOUPE_REPORTS_PER_HOUR of them per hour (issue 13: it had no limit).
describe('report requests are rate-limited per user', () => {
  let h: Harness;
  let caseId: string;
  let alice: string;
  let bob: string;
  const request = (token: string) =>
    h.gql<{ generateReport: { id: string } }>(
      'mutation($c: ID!) { generateReport(caseId: $c) { id } }',
      { c: caseId },
      { token },
    );

  beforeAll(async () => {
    h = await startHarness({ LOUPE_REPORTS_PER_HOUR: '2' });
    alice = await h.user('alice@reports.test');
    bob = await h.user('bob@reports.test');
    caseId = await h.make.case(alice, 'Reports');
    await h.make.member(alice, caseId, 'bob@reports.test', 'INVESTIGATOR');
  });
  afterAll(() => h.stop());

  it('queues up to the limit, then answers TOO_MANY_REQUESTS with when to retry; others are unaffected', async () => {
    for (let i = 0; i < 2; i++) expect((await request(alice)).errors).toBeUndefined();
    const third = await request(alice);
    expect(codeOf(third)).toBe('TOO_MANY_REQUESTS');
    expect(third.errors?.[0]?.message).toMatch(/requested 2 reports in the last hour; try again in \d+ min/);
    expect(await h.prisma.report.count({ where: { caseId } })).toBe(2);
    expect((await request(bob)).errors).toBeUndefined();
  });
});
