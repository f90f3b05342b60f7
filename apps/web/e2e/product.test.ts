import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustedKey } from '@loupe/audit';
import { signIn } from './screens.ts';
import { artifacts, CHROMIUM, graphql, launchBrowser, productEnv, startProduct } from './harness.ts';

// The README's first command, for real: `npm start` on the embedded database, then an admin
// works through the GraphQL API and a real Chromium, and the data survives a restart.

const ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };

describe('the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
  let env: Record<string, string>;
  let browser: Browser;
  let apiUrl: string;
  let webUrl: string;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphql(apiUrl)<T>(query, variables, token);
  const login = async () => {
    const r = await gql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: ADMIN.email, p: ADMIN.password },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.login.token;
  };

  beforeAll(async () => {
    env = await productEnv(dataDir, ADMIN);
    apiUrl = `http://127.0.0.1:${env.LOUPE_API_PORT}`;
    webUrl = `http://127.0.0.1:${env.LOUPE_WEB_PORT}`;
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; npm test installs Debian's chromium`);
    browser = await launchBrowser();
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
      expect(second.output()).toMatch(/migrations: 0 applied, \d+ already up to date/);
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
      await signIn(page, webUrl, ADMIN);
      await page.getByRole('link', { name: 'Case from the API' }).waitFor();

      // The worker signed the chain head when the first run stopped, with the key it created in
      // the data dir; the API finds the public key beside it by default and the admin sees it.
      const trusted = readTrustedKey(join(dataDir, 'keys', 'audit-ed25519.pub.pem'));
      const ids = await gql<{ cases: { edges: { node: { id: string } }[] } }>(
        '{ cases { edges { node { id } } } }',
        {},
        token,
      );
      await page.goto(`${webUrl}/cases/${ids.data!.cases.edges[0]!.node.id}/audit`);
      const chain = page.getByRole('status', { name: 'Audit chain' });
      await chain.waitFor();
      const line = await chain.innerText();
      expect(line).toMatch(/Audit chain: ok \d+ events · latest signed head #\d+/);
      expect(line).toContain(`key ${trusted.fingerprint.slice(0, 12)}…`);
      expect(line).not.toContain('signatures not checked');
      await page.close();
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
