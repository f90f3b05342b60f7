import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { signIn } from './screens.ts';
import { artifacts, launchBrowser, productEnv, root, startProduct, type Product } from './harness.ts';
import { api, login, sample, upload, waitDone } from './workbench-setup.ts';

// Issue 12, done-when: `loupe eval` on a labelled set records its run against the product's
// database, the media page shows the qualifying evaluation next to the score, and the run's page
// draws its ROC / PR / reliability charts live from the stored Vega-Lite specs under the web app's
// CSP (no 'unsafe-eval': Vega runs with its AST interpreter).

const ADMIN = { email: 'admin@evaluation.test', password: 'evaluation-admin-password' };

interface Est {
  value: number;
  ci95: [number, number] | null;
}

/** Runs `npm run loupe -- …` and resolves to its exit code and output. */
function loupe(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'loupe', '--', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** The started product's database: its "ready at" line, with the password from the file it names (if any). */
function productDatabaseUrl(log: string): string {
  const at = /ready at (postgres:\/\/\S+)/.exec(log)?.[1];
  if (!at) throw new Error(`no database URL in the product's output:\n${log}`);
  const url = new URL(at);
  const file = /ready at postgres:\/\/\S+ .*password in (\S+)/.exec(log)?.[1];
  if (file) url.password = readFileSync(file, 'utf8').trim();
  return url.toString();
}

describe('an evaluation run in the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-evaluation-'));
  let product: Product;
  let browser: Browser;
  let caseId: string;
  let mediaId: string;
  let evaluationId: string;
  let metrics: {
    signals: { detector: { overall: { auroc: Est; fprAtThreshold: Est; n: number } } };
  };

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    const token = await login(product.apiUrl, ADMIN);
    const q = api(product.apiUrl, token);
    caseId = (
      await q<{ createCase: { id: string } }>('mutation { createCase(input: { title: "Scored" }) { id } }')
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
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loupe eval records a run against the product database', async () => {
    // A tiny labelled set: three photos, and the same three compressed twice (q60 then q90).
    const set = join(dataDir, 'tiny-set');
    mkdirSync(join(set, 'real'), { recursive: true });
    mkdirSync(join(set, 'fake', 'double_jpeg'), { recursive: true });
    for (const i of [1, 3, 5]) {
      const once = await sharp(sample(i)).resize(320).jpeg({ quality: 90 }).toBuffer();
      writeFileSync(join(set, 'real', `s${i}.jpg`), once);
      const low = await sharp(sample(i)).resize(320).jpeg({ quality: 60 }).toBuffer();
      writeFileSync(
        join(set, 'fake', 'double_jpeg', `s${i}.jpg`),
        await sharp(low).jpeg({ quality: 90 }).toBuffer(),
      );
    }
    const databaseUrl = productDatabaseUrl(product.output());
    const out = join(dataDir, 'tiny-run');
    const r = await loupe(
      ['eval', '--data', set, '--out', out, '--name', 'tiny e2e set', '--resamples', '200'],
      { DATABASE_URL: databaseUrl, LOUPE_DATA_DIR: dataDir },
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/detector: loupe-test-fixture .* TEST FIXTURE/);
    expect(r.out).toMatch(/\| detector \| all \| 6 \(3\/3\) \|/);
    evaluationId = /recorded as evaluation ([0-9a-f-]{36})/.exec(r.out)?.[1] ?? '';
    expect(evaluationId).not.toBe('');
    metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as typeof metrics;
    expect(metrics.signals.detector.overall.n).toBe(6);
  }, 300_000);

  it('shows the evaluation beside the score, and the run page draws its charts live without CSP errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await signIn(page, product.webUrl, ADMIN);
    await page.waitForURL(/\/cases/);
    await page.goto(`${product.webUrl}/cases/${caseId}/media/${mediaId}`);

    // The line under the score, with this run's numbers.
    const { auroc, fprAtThreshold: fpr } = metrics.signals.detector.overall;
    const f3 = (v: number) => v.toFixed(3);
    const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
    const expected =
      `Evaluated on tiny e2e set: AUROC ${f3(auroc.value)} [${f3(auroc.ci95![0])}–${f3(auroc.ci95![1])}], ` +
      `FPR ${pct(fpr.value)} [${pct(fpr.ci95![0])}–${pct(fpr.ci95![1])}] at threshold`;
    const note = page.getByTestId('detector-evaluation');
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain(expected);
    expect(await note.textContent()).toMatch(/\(6 items: 3 fake, 3 real\) — TEST FIXTURE, not evidence/);
    await page.screenshot({ path: join(artifacts, 'evaluation-note.png'), fullPage: true });

    // The run's own page: facts, the metrics table, and every stored chart drawn as SVG in the page.
    await note.getByRole('link', { name: 'Open this evaluation' }).click();
    await page.waitForURL(new RegExp(`/evaluations/${evaluationId}$`));
    await page.getByRole('heading', { level: 1, name: 'Evaluation on tiny e2e set' }).waitFor();
    const charts = page.getByTestId('evaluation-chart');
    await expect
      .poll(() => charts.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-state'))), {
        timeout: 60_000,
      })
      .toEqual(['rendered', 'rendered', 'rendered', 'rendered']);
    expect(await charts.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-plot')))).toEqual([
      'roc',
      'pr',
      'reliability',
      'histograms',
    ]);
    // Live Vega output: an <svg> per chart with line marks (not an <img> of a stored file).
    const roc = page.locator('[data-plot="roc"] svg');
    expect(await roc.count()).toBe(1);
    expect(await roc.locator('.mark-line path').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-plot="histograms"] svg .mark-rect path').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-plot="roc"] img').count()).toBe(0);
    const detectorRow = page
      .getByTestId('metrics-row')
      .filter({ has: page.getByRole('rowheader', { name: 'detector' }) })
      .first();
    expect(await detectorRow.textContent()).toContain(
      `6 (3/3)${f3(auroc.value)} [${f3(auroc.ci95![0])}–${f3(auroc.ci95![1])}]`,
    );
    await page.screenshot({ path: join(artifacts, 'evaluation-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
