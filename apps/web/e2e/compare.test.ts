import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { seriousViolations } from './a11y.ts';
import { signIn } from './screens.ts';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { ADMIN, api, login, sample, setUpWorkbench, type Workbench } from './workbench-setup.ts';

// Issue 10 item 3 through the browser: an item side by side with its match (one zoom and pan for
// both pictures), and a search with a dropped image that never becomes evidence.

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

/** Full-page screenshots at both sizes, no sideways scrolling at either, and no serious axe finding. */
async function checkLayout(page: Page, name: string) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(artifacts, `compare-${name}-${viewport.width}.png`), fullPage: true });
    const { scroll, wide } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      // What sticks out, named in the failure message.
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
    }));
    expect(scroll, `${name} at ${viewport.width} px: ${wide.join(', ')}`).toBeLessThanOrEqual(viewport.width);
    expect(await seriousViolations(page), `${name} at ${viewport.width} px`).toEqual([]);
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

/** The pane's CSS transform and zoom, as the page applies them. */
const viewOf = (pane: Locator) =>
  pane.evaluate((e) => ({
    transform: (e as HTMLElement).style.transform,
    zoom: Number(e.getAttribute('data-zoom')),
  }));

const loaded = (pane: Locator) =>
  pane
    .locator('img')
    .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);

