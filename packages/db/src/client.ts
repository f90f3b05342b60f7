import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface ClientOptions {
  url: string;
  poolSize?: number;
}

/** Creates the process's PrismaClient over node-postgres. Create one per process and pass it down. */
export function createPrismaClient({ url, poolSize = 5 }: ClientOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({
    adapter,
    // Prisma's defaults (2 s to get a pooled connection, 5 s per transaction) fail a burst of
    // writes on a busy machine: 40 verdicts or audit appends at once queue on a pool of 5, and
    // those on one media item (or the audit chain) take their lock one after the other.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}

export type { PrismaClient };
