import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { seriousViolations, unreachableByKeyboard } from './a11y.ts';
import { launchBrowser, productEnv, root, startProduct, type Product } from './harness.ts';
import { api, login, sample, upload, waitDone } from './workbench-setup.ts';

// Issue 10 item 11: every page of the started product passes axe-core's WCAG 2 A/AA rules with
// no serious or critical violation (labels among them), and the Tab key reaches every control,
// at a desktop and a phone width. Every page is checked before the assertion, so one run lists
// all of them.

const ADMIN = { email: 'admin@a11y.test', password: 'a11y-admin-password' };
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/** `loupe eval` on a tiny labelled set against the product's database: the id of the run it records. */
async function recordEvaluation(dataDir: string, log: string): Promise<string> {
  const set = join(dataDir, 'tiny-set');
  mkdirSync(join(set, 'real'), { recursive: true });
  mkdirSync(join(set, 'fake', 'double_jpeg'), { recursive: true });
  for (const i of [1, 3]) {
    const once = await sharp(sample(i)).resize(320).jpeg({ quality: 90 }).toBuffer();
    writeFileSync(join(set, 'real', `s${i}.jpg`), once);
    const low = await sharp(sample(i)).resize(320).jpeg({ quality: 60 }).toBuffer();
    writeFileSync(
      join(set, 'fake', 'double_jpeg', `s${i}.jpg`),
      await sharp(low).jpeg({ quality: 90 }).toBuffer(),
    );
  }
  const at = /ready at (postgres:\/\/\S+)/.exec(log)?.[1];
  if (!at) throw new Error(`no database URL in the product's output:\n${log}`);
  const url = new URL(at);
  const file = /ready at postgres:\/\/\S+ .*password in (\S+)/.exec(log)?.[1];
  if (file) url.password = readFileSync(file, 'utf8').trim();
  const args = ['run', '--silent', 'loupe', '--', 'eval', '--data', set, '--out', join(dataDir, 'run')];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', [...args, '--name', 'a11y set', '--resamples', '50'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url.toString(), LOUPE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`loupe eval: ${code}\n${text}`)),
    );
  });
  const id = /recorded as evaluation ([0-9a-f-]{36})/.exec(out)?.[1];
  if (!id) throw new Error(`no evaluation id in:\n${out}`);
  return id;
}

describe('accessibility of every page in the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-a11y-'));
  let product: Product;
  let browser: Browser;
  let caseId: string;
  let mediaId: string;
  let evaluationId: string;

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    const token = await login(product.apiUrl, ADMIN);
    const q = api(product.apiUrl, token);
    caseId = (
      await q<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "Accessible case", description: "Checked by axe" }) { id } }',
      )
    ).createCase.id;
    mediaId = (await upload(product.apiUrl, token, caseId, [{ name: 'sample2.jpg', bytes: sample(2) }]))[0]!;
    await waitDone(
      async () =>
        (
          await q<{ media: { analysis: { status: string } } }>(
            'query($id: ID!) { media(id: $id) { analysis { status } } }',
            { id: mediaId },
          )
        ).media.analysis.status,
      'sample2.jpg',
    );
    evaluationId = await recordEvaluation(dataDir, product.output());
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const viewport of VIEWPORTS) {
    it(`has no serious or critical axe violation and no control out of Tab's reach on any page at ${viewport.width}×${viewport.height}`, async () => {
      const page = await browser.newPage({ viewport });
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        const v = await seriousViolations(page);
        if (v.length) found[name] = v;
        const missed = await unreachableByKeyboard(page);
        if (missed.length) found[`${name}: not reachable with Tab`] = missed;
      };
      const visit = async (path: string, ready: (p: Page) => Promise<unknown>) => {
        await page.goto(`${product.webUrl}${path}`);
        await ready(page);
      };

      // Network idle: React has hydrated the form (a click before that would submit it natively).
      await visit('/login', (p) => p.waitForLoadState('networkidle'));
      await check('login');
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Invalid email or password.').waitFor();
      await check('login, with its error');
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Accessible case' }).waitFor();
      await check('cases list');

      await visit(`/cases/${caseId}`, (p) => p.getByTestId('evidence-item').first().waitFor());
      await check('case page');

      await visit(`/cases/${caseId}/media/${mediaId}`, (p) =>
        p.getByRole('tablist', { name: 'Heatmap kind' }).waitFor(),
      );
      await check('media page');
      for (const kind of ['ELA', 'Noise']) {
        await page.getByRole('tablist', { name: 'Heatmap kind' }).getByRole('tab', { name: kind }).click();
        await page.getByTestId('map-params').waitFor();
        await check(`media page, ${kind} map`);
      }

      await visit(`/cases/${caseId}/audit`, (p) => p.locator('#timeline-heading').waitFor());
      await check('audit page');

      await visit('/no-such-page', (p) => p.locator('h1, h2').first().waitFor());
      await check('404 page');

      await visit(`/evaluations/${evaluationId}`, (p) =>
        expect
          .poll(() => p.getByTestId('evaluation-chart').evaluateAll((cs) => cs.map((c) => c.dataset.state)), {
            timeout: 60_000,
          })
          .toEqual(['rendered', 'rendered', 'rendered', 'rendered']),
      );
      await check('evaluation page');

      await page.close();
      expect(found, JSON.stringify(found, null, 2)).toEqual({});
    });
  }
});
