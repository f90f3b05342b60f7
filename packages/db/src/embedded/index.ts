import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { embeddedDatabaseUrl } from '@loupe/config';
import { randomDbPassword } from './password.ts';
import { WireMultiplexer } from './wire-multiplexer.ts';

export interface EmbeddedPostgresOptions {
  /** Directory for the database files; omit for an in-memory database (tests). */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxConnections?: number;
  /** What clients must present; omit for a random one (tests: it is in the returned url). */
  password?: string;
  /** A dump (PGlite's dumpDataDir, uncompressed) to start from instead of an empty cluster (tests). */
  loadDataDir?: Blob;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  db: PGlite;
  stop(): Promise<void>;
}

/** Starts PGlite with pgvector and serves it over the Postgres wire protocol on loopback. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { vector },
  });
  const host = options.host ?? '127.0.0.1';
  const password = options.password ?? randomDbPassword();
  const server = new WireMultiplexer({
    password,
    db,
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 100,
    ...(options.log ? { log: options.log } : {}),
  });
  let port: number;
  try {
    port = await server.listen();
  } catch (error) {
    await db.close();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: embeddedDatabaseUrl({ host, port, password }),
    port,
    db,
    stop: () =>
      (stopped ??= (async () => {
        await server.close();
        await db.close();
      })()),
  };
}

export { embeddedUrlFromLog, loadOrCreateDbPassword, withEmbeddedDatabaseUrl } from './password.ts';
