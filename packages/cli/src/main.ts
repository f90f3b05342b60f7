#!/usr/bin/env -S node --import tsx
// `loupe audit verify` and `loupe evidence verify <caseId>` against DATABASE_URL and LOUPE_DATA_DIR;
// 'loupe eval' and 'loupe calibrate' (docs/evaluation.md) run the worker's pipeline over labelled data.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseExpectedHead, publicKeyPath, readTrustedKey, type ExpectedHead } from '@loupe/audit';
import { loadWorkerConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { withEmbeddedDatabaseUrl } from '@loupe/db/embedded';
import { EvidenceStore } from '@loupe/storage';
import { calibrateCommand, evalCommand } from '@loupe/worker';
import { auditVerify, evidenceVerify } from './index.ts';

const USAGE =
  'usage: loupe audit verify [--public-key FILE] [--head SEQ:HASH]... | loupe evidence verify <caseId> | loupe eval --data DIR --out DIR [--model ID] | ' +
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
  const auditArgs = run === 'audit' ? parseAuditArgs(argv.slice(2)) : null;
  if (auditArgs && 'error' in auditArgs) {
    console.error(`loupe audit verify: ${auditArgs.error}\n${USAGE}`);
    return 2;
  }
  // Beside `npm start`, DATABASE_URL may be left unset: the embedded database is found by itself.
  const config = loadWorkerConfig(withEmbeddedDatabaseUrl(process.env));
  const prisma = createPrismaClient({ url: config.database.url });
  const out = (line: string) => console.log(line);
  try {
    if (auditArgs) {
      // The key to trust: the one given, else the worker's (its .pub.pem, or the private key).
      const file =
        auditArgs.publicKey ??
        [publicKeyPath(config.audit.keyFile), config.audit.keyFile].find((f) => existsSync(f));
      const trustedKey = file ? readTrustedKey(file) : null;
      out(
        trustedKey
          ? `trusting audit key ${file} (fingerprint ${trustedKey.fingerprint})`
          : `no audit key at ${config.audit.keyFile}: signed checkpoints cannot be checked`,
      );
      return await auditVerify(prisma, out, { trustedKey, expectedHeads: auditArgs.heads });
    }
    return (await evidenceVerify(prisma, new EvidenceStore(config.dataDir), arg!, out)).code;
  } finally {
    await prisma.$disconnect();
  }
}

/** `audit verify` options: --public-key FILE, and --head SEQ:HASH as often as wanted. */
function parseAuditArgs(args: string[]): { publicKey?: string; heads: ExpectedHead[] } | { error: string } {
  let values: { 'public-key'?: string; head?: string[] };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'public-key': { type: 'string' }, head: { type: 'string', multiple: true } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const heads: ExpectedHead[] = [];
  for (const text of values.head ?? []) {
    const head = parseExpectedHead(text);
    if (!head) return { error: `--head ${text}: expected SEQ:HASH, the event number and its 64-hex hash` };
    heads.push(head);
  }
  return { ...(values['public-key'] ? { publicKey: values['public-key'] } : {}), heads };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`loupe: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
