import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './index.ts';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/loupe' };

describe('forensics threads (LOUPE_FORENSICS_THREADS)', () => {
  it('defaults to one per core; 0 keeps the work on the main thread', () => {
    expect(loadWorkerConfig(base).forensicsThreads).toBe(availableParallelism());
    expect(loadWorkerConfig({ ...base, LOUPE_FORENSICS_THREADS: '3' }).forensicsThreads).toBe(3);
    expect(loadWorkerConfig({ ...base, LOUPE_FORENSICS_THREADS: '0' }).forensicsThreads).toBe(0);
  });

  it.each(['-1', '1.5', 'many', '65'])('refuses %s, naming the variable', (value) => {
    expect(() => loadWorkerConfig({ ...base, LOUPE_FORENSICS_THREADS: value })).toThrow(
      /LOUPE_FORENSICS_THREADS/,
    );
  });
});

describe("forensics threads' priority (LOUPE_FORENSICS_NICE)", () => {
  it("defaults to nice 10; 0 leaves the threads at the worker's priority", () => {
    expect(loadWorkerConfig(base).forensicsNice).toBe(10);
    expect(loadWorkerConfig({ ...base, LOUPE_FORENSICS_NICE: '0' }).forensicsNice).toBe(0);
    expect(loadWorkerConfig({ ...base, LOUPE_FORENSICS_NICE: '19' }).forensicsNice).toBe(19);
  });

  it.each(['-1', '20', '2.5', 'low'])('refuses %s, naming the variable', (value) => {
    expect(() => loadWorkerConfig({ ...base, LOUPE_FORENSICS_NICE: value })).toThrow(/LOUPE_FORENSICS_NICE/);
  });
});