async function centre(pane: Locator) {
  const box = (await pane.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('comparing an item with a match, and searching with a dropped image', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-compare-'));
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
    page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await signIn(page, product.webUrl, ADMIN);
    await page.getByRole('link', { name: 'Workbench' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the comparison from a similar result; zooming or dragging one picture moves the other', async () => {
    await page.goto(mediaUrl('sample4-copy.jpg'));
    const similar = page.getByRole('region', { name: 'Find similar' });
    await similar.getByLabel('Compare by').selectOption('PHASH');
    await similar.getByLabel('Search in').selectOption('KNOWN_FAKES');
    await similar.getByRole('button', { name: 'Find similar' }).click();
    const first = similar.getByTestId('similar-item').first();
    await first.getByRole('link', { name: 'Compare side by side with sample4.jpg' }).click();
    await page.waitForURL(/\/compare\?with=knownFake%3A/);
    expect(decodeURIComponent(page.url())).toContain(`with=knownFake:${wb.knownFakeId}`);

    // The scores are the API's, per space; the match's family and source are shown.
    const phashRow = page.getByTestId('compare-space').filter({ hasText: 'Perceptual hash' });
    await phashRow.waitFor();
    expect(await phashRow.textContent()).toMatch(/\d+ of 64 bits differ/);
    const fake = await page.getByTestId('compare-known-fake').textContent();
    expect(fake).toContain('Face swap');
    expect(fake).toContain('Workbench e2e library');

    const left = page.getByTestId('compare-pane-left');
    const right = page.getByTestId('compare-pane-right');
    await expect.poll(() => loaded(left)).toBe(true);
    await expect.poll(() => loaded(right)).toBe(true);
    expect((await viewOf(left)).zoom).toBe(1);

    // The wheel over the left picture zooms both.
    const l = await centre(left);
    await page.mouse.move(l.x, l.y);
    await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await viewOf(right)).zoom).toBeGreaterThan(1);
    await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await viewOf(left)).zoom).toBeGreaterThan(1.5);
    expect(await viewOf(right)).toEqual(await viewOf(left));
    expect(await page.getByTestId('compare-zoom').textContent()).toBe(
      `${(await viewOf(left)).zoom.toFixed(1)}×`,
    );

    // Dragging the right picture pans the left one by the same amount.
    const before = (await viewOf(left)).transform;
    const r = await centre(right);
    await page.mouse.move(r.x, r.y);
    await page.mouse.down();
    await page.mouse.move(r.x - 60, r.y - 40, { steps: 5 });
    await page.mouse.up();
    const panned = await viewOf(left);
    expect(panned.transform).not.toBe(before);
    expect(panned.transform).toMatch(/translate\(-[\d.]+%, -[\d.]+%\)/);
    expect(await viewOf(right)).toEqual(panned);

    // Keyboard: + on a focused picture zooms both; the buttons too.
    await right.focus();
    await page.keyboard.press('+');
    await expect.poll(async () => (await viewOf(left)).zoom).toBeGreaterThan(panned.zoom);
    await page.getByRole('button', { name: 'Reset view' }).click();
    await expect.poll(async () => (await viewOf(right)).zoom).toBe(1);

    await checkLayout(page, 'side-by-side');

    // Swipe: one picture over the other, both still on the one zoom.
    await page.getByRole('radio', { name: 'Swipe' }).check();
    await page.getByLabel('Swipe position').fill('30');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => (await viewOf(page.getByTestId('compare-pane-left'))).zoom).toBe(1.5);
    expect(await viewOf(page.getByTestId('compare-pane-right'))).toEqual(
      await viewOf(page.getByTestId('compare-pane-left')),
    );
    await checkLayout(page, 'swipe');
  });

  it('opens the comparison from the known-fake flag on the item page', async () => {
    await page.goto(mediaUrl('sample4-copy.jpg'));
    const banner = page.getByTestId('near-duplicates');
    await banner.getByRole('link', { name: 'Compare side by side with sample4.jpg' }).first().click();
    await page.waitForURL(/\/compare\?with=knownFake%3A/);
    await page.getByTestId('compare-known-fake').waitFor();
    await expect.poll(() => loaded(page.getByTestId('compare-pane-right'))).toBe(true);
  });

  it('finds what a dropped image matches, in the known fakes and in the case, without making it evidence', async () => {
    const q = api(product.apiUrl, token);
    const caseFacts = async () =>
      (
        await q<{ case: { media: { totalCount: number }; auditEvents: { totalCount: number } } }>(
          'query($id: ID!) { case(id: $id) { media(first: 1) { totalCount } auditEvents(first: 1, action: "similar.query") { totalCount } } }',
          { id: wb.caseId },
        )
      ).case;
    const before = await caseFacts();

    await page.goto(caseUrl());
    await page.getByRole('link', { name: 'Search by image →' }).click();
    await page.getByRole('heading', { level: 1, name: 'Search by image' }).waitFor();
    const region = page.getByRole('region', { name: 'Search by image' });

    // A forwarded copy of the library's sample4: smaller and re-encoded, dropped from the desktop.
    const forwarded = await sharp(sample(4)).resize(320).jpeg({ quality: 70 }).toBuffer();
    await page.getByTestId('query-dropzone').evaluate(async (zone, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'forwarded.jpg', { type: 'image/jpeg' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, forwarded.toString('base64'));
    const results = region.getByTestId('query-results');
    await results.waitFor();
    const top = results.getByTestId('similar-item').first();
    expect(await top.textContent()).toContain('sample4.jpg');
    expect(await top.textContent()).toContain('Known fake · Face swap');
    expect(await region.getByTestId('query-image').textContent()).toContain('forwarded.jpg');

    // The same image searched in this case finds the evidence copy first.
    await region.getByLabel('Search in').selectOption('THIS_CASE');
    await expect
      .poll(async () => (await results.getByTestId('similar-item').first().textContent()) ?? '')
      .toContain('sample4-copy.jpg');
    expect(await results.getByTestId('similar-item').first().textContent()).toContain('Evidence');

    // Compare the query with its best match: the same synchronised stage, the query on the left.
    await results.getByRole('button', { name: 'Compare with the query: sample4-copy.jpg' }).click();
    const stage = region.getByTestId('query-compare');
    await expect.poll(() => loaded(stage.getByTestId('compare-pane-left'))).toBe(true);
    await stage.getByRole('button', { name: 'Zoom in' }).click();
    expect((await viewOf(stage.getByTestId('compare-pane-right'))).zoom).toBe(1.5);
    await checkLayout(page, 'query-image');

    // Keyboard users choose the file instead of dropping it.
    await region.getByLabel('Query image (JPEG, PNG, WebP, TIFF or AVIF)').setInputFiles({
      name: 'sample1-screenshot.png',
      mimeType: 'image/png',
      buffer: await sharp(sample(1)).resize(400).png().toBuffer(),
    });
    await expect
      .poll(async () => (await results.getByTestId('similar-item').first().textContent()) ?? '')
      .toContain('sample1.jpg');

    // Neither image became evidence; each search is in the case's audit trail.
    const after = await caseFacts();
    expect(after.media.totalCount).toBe(before.media.totalCount);
    expect(after.auditEvents.totalCount).toBeGreaterThanOrEqual(before.auditEvents.totalCount + 2);
  });
});
