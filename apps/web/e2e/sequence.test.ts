import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { buildZip } from '@loupe/storage/testing';
import { MEDIA_QUERY } from '../lib/operations.ts';
import { seriousViolations, unreachableByKeyboard } from './a11y.ts';
import { signIn } from './screens.ts';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { api, login, sample, waitDone } from './workbench-setup.ts';

// Issue 9 items 4 + 6, a face sequence on the web: a zip of two folders × four face crops
// (WildDeepfake's form) uploaded through the API and analysed by the started worker; frames 2–3 of
// the first folder are tinted green so the marker test fixture scores them high. The browser shows
// the video page's views without a player: x is the frame position, the cursor a selected frame.

const ADMIN = { email: 'admin@sequence.test', password: 'sequence-admin-password' };
const FOLDERS = ['anna', 'bruno'];
const PER_FOLDER = 4;

const MEDIA = `query($id: ID!) { media(id: $id) {
  kind
  sequence { frameCount sequences { name frames } }
  analysis { status
    frames { index timeSec memberName faces { track } }
    tracks { id primary }
    segments { firstFrame lastFrame track } } } }`;

interface SequenceMedia {
  kind: string;
  sequence: { frameCount: number; sequences: { name: string; frames: string[] }[] };
  analysis: {
    status: string;
    frames: { index: number; timeSec: number; memberName: string; faces: { track: number }[] }[];
    tracks: { id: number; primary: boolean }[];
    segments: { firstFrame: number; lastFrame: number; track: number | null }[];
  };
}

/** Four crops of one demo photo around its most salient region, shifted a few pixels each. */
async function crops(photo: number, tinted: number[]): Promise<Buffer[]> {
  const base = await sharp(sample(photo))
    .rotate()
    .resize(200, 200, { fit: 'cover', position: sharp.strategy.attention })
    .toBuffer();
  return Promise.all(
    Array.from({ length: PER_FOLDER }, (_, i) => {
      let crop = sharp(base).extract({ left: i * 6, top: i * 4, width: 176, height: 176 });
      // The marker the marker test fixture responds to: red and blue halved (a green tint).
      if (tinted.includes(i)) crop = crop.linear([0.5, 1, 0.5], [0, 0, 0]);
      return crop.jpeg({ quality: 90 }).toBuffer();
    }),
  );
}

const widths = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

const shownFrame = (page: Page) => page.getByTestId('current-frame').getAttribute('data-frame');

