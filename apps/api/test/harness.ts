import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiConfig, type Env } from '@loupe/config';
import { createPrismaClient, type PrismaClient } from '@loupe/db';
import { startTestDatabase } from '@loupe/db/testing';
import { startQueue, type PgBoss } from '@loupe/queue';
import sharp from 'sharp';
import { createApp } from '../src/app.ts';

export const ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; stacktrace?: unknown } }[];
  headers: Headers;
}

export interface Harness {
  url: string;
  prisma: PrismaClient;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: { token?: string; cookie?: string },
  ): Promise<GqlResult<T>>;
  login(email: string, password: string): Promise<string>;
  /** Creates a user through the API as the admin and returns a session token for them. */
  user(email: string, role?: 'ADMIN' | 'INVESTIGATOR' | 'REVIEWER'): Promise<string>;
  adminToken: string;
  queue: PgBoss;
  dataDir: string;
  /** Factories for the usual setup, through the public API (so they exercise it too). */
  make: {
    /** A case created by `token`'s user; its id. */
    case(token: string, title?: string): Promise<string>;
    /** Adds `email` to the case with `role`, as `token`'s user (a lead). */
    member(
      token: string,
      caseId: string,
      email: string,
      role: 'LEAD' | 'INVESTIGATOR' | 'REVIEWER',
    ): Promise<void>;
    /** Uploads a small generated PNG (distinct per call) into the case; the media id. */
    png(token: string, caseId: string): Promise<string>;
  };
  /** The test database's URL (for raw SQL behind the app's back). */
  databaseUrl: string;
  /** Every SQL statement the API's PrismaClient has sent, in order (to count a request's cost). */
  statements: string[];
  stop(): Promise<void>;
}

/** The real API on a free port over a fresh, migrated embedded Postgres. */
export async function startHarness(env: Env = {}): Promise<Harness> {
  const db = await startTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-api-test-'));
  const config = loadApiConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    LOUPE_ADMIN_EMAIL: ADMIN.email,
    LOUPE_ADMIN_PASSWORD: ADMIN.password,
    LOUPE_DATA_DIR: dataDir,
    ...env,
  });
  const statements: string[] = [];
  const prisma = createPrismaClient({ url: db.url, onStatement: (s) => statements.push(s.sql) });
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const queue = await startQueue({ url: db.url, role: 'sender' }, () => undefined);
  const app = await createApp(config, { prisma, queue, log: quiet });
  await app.services.users.bootstrapAdmin(config.admin);
  const { url } = await app.listen(0, '127.0.0.1');

  const gql: Harness['gql'] = async (query, variables, auth) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth?.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth?.cookie) headers.cookie = auth.cookie;
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GqlResult, 'status' | 'headers'>;
    return { ...body, status: res.status, headers: res.headers } as never;
  };

  const login = async (email: string, password: string) => {
    const r = await gql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: email, p: password },
    );
    if (!r.data?.login) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.token;
  };

  const adminToken = await login(ADMIN.email, ADMIN.password);
  let n = 0;
  let pngs = 0;
  return {
    url,
    prisma,
    gql,
    login,
    adminToken,
    async user(email, role = 'INVESTIGATOR') {
      const password = `password-${++n}-long-enough`;
      const r = await gql(
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { email, password, role } },
        { token: adminToken },
      );
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return login(email, password);
    },
    make: {
      async case(token, title = 'A case') {
        const r = await gql<{ createCase: { id: string } }>(
          'mutation($t: String!) { createCase(input: { title: $t }) { id } }',
          { t: title },
          { token },
        );
        if (!r.data?.createCase) throw new Error(`createCase failed: ${JSON.stringify(r.errors)}`);
        return r.data.createCase.id;
      },
      async member(token, caseId, email, role) {
        const r = await gql(
          'mutation($c: ID!, $e: String!, $r: CaseRole!) { addCaseMember(caseId: $c, email: $e, role: $r) { id } }',
          { c: caseId, e: email, r: role },
          { token },
        );
        if (r.errors) throw new Error(`addCaseMember failed: ${JSON.stringify(r.errors)}`);
      },
      async png(token, caseId) {
        const colour = ++pngs;
        const bytes = await sharp({
          create: { width: 8, height: 8, channels: 3, background: { r: colour % 256, g: 64, b: 128 } },
        })
          .png()
          .toBuffer();
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `item-${colour}.png`);
        const res = await fetch(`${url}/api/cases/${caseId}/media`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: form,
        });
        const body = (await res.json()) as { media?: { id: string }[]; error?: unknown };
        const id = body.media?.[0]?.id;
        if (!id) throw new Error(`upload failed (${res.status}): ${JSON.stringify(body)}`);
        return id;
      },
    },
    queue,
    dataDir: config.dataDir,
    databaseUrl: db.url,
    statements,
    async stop() {
      await app.stop();
      await queue.stop({ graceful: false, wait: true });
      await prisma.$disconnect();
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const codeOf = <T>(r: GqlResult<T>) => r.errors?.[0]?.extensions?.code;
