#!/usr/bin/env -S node --import tsx
// `loupe audit verify` and `loupe evidence verify <caseId>` against DATABASE_URL and LOUPE_DATA_DIR.
import { loadWorkerConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { EvidenceStore } from '@loupe/storage';
import { auditVerify, evidenceVerify } from './index.ts';

const USAGE = 'usage: loupe audit verify | loupe evidence verify <caseId>';

async function main(argv: string[]): Promise<number> {
  const [group, command, arg] = argv;
  const run =
    group === 'audit' && command === 'verify'
      ? 'audit'
      : group === 'evidence' && command === 'verify' && arg
        ? 'evidence'
        : null;
  if (!run) {
    console.error(USAGE);
    return 2;
  }
  const config = loadWorkerConfig();
  const prisma = createPrismaClient({ url: config.database.url });
  const out = (line: string) => console.log(line);
  try {
    if (run === 'audit') return await auditVerify(prisma, out);
    return (await evidenceVerify(prisma, new EvidenceStore(config.dataDir), arg!, out)).code;
  } finally {
    await prisma.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`loupe: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
