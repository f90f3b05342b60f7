import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface ClientOptions {
  url: string;
  poolSize?: number;
}

/** Creates the process's PrismaClient over node-postgres. Create one per process and pass it down. */
export function createPrismaClient({ url, poolSize = 5 }: ClientOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
