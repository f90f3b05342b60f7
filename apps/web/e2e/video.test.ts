import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { makeClip } from '@loupe/video/testing';
import { seriousViolations, unreachableByKeyboard } from './a11y.ts';
import { signIn } from './screens.ts';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { api, login, waitDone } from './workbench-setup.ts';

// Issue 9 item 6, the video page: a generated clip (VP9 in WebM, 6 s, frames 2–4 s tinted so the
// marker test fixture scores them high) uploaded through the API and analysed by the started
// worker; then the browser shows the player, the per-track p(fake) timeline that seeks it, the
// sampled frames, the tracks and the frame heatmaps, on a desktop and on a phone.

const ADMIN = { email: 'admin@video.test', password: 'video-admin-password' };
const SAMPLED = 12;

const MEDIA = `query($id: ID!) { media(id: $id) {
  video { durationSec }
  analysis { status
    frames { index timeSec faces { track } }
    tracks { id primary }
    segments { startSec endSec }
    heatmaps { frameIndex } } } }`;

interface VideoMedia {
  video: { durationSec: number };
  analysis: {
    status: string;
    frames: { index: number; timeSec: number; faces: { track: number }[] }[];
    tracks: { id: number; primary: boolean }[];
    segments: { startSec: number; endSec: number }[];
    heatmaps: { frameIndex: number | null }[];
  };
}

/** The page's scroll width against the viewport. */
const widths = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

const currentTime = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="video-player"]')!.currentTime);

