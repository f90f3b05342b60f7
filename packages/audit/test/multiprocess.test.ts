import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { onRealPostgres, REAL_POSTGRES_ONLY, startTestDatabase, type TestDatabase } from '@loupe/db/testing';
import { GENESIS_HASH, verifyAuditChain } from '../src/index.ts';

// The API, the worker and the CLI append to one chain from separate OS processes. Their
// transactions only truly interleave on a real server (PGlite runs one at a time), so this runs
// there; scripts/test.mjs checks that it did.

const WRITERS = 4;
const EACH = 40;

describe.runIf(onRealPostgres)(`${REAL_POSTGRES_ONLY} audit chain appended from several OS processes`, () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await startTestDatabase();
    prisma = createPrismaClient({ url: db.url });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.stop();
  });

  it(`stays one verifying line when ${WRITERS} processes append ${EACH} events each at once`, async () => {
    const children: { child: ChildProcessWithoutNullStreams; out: string; exited: Promise<number | null> }[] =
      Array.from({ length: WRITERS }, (_, w) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(import.meta.dirname, 'fixtures/append-events.ts'),
            db.url,
            `w${w}`,
            String(EACH),
          ],
          { stdio: 'pipe' },
        );
        const entry = { child, out: '', exited: new Promise<number | null>((r) => child.on('exit', r)) };
        child.stdout.on('data', (d: Buffer) => (entry.out += d));
        child.stderr.on('data', (d: Buffer) => (entry.out += d));
        return entry;
      });
    try {
      // All connected before any writes, then one "go" to all: the appends overlap.
      await expect
        .poll(() => children.every((c) => c.out.includes('ready')), { timeout: 120_000, interval: 50 })
        .toBe(true);
      for (const c of children) c.child.stdin.write('go\n');
      const codes = await Promise.all(children.map((c) => c.exited));
      expect(codes, children.map((c) => c.out).join('\n')).toEqual(Array(WRITERS).fill(0));
    } finally {
      for (const c of children) c.child.kill('SIGKILL');
    }

    const events = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events).toHaveLength(WRITERS * EACH);
    // Linear: each event links to the one right before it in id order; no fork, no gap.
    events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1]!.hash));
    expect(new Set(events.map((e) => e.hash)).size).toBe(events.length);
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, checked: WRITERS * EACH, firstBroken: null });

    // Every writer's events are all there, from distinct processes, and the processes really
    // interleaved (otherwise this would prove nothing about concurrent appends).
    const details = events.map((e) => e.details as { writer: string; pid: number; n: number });
    for (let w = 0; w < WRITERS; w++) {
      const mine = details.filter((d) => d.writer === `w${w}`);
      expect(mine.map((d) => d.n).sort((a, b) => a - b)).toEqual(Array.from({ length: EACH }, (_, n) => n));
    }
    expect(new Set(details.map((d) => d.pid)).size).toBe(WRITERS);
    const switches = details.filter((d, i) => i > 0 && d.writer !== details[i - 1]!.writer).length;
    expect(switches).toBeGreaterThan(WRITERS - 1);
  }, 240_000);
});
