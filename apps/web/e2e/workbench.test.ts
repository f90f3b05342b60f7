import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { ADMIN, api, login, setUpWorkbench, type Workbench } from './workbench-setup.ts';

// Issue 10, the investigator's workbench, through the browser: verdicts, case work, known-fake
// matches, the map viewer's width, the audit timeline and reports. One product start for all.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `workbench-${name}.png`), fullPage: true });

/** The page never scrolls sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

describe("the investigator's workbench in the started product", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-workbench-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let token: string;
  let wb: Workbench;

  const caseUrl = () => `${product.webUrl}/cases/${wb.caseId}`;
  const mediaUrl = (name: string) => `${caseUrl()}/media/${wb.media[name]}`;

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    token = await login(product.apiUrl, ADMIN);
    wb = await setUpWorkbench(product.apiUrl, token);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${product.webUrl}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Workbench' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives verdicts on the media page: banner first, history kept, analyses relied on recorded', async () => {
    await page.goto(mediaUrl('sample1.jpg'));
    const banner = page.getByTestId('verdict-banner');
    await banner.getByText('No verdict yet').waitFor();
    // The banner comes before the analysis and the pictures.
    const order = await page.evaluate(() => {
      const b = document.querySelector('[data-testid="verdict-banner"]');
      const a = document.getElementById('analysis-heading');
      return b && a ? b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();

    const form = page.getByRole('form', { name: 'Give a verdict' });
    await form.getByRole('button', { name: 'Record verdict' }).click();
    await form
      .getByRole('alert')
      .getByText(/Choose a verdict/)
      .waitFor();
    await form.getByRole('radio', { name: 'Manipulated' }).check();
    await form.getByLabel('Rationale').fill('Blending seam along the jaw line.');
    expect(await form.getByRole('checkbox', { name: /Latest analysis \(Done/ }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Record verdict' }).click();
    await banner.getByTestId('verdict-value').getByText('Manipulated').waitFor();
    await banner.getByText('Blending seam along the jaw line.').waitFor();

    await form.getByRole('radio', { name: 'Inconclusive' }).check();
    await form.getByLabel('Rationale').fill('Second look: the seam is a JPEG block edge.');
    await form.getByRole('checkbox', { name: /Latest analysis/ }).uncheck();
    await form.getByRole('button', { name: 'Record verdict' }).click();
    await banner.getByTestId('verdict-value').getByText('Inconclusive').waitFor();
    await banner.getByText(/relied on no recorded analysis/).waitFor();
    await banner.getByText('Earlier verdicts').click();
    expect(await banner.getByTestId('verdict-history-item').allTextContents()).toEqual([
      expect.stringMatching(/^Manipulated by .*Blending seam along the jaw line\.$/),
    ]);
    await shot(page, 'verdict');
    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.inner);

    // What the browser showed is what the API recorded.
    const { media } = await api(product.apiUrl, token)<{
      media: {
        analysis: { id: string };
        verdicts: { value: string; analysisIds: string[]; supersedesId: string | null; id: string }[];
      };
    }>(
      'query($id: ID!) { media(id: $id) { analysis { id } verdicts { id value analysisIds supersedesId } } }',
      {
        id: wb.media['sample1.jpg'],
      },
    );
    expect(media.verdicts.map((v) => [v.value, v.analysisIds])).toEqual([
      ['INCONCLUSIVE', []],
      ['MANIPULATED', [media.analysis.id]],
    ]);
    expect(media.verdicts[0]!.supersedesId).toBe(media.verdicts[1]!.id);
    // After a reload the banner still leads with the current verdict.
    await page.reload();
    await page.getByTestId('verdict-value').getByText('Inconclusive').waitFor();
  });

  it('shows each item’s current verdict in the evidence list and filters by it', async () => {
    await page.goto(caseUrl());
    const table = page.getByRole('table', { name: 'Evidence' });
    await expect.poll(() => table.getByTestId('evidence-item').count(), { timeout: 30_000 }).toBe(3);
    const row = (name: string) => table.getByTestId('evidence-item').filter({ hasText: name });
    expect(await row('sample1.jpg').getByTestId('verdict-badge').textContent()).toBe('Inconclusive');
    expect(await row('sample2.jpg').getByTestId('verdict-badge').textContent()).toBe('No verdict');

    const filter = page.getByLabel('Verdict', { exact: true });
    await filter.selectOption('INCONCLUSIVE');
    await expect.poll(() => table.getByTestId('evidence-item').count()).toBe(1);
    expect(await table.getByTestId('evidence-item').textContent()).toContain('sample1.jpg');
    await page.getByTestId('evidence-filter-status').getByText('1 of 3 loaded items match.').waitFor();
    await shot(page, 'evidence-filter');
    await filter.selectOption('NONE');
    await expect.poll(() => table.getByTestId('evidence-item').count()).toBe(2);
    await filter.selectOption('AUTHENTIC');
    await page.getByText('No loaded item has this verdict.').waitFor();
    await filter.selectOption('ALL');
    await expect.poll(() => table.getByTestId('evidence-item').count()).toBe(3);
  });
});