describe('face-sequence evidence in the browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-sequence-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let mediaId: string;
  let media: SequenceMedia;
  const pageErrors: string[] = [];

  /** Waits for the chart; on failure says what the page showed instead and any script errors. */
  const chartShown = async () => {
    try {
      await page.getByTestId('video-timeline').waitFor({ timeout: 60_000 });
    } catch {
      const text = await page
        .locator('main')
        .innerText()
        .catch(() => '(no main)');
      await page.screenshot({ path: join(artifacts, 'sequence-failure.png'), fullPage: true });
      const log = product
        .output()
        .split('\n')
        .filter((l) => /error|exception|at /i.test(l))
        .slice(-40)
        .join('\n');
      throw new Error(
        `no timeline; page errors: ${pageErrors.join(' | ')}; page: ${text.slice(0, 500)}\n${log}`,
      );
    }
  };

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024, marker: true });
    const members = [
      ...(await crops(1, [2, 3])).map((data, i) => ({ name: `${FOLDERS[0]}/frame${i + 1}.jpg`, data })),
      ...(await crops(2, [])).map((data, i) => ({ name: `${FOLDERS[1]}/frame${i + 1}.jpg`, data })),
    ];
    const zip = buildZip(members);
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    const token = await login(product.apiUrl, ADMIN);
    const q = api(product.apiUrl, token);
    caseId = (
      await q<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "Face sequences" }) { id } }',
      )
    ).createCase.id;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'faces.zip');
    const res = await fetch(`${product.apiUrl}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(201);
    mediaId = ((await res.json()) as { media: { id: string }[] }).media[0]!.id;
    const read = async () => (await q<{ media: SequenceMedia }>(MEDIA, { id: mediaId })).media;
    await waitDone(async () => (await read()).analysis.status, 'faces.zip');
    media = await read();
    expect(media.kind).toBe('SEQUENCE');
    expect(media.analysis.frames).toHaveLength(FOLDERS.length * PER_FOLDER);
    expect(media.analysis.tracks).toHaveLength(FOLDERS.length);
    expect(media.analysis.segments.length).toBeGreaterThan(0);
    // The media page's own query answers for a sequence (its failure would only show as an alert).
    await q(MEDIA_QUERY.toString(), { id: mediaId, caseId }).catch((e: unknown) => {
      const log = product.output().split('\n').slice(-60).join('\n');
      throw new Error(`${String(e)}\n${log}`);
    });

    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await signIn(page, product.webUrl, ADMIN);
    await page.getByRole('link', { name: 'Face sequences' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks the zip in the evidence list as a face sequence with its frame count', async () => {
    await page.goto(`${product.webUrl}/cases/${caseId}`);
    const thumb = page.getByTestId('sequence-thumb');
    await thumb.waitFor();
    expect(await thumb.getAttribute('aria-label')).toBe('Face sequence, 8 frames: faces.zip');
  });

  it('shows the sequence facts and one timeline line per sequence, on frame positions', async () => {
    await page.goto(`${product.webUrl}/cases/${caseId}/media/${mediaId}`);
    await chartShown();
    expect(await page.getByTestId('video-player').count()).toBe(0);
    expect(await page.getByTestId('sequence-count').textContent()).toMatch(/^2 \(anna, bruno\)/);
    expect(await page.getByTestId('sequence-frames').textContent()).toContain('8 face-crop images');
    expect(await page.getByTestId('sequence-members').textContent()).toMatch(/^8/);
    expect(await page.getByTestId('timeline-track').count()).toBe(FOLDERS.length);
    // The x axis counts frames, never seconds: a sequence has no clock.
    const ticks = await page.locator('[data-testid="video-timeline"] text').allTextContents();
    expect(ticks).toContain('frame 0');
    expect(ticks).toContain('frame 3');
    expect(ticks.join(' ')).not.toMatch(/\d:\d\d/);
    // Segments are frame ranges within one sequence: the tinted frames 2–3 of anna.
    const items = page.getByTestId('segment-item');
    expect(await items.count()).toBe(media.analysis.segments.length);
    expect(await items.allTextContents()).toContainEqual(expect.stringContaining('positions 2–3 of anna'));
    expect(await page.getByTestId('track-table').textContent()).toMatch(
      /Sequence anna.*Sequence bruno|Sequence bruno.*Sequence anna/,
    );
    expect(await page.getByTestId('fixture-mark').count()).toBeGreaterThan(0);
  });

  it('moves the selected frame by keyboard, strip and timeline, naming its zip member', async () => {
    const frames = media.analysis.frames;
    const chart = page.getByTestId('video-timeline');
    await chart.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => shownFrame(page)).toBe(String(frames[0]!.index));
    expect(await page.getByTestId('current-frame-place').textContent()).toContain(frames[0]!.memberName);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shownFrame(page)).toBe(String(frames[1]!.index));
    expect(await chart.getAttribute('aria-valuenow')).toBe('1');
    expect(await chart.getAttribute('aria-valuetext')).toContain(frames[1]!.memberName);
    expect(await page.getByTestId('current-frame-place').textContent()).toContain(frames[1]!.memberName);
    // Page Up: the same position in the next sequence.
    await page.keyboard.press('PageUp');
    const sameSpot = frames.find(
      (f) => f.faces[0]!.track !== frames[1]!.faces[0]!.track && f.timeSec === frames[1]!.timeSec,
    )!;
    await expect.poll(() => shownFrame(page)).toBe(String(sameSpot.index));

    const strip = page.getByTestId('frame-strip-item');
    expect(await strip.count()).toBe(frames.length);
    const last = frames[frames.length - 1]!;
    await strip.nth(frames.length - 1).click();
    await expect.poll(() => shownFrame(page)).toBe(String(last.index));
    expect(await strip.nth(frames.length - 1).getAttribute('aria-current')).toBe('true');
    expect(await strip.nth(frames.length - 1).textContent()).toContain('frame4.jpg');

    // A segment's button selects its first frame.
    const segment = media.analysis.segments[0]!;
    await page.getByTestId('segment-item').first().getByRole('button').click();
    await expect.poll(() => shownFrame(page)).toBe(String(segment.firstFrame));
    expect(await page.getByTestId('timeline-selected').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'sequence-1440.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await unreachableByKeyboard(page)).toEqual([]);
  });

  it('fits a phone: no horizontal page scroll at 390 × 844', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await chartShown();
    await expect.poll(() => page.getByTestId('frame-strip-item').count()).toBe(media.analysis.frames.length);
    const { scroll, inner } = await widths(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    expect(await page.getByTestId('timeline-track').count()).toBe(FOLDERS.length);
    await page.screenshot({ path: join(artifacts, 'sequence-390.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await unreachableByKeyboard(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
