import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './index.ts';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

describe('worker liveness (LOUPE_WORKER_STALE_SECONDS)', () => {
  it('defaults to 45 s: a heartbeat every 11.25 s and a sweep every 15 s', () => {
    expect(loadWorkerConfig(base).liveness).toEqual({
      staleMs: 45_000,
      heartbeatMs: 11_250,
      sweepMs: 15_000,
    });
  });

  it('derives the heartbeat and sweep periods from the threshold', () => {
    expect(loadWorkerConfig({ ...base, LOUPE_WORKER_STALE_SECONDS: '3' }).liveness).toEqual({
      staleMs: 3000,
      heartbeatMs: 750,
      sweepMs: 1000,
    });
  });

  it.each(['1', '0', '-5', 'soon', '3601'])('refuses %j, naming the variable', (value) => {
    expect(() => loadWorkerConfig({ ...base, LOUPE_WORKER_STALE_SECONDS: value })).toThrow(
      /LOUPE_WORKER_STALE_SECONDS/,
    );
  });
});