describe('video evidence in the browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-video-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let mediaId: string;
  let media: VideoMedia;
  const originalStatuses: number[] = [];

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024, marker: true });
    const clip = await makeClip(join(dataDir, 'call.webm'), {
      codec: 'vp9',
      container: 'webm',
      photo: 2,
      seconds: 6,
      alter: { startSec: 2, endSec: 4 },
    });
    product = await startProduct({
      ...(await productEnv(dataDir, ADMIN)),
      LOUPE_VIDEO_SAMPLE_FRAMES: String(SAMPLED),
    });
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    const token = await login(product.apiUrl, ADMIN);
    const q = api(product.apiUrl, token);
    caseId = (
      await q<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "Video call" }) { id } }',
      )
    ).createCase.id;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(readFileSync(clip))], { type: 'video/webm' }), 'call.webm');
    const res = await fetch(`${product.apiUrl}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(201);
    mediaId = ((await res.json()) as { media: { id: string }[] }).media[0]!.id;
    const read = async () => (await q<{ media: VideoMedia }>(MEDIA, { id: mediaId })).media;
    await waitDone(async () => (await read()).analysis.status, 'call.webm');
    media = await read();
    expect(media.analysis.frames).toHaveLength(SAMPLED);
    expect(media.analysis.tracks.length).toBeGreaterThan(0);
    expect(media.analysis.segments.length).toBeGreaterThan(0);

    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('response', (r) => {
      if (r.url().includes(`/api/media/${mediaId}/original`)) originalStatuses.push(r.status());
    });
    await signIn(page, product.webUrl, ADMIN);
    await page.getByRole('link', { name: 'Video call' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks the video in the evidence list with its duration', async () => {
    await page.goto(`${product.webUrl}/cases/${caseId}`);
    const thumb = page.getByTestId('video-thumb');
    await thumb.waitFor();
    expect(await thumb.getAttribute('aria-label')).toBe('Video, 0:06 long: call.webm');
  });

  it('plays the original and loads its metadata through the Range-capable download route', async () => {
    await page.goto(`${product.webUrl}/cases/${caseId}/media/${mediaId}`);
    await page.getByTestId('video-player').waitFor();
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="video-player"]');
      return v !== null && v.readyState >= 1 && v.duration > 0;
    });
    const duration = await page.evaluate(
      () => document.querySelector<HTMLVideoElement>('[data-testid="video-player"]')!.duration,
    );
    expect(duration).toBeCloseTo(media.video.durationSec, 0);
    // Chromium asks for the media with a Range header; the answer through the web proxy is a 206.
    expect(originalStatuses).toContain(206);
  });

  it('draws one line per track, the threshold and the suspicious segments, in words too', async () => {
    const { tracks, segments } = media.analysis;
    await expect.poll(() => page.getByTestId('timeline-track').count()).toBe(tracks.length);
    const primary = tracks.find((t) => t.primary)!;
    expect(
      await page
        .locator(`[data-testid="timeline-series"][data-track="${primary.id}"] [data-testid="timeline-track"]`)
        .getAttribute('class'),
    ).toContain('timeline__line--primary');
    // The primary line breaks where the person is not seen (one M per run of frames with the track).
    const frames = media.analysis.frames;
    const has = (i: number) => frames[i]?.faces.some((f) => f.track === primary.id) === true;
    const runs = frames.filter((_, i) => has(i) && !has(i - 1)).length;
    const d = await page
      .locator(`[data-testid="timeline-series"][data-track="${primary.id}"] [data-testid="timeline-track"]`)
      .getAttribute('d');
    expect(d?.match(/M/g)).toHaveLength(runs);
    // Frames without a face: marked under the axis, their whole-frame score drawn as a dot.
    const noFace = frames.filter((f) => f.faces.length === 0).length;
    expect(await page.getByTestId('timeline-no-face').count()).toBe(noFace);
    expect(await page.getByTestId('timeline-whole').count()).toBe(noFace);
    expect(await page.getByTestId('timeline-threshold').textContent()).toContain('threshold 0.50');
    expect(await page.getByTestId('timeline-segment').count()).toBe(segments.length);
    const items = page.getByTestId('segment-item');
    expect(await items.count()).toBe(segments.length);
    expect(await items.first().textContent()).toMatch(/0:0\d\.\d – 0:0\d\.\d/);
    expect(await page.getByTestId('timeline-legend-track').count()).toBe(tracks.length);
    expect(await page.getByTestId('video-score').textContent()).toMatch(
      /Video score .*Test fixture.*mean over \d+ frames?, primary track/,
    );
  });

  it('seeks the player where the timeline is clicked, and by keyboard between sampled frames', async () => {
    const chart = page.getByTestId('video-timeline');
    const box = (await chart.boundingBox())!;
    const target = media.video.durationSec * 0.75;
    // The plot starts 44 px in and ends 14 px before the right edge (VideoTimeline's margins).
    await chart.click({ position: { x: 44 + (box.width - 58) * 0.75, y: box.height / 2 } });
    await expect.poll(() => currentTime(page)).toBeGreaterThan(target - 0.25);
    expect(await currentTime(page)).toBeLessThan(target + 0.25);

    // The nearest sampled frame follows, with its faces outlined.
    const frames = media.analysis.frames;
    const nearest = frames.reduce((a, b) =>
      Math.abs(b.timeSec - target) < Math.abs(a.timeSec - target) ? b : a,
    );
    await expect
      .poll(() => page.getByTestId('current-frame').getAttribute('data-frame'))
      .toBe(String(nearest.index));
    expect(await page.getByTestId('frame-face-box').count()).toBe(nearest.faces.length);

    await chart.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => currentTime(page)).toBeLessThan(0.05);
    await page.keyboard.press('ArrowRight');
    const next = frames.find((f) => f.timeSec > 0.01)!;
    await expect.poll(() => currentTime(page)).toBeCloseTo(next.timeSec, 1);
    expect(await chart.getAttribute('aria-valuetext')).toContain(`nearest sampled frame ${next.index}`);
  });

  it('shows every sampled frame, and the frame heatmaps captioned with their frames', async () => {
    const strip = page.getByTestId('frame-strip-item');
    expect(await strip.count()).toBe(SAMPLED);
    // Every score shown carries the test-fixture marker.
    expect(await page.locator('[data-testid="frame-strip-item"] [data-testid="fixture-mark"]').count()).toBe(
      SAMPLED,
    );
    const last = media.analysis.frames[SAMPLED - 1]!;
    await strip.nth(SAMPLED - 1).click();
    await expect.poll(() => currentTime(page)).toBeCloseTo(last.timeSec, 1);

    const mapped = [
      ...new Set(media.analysis.heatmaps.flatMap((h) => (h.frameIndex === null ? [] : [h.frameIndex]))),
    ];
    const captions = page.getByTestId('frame-heatmap-caption');
    expect(await captions.count()).toBe(mapped.length);
    const shown = (await captions.allTextContents()).map((t) => Number(/Frame (\d+)/.exec(t)?.[1]));
    expect(shown.sort((a, b) => a - b)).toEqual(mapped.sort((a, b) => a - b));
    // Captions are ordered most suspicious first; the first one seeks to its frame.
    const firstIndex = Number(/Frame (\d+)/.exec((await captions.first().textContent()) ?? '')?.[1]);
    const first = media.analysis.frames.find((f) => f.index === firstIndex)!;
    await captions.first().click();
    await expect.poll(() => currentTime(page)).toBeCloseTo(first.timeSec, 1);
    await page.screenshot({ path: join(artifacts, 'video-1440.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await unreachableByKeyboard(page)).toEqual([]);
  });

  it('fits a phone: no horizontal page scroll at 390 × 844', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('video-timeline').waitFor();
    await expect.poll(() => page.getByTestId('frame-strip-item').count()).toBe(SAMPLED);
    const { scroll, inner } = await widths(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    expect(await page.getByTestId('timeline-track').count()).toBe(media.analysis.tracks.length);
    await page.screenshot({ path: join(artifacts, 'video-390.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await unreachableByKeyboard(page)).toEqual([]);
  });
});
