#!/usr/bin/env -S node --import tsx
// `loupe audit verify` and `loupe evidence verify <caseId>` against DATABASE_URL and LOUPE_DATA_DIR;
// 'loupe eval' and 'loupe calibrate' (docs/evaluation.md) run the worker's pipeline over labelled data.
import { loadWorkerConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { EvidenceStore } from '@loupe/storage';
import { calibrateCommand, evalCommand } from '@loupe/worker';
import { auditVerify, evidenceVerify } from './index.ts';

const USAGE =
  'usage: loupe audit verify | loupe evidence verify <caseId> | loupe eval --data DIR --out DIR [--model ID] | ' +
  'loupe calibrate --data DIR --model ID [--split calibration] [--fpr 0.05]';

/** Progress on a terminal rewrites one line; in a log it prints a line at most every 5 s. */
function progressWriter(): (line: string, final: boolean) => void {
  let last = 0;
  return (line, final) => {
    if (process.stderr.isTTY) {
      process.stderr.write(
        `\r${line.padEnd(process.stderr.columns ? process.stderr.columns - 1 : 100).slice(0, 200)}`,
      );
      if (final) process.stderr.write('\n');
    } else if (final || performance.now() - last > 5000) {
      last = performance.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  const [group, command, arg] = argv;
  if (group === 'eval') {
    // The models need no database; evaluation runs are recorded only when DATABASE_URL is set.
    const config = loadWorkerConfig({
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://unset.invalid/',
    });
    const prisma = process.env.DATABASE_URL ? createPrismaClient({ url: config.database.url }) : null;
    try {
      return await evalCommand(argv.slice(1), config, prisma, (line) => console.log(line), progressWriter());
    } finally {
      await prisma?.$disconnect();
    }
  }
  if (group === 'calibrate') {
    const config = loadWorkerConfig({
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://unset.invalid/',
    });
    return calibrateCommand(argv.slice(1), config, (line) => console.log(line));
  }
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
