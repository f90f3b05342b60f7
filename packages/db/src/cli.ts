#!/usr/bin/env -S node --import tsx
// `loupe-db migrate`: applies pending migrations to DATABASE_URL.
import { ConfigError, loadDatabaseConfig } from '@loupe/config';
import { migrate, MigrationError } from './migrator.ts';

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'migrate': {
      const { url } = loadDatabaseConfig();
      const result = await migrate(url, { log: (m) => console.log(m) });
      console.log(
        `migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already up to date`,
      );
      return 0;
    }
    default:
      console.error('usage: loupe-db migrate');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof MigrationError ? error.message : error);
    process.exit(1);
  },
);
