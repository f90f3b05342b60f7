import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { seriousViolations } from './a11y.ts';
import { signIn } from './screens.ts';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { analysedImage, login, sample } from './workbench-setup.ts';

// Issue 10 item 4, the map viewer, through the browser on a group photo: each scored face's own
// detector map and score, the magnifier, the original beside the map under one zoom and pan, and
// ELA computed in the browser at a quality the investigator picks.

const ADMIN = { email: 'admin@maps.test', password: 'map-viewer-admin-password' };

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `map-viewer-${name}.png`), fullPage: true });

const transformOf = (layer: Locator) => layer.evaluate((e: HTMLElement) => e.style.transform);

/** A digest of a displayed image's decoded pixels (drawn onto a canvas in the page). */
const pixelsOf = (image: Locator) =>
  image.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    let weighted = 0;
    for (let i = 0; i < data.length; i += 4) {
      sum += data[i]! + data[i + 1]! + data[i + 2]!;
      weighted = (weighted * 31 + data[i]! + 7 * data[i + 1]! + 13 * data[i + 2]!) % 1_000_000_007;
    }
    return { width: canvas.width, height: canvas.height, sum, weighted };
  });

describe('the map viewer in the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-maps-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let mediaUrl: string;

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    const token = await login(product.apiUrl, ADMIN);
    const { caseId, mediaId } = await analysedImage(product.apiUrl, token, 'Group photo', {
      name: 'group.jpg',
      bytes: sample(4),
    });
    mediaUrl = `${product.webUrl}/cases/${caseId}/media/${mediaId}`;
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, product.webUrl, ADMIN);
    // The case list shows after signing in.
    await page.getByRole('link', { name: 'Group photo' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('switches the detector map between faces, each with its own score and the fixture marker', async () => {
    await page.goto(mediaUrl);
    const picker = page.getByTestId('face-picker');
    await picker.waitFor();
    const radios = picker.getByRole('radio');
    expect(await radios.count()).toBeGreaterThanOrEqual(2);
    expect(await radios.first().isChecked()).toBe(true);
    const caption = page.getByTestId('face-map-caption');
    expect(await caption.textContent()).toMatch(/face 1, the primary \(largest\) face: p\(fake\) \d/);
    expect(await caption.getByTestId('fixture-mark').count()).toBe(1);
    const map = page.getByTestId('heatmap-image');
    const first = await map.getAttribute('src');
    const firstPixels = await pixelsOf(map);

    await picker.getByRole('radio', { name: /^Face 2/ }).check();
    await expect.poll(() => map.getAttribute('src')).not.toBe(first);
    expect(await caption.textContent()).toMatch(/face 2: p\(fake\) \d/);
    expect(await caption.getByTestId('fixture-mark').count()).toBe(1);
    const secondPixels = await pixelsOf(map);
    expect([secondPixels.width, secondPixels.height]).toEqual([firstPixels.width, firstPixels.height]);
    expect(secondPixels.weighted).not.toBe(firstPixels.weighted);
    // The keyboard moves between faces too (a radio group).
    await picker.getByRole('radio', { name: /^Face 2/ }).press('ArrowLeft');
    await expect.poll(() => map.getAttribute('src')).toBe(first);
  });

  it('moves the magnifier with the pointer and the arrow keys', async () => {
    const tools = page.getByRole('group', { name: 'Map tools' });
    await tools.getByLabel('Magnifier').check();
    const position = page.getByTestId('magnifier-position');
    const at = async () => {
      const [, x, y] = /at x (\d+), y (\d+) px/.exec((await position.textContent()) ?? '')!;
      return { x: Number(x), y: Number(y) };
    };
    const start = await at();
    const lens = page.getByTestId('magnifier');
    expect(await lens.count()).toBe(1);
    const mapHalf = page.getByTestId('magnifier-map');
    const src = (await page.getByTestId('heatmap-image').getAttribute('src'))!;
    expect(await mapHalf.evaluate((e: HTMLElement) => e.style.backgroundImage)).toContain(src);
    const background = () => mapHalf.evaluate((e: HTMLElement) => e.style.backgroundPosition);
    const before = await background();

    const panes = page.getByTestId('map-panes');
    await panes.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await at()).toEqual({ x: start.x + 24, y: start.y + 8 });
    expect(await background()).not.toBe(before);

    // The pointer near the top-left corner of the map puts the magnifier on the picture's corner.
    const box = (await page.getByTestId('map-layer').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    const pointed = await at();
    expect(pointed.x).toBeLessThan(start.x / 2);
    expect(pointed.y).toBeLessThan(start.y / 2);
    await shot(page, 'magnifier');
  });

  it('shows the original beside the map, both following one zoom and pan', async () => {
    await page.getByRole('group', { name: 'Map tools' }).getByLabel('Original beside the map').check();
    const original = page.getByTestId('map-original-layer');
    const map = page.getByTestId('map-layer');
    const [o, m] = [(await original.boundingBox())!, (await map.boundingBox())!];
    expect(o.x + o.width).toBeLessThanOrEqual(m.x); // side by side at 1440 px
    await page.getByRole('group', { name: 'Map view' }).getByRole('button', { name: 'Zoom in' }).click();
    expect(await transformOf(map)).toBe('scale(1.5) translate(0%, 0%)');
    expect(await transformOf(original)).toBe(await transformOf(map));
    // Dragging the original pans the map too.
    const cx = o.x + o.width / 2;
    const cy = o.y + o.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 50, cy - 30, { steps: 4 });
    await page.mouse.up();
    const [, x, y] = /translate\((-?[\d.]+)%, (-?[\d.]+)%\)/.exec(await transformOf(map))!;
    expect(Number(x)).toBeLessThan(0);
    expect(Number(y)).toBeLessThan(0);
    expect(await transformOf(original)).toBe(await transformOf(map));
    await shot(page, 'side-by-side-1440');
  });

  it('computes ELA in the browser at the quality picked, and the map changes with it', async () => {
    const section = page.getByTestId('browser-ela');
    await section.getByRole('button', { name: 'Compute ELA in this browser' }).click();
    const caption = section.getByTestId('browser-ela-caption');
    await expect.poll(() => caption.textContent(), { timeout: 60_000 }).toMatch(/at JPEG quality 75\b/);
    expect(await caption.textContent()).toContain('computed in your browser');
    const image = section.getByTestId('heatmap-image');
    const at75 = await pixelsOf(image);
    expect([at75.width, at75.height]).toEqual([1920, 1448]);
    expect(at75.sum).toBeGreaterThan(0);

    await section.getByLabel('JPEG quality').fill('95');
    await expect.poll(() => caption.textContent(), { timeout: 60_000 }).toMatch(/at JPEG quality 95\b/);
    const at95 = await pixelsOf(image);
    expect(at95.weighted).not.toBe(at75.weighted);
    // The same scale: a re-encoding at a higher quality moves the pixels less.
    expect(at95.sum).toBeLessThan(at75.sum);
    await shot(page, 'browser-ela-1440');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('fits a phone: panes stack, no sideways scroll, no serious accessibility violations', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(mediaUrl);
    await page.getByTestId('face-picker').waitFor();
    await page.getByRole('group', { name: 'Map tools' }).getByLabel('Original beside the map').check();
    await page.getByRole('group', { name: 'Map tools' }).getByLabel('Magnifier').check();
    const [o, m] = [
      (await page.getByTestId('map-original-layer').boundingBox())!,
      (await page.getByTestId('map-layer').boundingBox())!,
    ];
    expect(o.y + o.height).toBeLessThanOrEqual(m.y); // stacked
    await page
      .getByTestId('browser-ela')
      .getByRole('button', { name: 'Compute ELA in this browser' })
      .click();
    await expect
      .poll(() => page.getByTestId('browser-ela-caption').textContent(), { timeout: 60_000 })
      .toMatch(/quality 75/);
    const width = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    await shot(page, '390');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(mediaUrl);
    await page.getByTestId('face-picker').waitFor();
    await shot(page, '1440');
  });
});
