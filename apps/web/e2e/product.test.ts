import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';

// The README's first command, for real: `npm start` on the embedded database, then an admin
// works through the GraphQL API and a real Chromium, and the data survives a restart.

const root = projectRoot();
const ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
const CHROMIUM = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
const artifacts = join(root, 'test-results');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Product {
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

async function startProduct(env: Record<string, string>): Promise<Product> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Loupe is up')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${log}`)));
  });
  await ready;
  return {
    process: child,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}

describe('the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
  let env: Record<string, string>;
  let browser: Browser;
  let apiUrl: string;
  let webUrl: string;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string }[] };
  };
  const login = async () => {
    const r = await gql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: ADMIN.email, p: ADMIN.password },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.login.token;
  };

  beforeAll(async () => {
    const [db, api, web] = [await freePort(), await freePort(), await freePort()];
    env = {
      LOUPE_DATA_DIR: dataDir,
      LOUPE_DB_PORT: String(db),
      LOUPE_API_PORT: String(api),
      LOUPE_WEB_PORT: String(web),
      LOUPE_ADMIN_EMAIL: ADMIN.email,
      LOUPE_ADMIN_PASSWORD: ADMIN.password,
    };
    apiUrl = `http://127.0.0.1:${api}`;
    webUrl = `http://127.0.0.1:${web}`;
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; npm test installs Debian's chromium`);
    browser = await chromium.launch({
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
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded database; an admin creates cases over GraphQL and in the browser; they survive a restart', async () => {
    const first = await startProduct(env);
    try {
      expect(first.output()).toMatch(/embedded Postgres \(PGlite \+ pgvector\) ready/);
      const token = await login();
      const created = await gql<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "Case from the API", description: "made over GraphQL" }) { id } }',
        {},
        token,
      );
      expect(created.errors).toBeUndefined();

      const page = await browser.newPage();
      await page.goto(`${webUrl}/cases`);
      await page.waitForURL(/\/login/);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // (Next's route announcer is also role=alert, so find the message by its text.)
      await page.getByText('Invalid email or password.').waitFor();
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Case from the API' }).waitFor();

      await page.getByLabel('Title').fill('Case from the browser');
      await page.getByLabel('Description').fill('typed into the form');
      await page.getByRole('button', { name: 'Create case' }).click();
      await page.getByRole('link', { name: 'Case from the browser' }).waitFor();
      await page.screenshot({ path: join(artifacts, 'cases.png'), fullPage: true });

      await page.getByRole('link', { name: 'Case from the browser' }).click();
      await page.getByRole('heading', { level: 1, name: 'Case from the browser' }).waitFor();
      await page.screenshot({ path: join(artifacts, 'case.png'), fullPage: true });
      await page.close();
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startProduct(env);
    try {
      expect(second.output()).toMatch(/migrations: 0 applied, 1 already up to date/);
      expect(second.output()).not.toMatch(/Created the first administrator/);
      const token = await login();
      const list = await gql<{ cases: { edges: { node: { title: string } }[] } }>(
        '{ cases { edges { node { title } } } }',
        {},
        token,
      );
      expect(list.data?.cases.edges.map((e) => e.node.title)).toEqual([
        'Case from the browser',
        'Case from the API',
      ]);

      const page = await browser.newPage();
      await page.goto(`${webUrl}/login`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Case from the API' }).waitFor();
      await page.close();
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
