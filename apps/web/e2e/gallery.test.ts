import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { makeClip } from '@loupe/video/testing';
import { seriousViolations } from './a11y.ts';
import { DESKTOP, drop, dropped, pageWidth, PHONE, signIn } from './screens.ts';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { ADMIN, api, login, sample } from './workbench-setup.ts';

// Issue 10 item 9, gallery and navigation, through the browser only: several files dropped at
// once onto the case page, the grid view sorted suspected-first and filtered by type and status
// (all in the URL), previous/next on the media page by keyboard, and the 404 page.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `gallery-${name}.png`), fullPage: true });

describe('gallery and navigation in the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-gallery-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let token: string;
  let caseId: string;
  let clip: Buffer;

  const caseUrl = (query = '') => `${product.webUrl}/cases/${caseId}${query}`;
  const tiles = () => page.getByRole('list', { name: 'Evidence grid' }).getByTestId('evidence-tile');
  const tileNames = () => tiles().getByTestId('tile-name').allTextContents();
  const position = () => page.getByTestId('media-position').textContent();

  /** Every item's p(fake) as the API reports it (null while unscored), by file name. */
  async function scores(): Promise<Map<string, number | null>> {
    const { case: found } = await api(product.apiUrl, token)<{
      case: {
        media: {
          edges: {
            node: { originalName: string; analysis: { detector: { pFake: number | null } | null } };
          }[];
        };
      };
    }>(
      'query($id: ID!) { case(id: $id) { media(first: 50) { edges { node { originalName analysis { detector { pFake } } } } } } }',
      { id: caseId },
    );
    return new Map(
      found.media.edges.map((e) => [e.node.originalName, e.node.analysis?.detector?.pFake ?? null]),
    );
  }

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    clip = readFileSync(
      await makeClip(join(dataDir, 'clip.webm'), { codec: 'vp9', container: 'webm', photo: 2, seconds: 2 }),
    );
    product = await startProduct({
      ...(await productEnv(dataDir, ADMIN)),
      LOUPE_VIDEO_SAMPLE_FRAMES: '4',
    });
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    token = await login(product.apiUrl, ADMIN);
    page = await browser.newPage({ viewport: DESKTOP });
    await signIn(page, product.webUrl, ADMIN);
    await page.waitForURL(/\/cases$/);
    await page.getByLabel('Title').fill('Gallery');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('link', { name: 'Gallery' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').at(-1)!;
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads several dropped files at once, each with its own outcome', async () => {
    await drop(page, 'evidence-drop-zone', [
      dropped('sample1.jpg', 'image/jpeg', sample(1)),
      dropped('sample2.jpg', 'image/jpeg', sample(2)),
      dropped('sample3.jpg', 'image/jpeg', sample(3)),
      dropped('clip.webm', 'video/webm', clip),
      dropped('notes.txt', 'text/plain', Buffer.from('not evidence')),
    ]);
    const results = page.getByRole('list', { name: 'Upload results' }).getByTestId('upload-result');
    await expect.poll(() => results.count(), { timeout: 60_000 }).toBe(5);
    const accepted = results.filter({ hasText: 'accepted' });
    expect(await accepted.count()).toBe(4);
    const refused = results.filter({ hasText: 'notes.txt' });
    expect(await refused.textContent()).toContain('refused');
    expect(await refused.getByRole('alert').textContent()).not.toBe('');
    await page.getByText('Upload complete: 4 new, 1 rejected.').waitFor();
  });

  it('shows the evidence as a grid, sorted suspected first in the order of the scores', async () => {
    await page.getByRole('group', { name: 'Evidence view' }).getByRole('button', { name: 'Grid' }).click();
    await page.waitForURL(/view=grid/);
    expect(await tiles().count()).toBe(4);
    // The list follows the analyses: wait until every tile says Done.
    await expect
      .poll(() => tiles().getByTestId('analysis-status').filter({ hasText: 'Done' }).count(), {
        timeout: 300_000,
        interval: 1000,
      })
      .toBe(4);
    await page.getByLabel('Sort').selectOption('SUSPECTED_FIRST');
    await page.waitForURL(/sort=SUSPECTED_FIRST/);
    const api = await scores();
    const expected = [...api.entries()].sort((a, b) => (b[1] ?? -1) - (a[1] ?? -1)).map(([name]) => name);
    await expect.poll(tileNames).toEqual(expected);
    // Each tile shows its score with the fixture marker, its type, status and verdict.
    const shown = await tiles().evaluateAll((es) =>
      es.map((e) => Number(e.querySelector('[data-testid="tile-score"]')?.getAttribute('data-pfake'))),
    );
    expect(shown).toEqual(expected.map((name) => api.get(name)));
    expect(await tiles().getByTestId('fixture-mark').count()).toBe(4);
    expect(await tiles().getByTestId('tile-kind').allTextContents()).toEqual(
      expected.map((name) => (name.endsWith('.webm') ? 'Video' : 'Image')),
    );
    expect(await tiles().getByTestId('verdict-badge').allTextContents()).toEqual(
      expected.map(() => 'No verdict'),
    );
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await shot(page, `grid-${size.width}`);
      const width = await pageWidth(page);
      expect(width.scroll).toBeLessThanOrEqual(width.inner);
    }
    await page.setViewportSize(DESKTOP);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters by type and analysis status, and a link reproduces the view', async () => {
    await page.getByLabel('Type').selectOption('VIDEO');
    await page.waitForURL(/kind=VIDEO/);
    await expect.poll(tileNames).toEqual(['clip.webm']);
    await page.getByTestId('evidence-filter-status').getByText('1 of 4 items match.').waitFor();

    await page.getByLabel('Type').selectOption('IMAGE');
    await page.getByLabel('Analysis status').selectOption('DONE');
    await page.waitForURL(/kind=IMAGE.*status=DONE|status=DONE.*kind=IMAGE/);
    await expect.poll(() => tiles().count()).toBe(3);
    expect(await tiles().evaluateAll((es) => es.map((e) => e.getAttribute('data-kind')))).toEqual([
      'IMAGE',
      'IMAGE',
      'IMAGE',
    ]);
    await page.getByLabel('Analysis status').selectOption('FAILED');
    await page.getByText('No item matches these filters.').waitFor();
    await page.getByLabel('Analysis status').selectOption('ALL');
    await expect.poll(() => tiles().count()).toBe(3);

    // The URL alone brings the same view back (it follows the controls once the list has).
    await page.waitForURL((u) => !u.searchParams.has('status') && u.searchParams.get('kind') === 'IMAGE');
    const url = page.url();
    const fresh = await browser.newPage({
      viewport: DESKTOP,
      storageState: await page.context().storageState(),
    });
    await fresh.goto(url);
    const freshTiles = fresh.getByRole('list', { name: 'Evidence grid' }).getByTestId('evidence-tile');
    await expect.poll(() => freshTiles.count(), { timeout: 30_000 }).toBe(3);
    expect(await fresh.getByLabel('Sort').inputValue()).toBe('SUSPECTED_FIRST');
    expect(await fresh.getByLabel('Type').inputValue()).toBe('IMAGE');
    await fresh.close();

    // The table view keeps the order and the filter.
    await page.getByRole('group', { name: 'Evidence view' }).getByRole('button', { name: 'Table' }).click();
    await page.waitForURL((u) => !u.searchParams.has('view'));
    const rows = page.getByRole('table', { name: 'Evidence' }).getByTestId('evidence-item');
    await expect.poll(() => rows.count()).toBe(3);
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await shot(page, `table-${size.width}`);
      const width = await pageWidth(page);
      expect(width.scroll).toBeLessThanOrEqual(width.inner);
    }
    await page.setViewportSize(DESKTOP);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('walks previous / next on the media page by keyboard, in the order and filter of the list', async () => {
    await page.goto(caseUrl('?view=grid&sort=SUSPECTED_FIRST'));
    await expect.poll(() => tiles().count(), { timeout: 30_000 }).toBe(4);
    const order = await tileNames();
    await tiles().first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: order[0] }).waitFor();
    expect(page.url()).toContain('sort=SUSPECTED_FIRST');
    await expect.poll(position).toBe('1 of 4');
    const nav = page.getByRole('navigation', { name: 'Evidence in this case' });
    expect(await nav.getByRole('link', { name: /Previous/ }).count()).toBe(0);
    await nav.getByText('Keyboard shortcuts').click();
    await nav.getByText('Next item').waitFor();

    await page.keyboard.press('j');
    await page.getByRole('heading', { level: 1, name: order[1] }).waitFor();
    await expect.poll(position).toBe('2 of 4');
    await page.keyboard.press(']');
    await page.getByRole('heading', { level: 1, name: order[2] }).waitFor();
    await expect.poll(position).toBe('3 of 4');
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 1, name: order[1] }).waitFor();
    await expect.poll(position).toBe('2 of 4');
    await page.keyboard.press('[');
    await page.getByRole('heading', { level: 1, name: order[0] }).waitFor();

    // Typing in a field is typing, not navigating.
    const note = page.getByLabel('Note on this item');
    await note.fill('');
    await note.press('j');
    expect(await note.inputValue()).toBe('j');
    await expect.poll(position).toBe('1 of 4');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(order[0]);

    // The links do the same, and the last item has no next.
    await nav.getByRole('link', { name: /Next/ }).click();
    await expect.poll(position).toBe('2 of 4');
    expect(await seriousViolations(page)).toEqual([]);

    // Within a filter the position counts the filtered items.
    await page.goto(caseUrl('?sort=NAME&kind=IMAGE'));
    const rows = page.getByRole('table', { name: 'Evidence' }).getByTestId('evidence-item');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    await rows.last().getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'sample3.jpg' }).waitFor();
    await expect.poll(position).toBe('3 of 3');
    expect(await nav.getByRole('link', { name: /Next/ }).count()).toBe(0);
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 1, name: 'sample2.jpg' }).waitFor();
    // Back to the case keeps the order and the filter.
    await page.getByRole('link', { name: '← Back to case' }).click();
    await page.waitForURL(/sort=NAME/);
    expect(page.url()).toContain('kind=IMAGE');
  });

  it('answers an unknown item, an unknown case and a route that does not exist with the 404 page', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await page.goto(caseUrl(`/media/${unknown}`));
    await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: 30_000 });
    await page.goto(`${product.webUrl}/cases/${unknown}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Go to all cases' }).click();
    await page.waitForURL(/\/cases$/);

    const response = await page.goto(`${product.webUrl}/no-such-page/at-all`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await shot(page, `404-${size.width}`);
      const width = await pageWidth(page);
      expect(width.scroll).toBeLessThanOrEqual(width.inner);
    }
    expect(await seriousViolations(page)).toEqual([]);
  });
});
