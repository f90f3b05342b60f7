import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface ClientOptions {
  url: string;
  poolSize?: number;
  /**
   * Called with every SQL statement the client sends (Prisma's query event), e.g. to count the
   * statements one request costs. Off by default: Prisma only builds the events when asked.
   */
  onStatement?: (statement: { sql: string; durationMs: number }) => void;
}

/** Creates the process's PrismaClient over node-postgres. Create one per process and pass it down. */
export function createPrismaClient({ url, poolSize = 5, onStatement }: ClientOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  const client = new PrismaClient({
    adapter,
    // Prisma's defaults (2 s to get a pooled connection, 5 s per transaction) fail a burst of
    // writes on a busy machine: 40 verdicts or audit appends at once queue on a pool of 5, and
    // those on one media item (or the audit chain) take their lock one after the other.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    ...(onStatement && { log: [{ emit: 'event' as const, level: 'query' as const }] }),
  });
  if (onStatement) {
    (client as PrismaClient<'query'>).$on('query', (e) =>
      onStatement({ sql: e.query, durationMs: e.duration }),
    );
  }
  return client;
}

export type { PrismaClient };
