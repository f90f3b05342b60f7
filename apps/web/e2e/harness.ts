import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '@loupe/config';

// Shared by the end-to-end tests: runs the README's `npm start` (scripts/start.mjs) on free
// ports and a given data directory, and a real Chromium.

export const root = projectRoot();
export const CHROMIUM = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
export const artifacts = join(root, 'test-results');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Product {
  process: ChildProcess;
  apiUrl: string;
  webUrl: string;
  output: () => string;
  stop(): Promise<number | null>;
}

export async function productEnv(dataDir: string, admin: { email: string; password: string }) {
  const [db, api, web] = [await freePort(), await freePort(), await freePort()];
  return {
    LOUPE_DATA_DIR: dataDir,
    LOUPE_DB_PORT: String(db),
    LOUPE_API_PORT: String(api),
    LOUPE_WEB_PORT: String(web),
    LOUPE_ADMIN_EMAIL: admin.email,
    LOUPE_ADMIN_PASSWORD: admin.password,
  };
}

export async function startProduct(env: Record<string, string>): Promise<Product> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Loupe is up')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${log}`)));
  });
  return {
    process: child,
    apiUrl: `http://127.0.0.1:${env.LOUPE_API_PORT}`,
    webUrl: `http://127.0.0.1:${env.LOUPE_WEB_PORT}`,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A GraphQL client for one API, optionally authenticated. */
export function graphql(apiUrl: string) {
  return async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string }[] };
  };
}
