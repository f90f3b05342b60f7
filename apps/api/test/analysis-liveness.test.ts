import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

// What an investigator sees of an analysis whose worker died: the worker's sweep writes the note
// and the status (apps/worker/test/recovery.test.ts); this checks the API carries them.

const QUERY = `query($id: ID!) { media(id: $id) { analysis { status error attempts maxAttempts heartbeatAt } } }`;

describe('analysis liveness through the API', () => {
  let h: Harness;
  let lead: string;
  let mediaId: string;

  beforeAll(async () => {
    h = await startHarness();
    lead = await h.user('lead@liveness.example.test');
    mediaId = await h.make.png(lead, await h.make.case(lead));
  });
  afterAll(() => h?.stop());

  type Seen = {
    media: {
      analysis: {
        status: string;
        error: string | null;
        attempts: number;
        maxAttempts: number;
        heartbeatAt: string | null;
      };
    };
  };

  it('shows a running attempt’s heartbeat, then the re-queue note and the attempt count', async () => {
    const beat = new Date('2026-12-02T07:12:03.000Z');
    await h.prisma.analysis.updateMany({
      where: { mediaId },
      data: { status: 'RUNNING', attempts: 1, heartbeatAt: beat, workerId: 'host:1:abcdef' },
    });
    const running = await h.gql<Seen>(QUERY, { id: mediaId }, { token: lead });
    expect(running.data?.media.analysis).toEqual({
      status: 'RUNNING',
      error: null,
      attempts: 1,
      maxAttempts: 4,
      heartbeatAt: beat.toISOString(),
    });

    const note =
      'The worker analysing this (host:1) stopped responding at 2026-12-02 07:12:03 UTC; re-queued (attempt 2 of 4).';
    await h.prisma.analysis.updateMany({
      where: { mediaId },
      data: { status: 'QUEUED', error: note, heartbeatAt: null },
    });
    const requeued = await h.gql<Seen>(QUERY, { id: mediaId }, { token: lead });
    expect(requeued.data?.media.analysis).toEqual({
      status: 'QUEUED',
      error: note,
      attempts: 1,
      maxAttempts: 4,
      heartbeatAt: null,
    });
  });
});
