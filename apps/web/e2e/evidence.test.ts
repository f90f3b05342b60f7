import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import {
  artifacts,
  graphql,
  launchBrowser,
  productEnv,
  root,
  startProduct,
  type Product,
} from './harness.ts';
import { signIn } from './screens.ts';

// Issue "evidence ingest and analysis", done-when: an investigator uploads the face-api demo
// photos and a PNG into a case; analyses finish; GraphQL returns faces, the (test-fixture)
// detector result flagged as such, full-resolution heatmaps, ELA/noise maps, JPEG and metadata
// signals and hashes; and the browser shows them.

const ADMIN = { email: 'admin@evidence.test', password: 'evidence-admin-password' };
const SAMPLES = [1, 2, 3, 4, 5, 6].map((i) =>
  join(root, `node_modules/@vladmandic/face-api/demo/sample${i}.jpg`),
);

const MEDIA = `query($id: ID!) { media(id: $id) {
  id originalName width height sha256
  analysis { status progress error
    detector { installed pFake label subject model { id version sha256 isTestFixture } }
    faces { box { x y width height } score primary }
    heatmaps { kind url overlayUrl width height }
    signals { jpeg { isJpeg estimatedQuality } metadata { missing } hashes { phash dhash } maps { kind } } } } }`;

interface MediaResult {
  media: {
    id: string;
    originalName: string;
    width: number;
    height: number;
    analysis: {
      status: string;
      error: string | null;
      detector: {
        installed: boolean;
        pFake: number;
        label: string;
        subject: string;
        model: { id: string; sha256: string; isTestFixture: boolean };
      };
      faces: { primary: boolean }[];
      heatmaps: { kind: string; url: string; overlayUrl: string; width: number; height: number }[];
      signals: {
        jpeg: { isJpeg: boolean; estimatedQuality: number | null };
        metadata: { missing: string[] };
        hashes: { phash: string; dhash: string };
      };
    };
  };
}

describe('evidence analysis in the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-evidence-'));
  let product: Product;
  let browser: Browser;
  let token: string;
  let caseId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    // Tests install the fixture explicitly; Loupe never does by itself.
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    const gql = graphql(product.apiUrl);
    const login = await gql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: ADMIN.email, p: ADMIN.password },
    );
    token = login.data!.login.token;
    caseId = (
      await gql<{ createCase: { id: string } }>(
        'mutation { createCase(input: { title: "Demo photos" }) { id } }',
        {},
        token,
      )
    ).data!.createCase.id;
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads the demo photos and a PNG, analyses them all, and returns every result through GraphQL', async () => {
    expect(product.output()).toMatch(/detector: loupe-test-fixture .* TEST FIXTURE, not evidence/);
    const form = new FormData();
    for (const file of SAMPLES)
      form.append(
        'file',
        new Blob([new Uint8Array(readFileSync(file))], { type: 'image/jpeg' }),
        file.split('/').pop()!,
      );
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8caf' } })
      .png()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'flat.png');
    const res = await fetch(`${product.apiUrl}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { media: { id: string }[] };
    ids.push(...body.media.map((m) => m.id));
    expect(ids).toHaveLength(7);

    const gql = graphql(product.apiUrl);
    const results: MediaResult['media'][] = [];
    for (const id of ids) {
      let media: MediaResult['media'] | undefined;
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        media = (await gql<MediaResult>(MEDIA, { id }, token)).data?.media;
        if (media && ['DONE', 'FAILED'].includes(media.analysis.status)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(media?.analysis.error ?? null).toBeNull();
      expect(media?.analysis.status).toBe('DONE');
      results.push(media!);
    }

    for (const m of results) {
      const a = m.analysis;
      expect(a.detector).toMatchObject({
        installed: true,
        model: { id: 'loupe-test-fixture', isTestFixture: true },
      });
      expect(a.detector.pFake).toBeGreaterThanOrEqual(0);
      expect(a.detector.pFake).toBeLessThanOrEqual(1);
      expect(a.heatmaps.map((h) => h.kind).sort()).toEqual(['DETECTOR', 'ELA', 'NOISE']);
      for (const h of a.heatmaps) {
        expect([h.width, h.height]).toEqual([m.width, m.height]);
        const png = await fetch(`${product.apiUrl}${h.url}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(png.status).toBe(200);
        const meta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
        expect([meta.width, meta.height]).toEqual([m.width, m.height]);
      }
      expect(a.signals.hashes.phash).toMatch(/^[01]{64}$/);
      expect(a.signals.hashes.dhash).toMatch(/^[01]{64}$/);
    }
    const photos = results.filter((m) => m.originalName.startsWith('sample'));
    for (const m of photos) {
      expect(m.analysis.faces.length).toBeGreaterThanOrEqual(3);
      expect(m.analysis.faces.filter((f) => f.primary)).toHaveLength(1);
      expect(m.analysis.detector.subject).toBe('FACE');
      expect(m.analysis.signals.jpeg.isJpeg).toBe(true);
      expect(m.analysis.signals.jpeg.estimatedQuality).toBeGreaterThan(0);
    }
    const flat = results.find((m) => m.originalName === 'flat.png')!;
    expect(flat.analysis.faces).toEqual([]);
    expect(flat.analysis.detector.subject).toBe('WHOLE_IMAGE');
    expect(flat.analysis.signals.jpeg.isJpeg).toBe(false);
  });

  it('shows the evidence, the flagged fixture score, face boxes and heatmaps in the browser', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signIn(page, product.webUrl, ADMIN);
    await page.getByRole('link', { name: 'Demo photos' }).click();
    const table = page.getByRole('table', { name: 'Evidence' });
    await table.waitFor();
    await expect.poll(() => table.getByTestId('evidence-item').count(), { timeout: 30_000 }).toBe(7);
    await expect.poll(() => table.getByText('Done').count(), { timeout: 30_000 }).toBe(7);
    await page.screenshot({ path: join(artifacts, 'evidence-list.png'), fullPage: true });

    await table.getByRole('link', { name: 'sample2.jpg' }).click();
    await page.getByRole('heading', { level: 1, name: 'sample2.jpg' }).waitFor();
    await expect
      .poll(() => page.getByRole('note').textContent(), { timeout: 30_000 })
      .toBe('Test fixture — not evidence');
    expect(await page.getByTestId('detector-pfake').textContent()).toMatch(/%/);
    // No `loupe eval` run exists for the fixture, and the page says so beside the score.
    await expect
      .poll(() => page.getByTestId('detector-evaluation').textContent(), { timeout: 30_000 })
      .toMatch(/never evaluated/);
    expect(await page.getByTestId('face-box').count()).toBeGreaterThanOrEqual(3);
    const tabs = page.getByRole('tablist', { name: 'Heatmap kind' });
    for (const kind of ['Detector', 'ELA', 'Noise']) {
      await tabs.getByRole('tab', { name: kind }).click();
      await expect
        .poll(() =>
          page
            .getByTestId('heatmap-image')
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
        )
        .toBeGreaterThan(0);
    }
    await tabs.getByRole('tab', { name: 'Detector' }).click();
    await page.screenshot({ path: join(artifacts, 'media.png'), fullPage: true });
    await page.close();
  });
});
