import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { artifacts, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { bothSizes, DESKTOP, drop, dropped, PHONE } from './screens.ts';
import { sample } from './workbench-setup.ts';

// Issue 10's journey, through the UI alone: one investigator's whole case in one browser session,
// from signing in to signing out, with a full-page screenshot of every screen at 1440 × 900 and
// 390 × 844 under test-results/journey-*.png, and no screen that scrolls sideways at either size.
// Nothing here goes around the browser: no GraphQL call, no upload by HTTP. The other browser
// tests check each capability in depth; this one checks that they join up.

const ADMIN = { email: 'admin@journey.test', password: 'journey-admin-password' };
const COLLEAGUE = { email: 'colleague@journey.test', password: 'journey-colleague-password' };
const CASE_TITLE = 'Forwarded clip of the mayor';

describe("an investigator's whole case, through the UI alone", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-journey-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let caseUrl = '';

  const screens = (name: string, ready?: (p: Page) => Promise<unknown>) =>
    bothSizes(page, 'journey', name, ready);
  const evidenceRow = (name: string) =>
    page.getByRole('table', { name: 'Evidence' }).getByTestId('evidence-item').filter({ hasText: name });
  /** Waits until the evidence list shows `count` items analysed (the page follows them live). */
  const analysed = (count: number) =>
    expect
      .poll(
        () =>
          page
            .getByRole('table', { name: 'Evidence' })
            .getByTestId('analysis-status')
            .filter({ hasText: 'Done' })
            .count(),
        { timeout: 240_000, interval: 1_000 },
      )
      .toBe(count);
  const openItem = async (name: string) => {
    await page.goto(caseUrl);
    await evidenceRow(name).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  beforeAll(async () => {
    await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    page = await browser.newPage({ viewport: DESKTOP });
  });
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in, and an administrator adds a colleague', async () => {
    await page.goto(`${product.webUrl}/login`);
    await page.waitForLoadState('networkidle');
    await screens('sign-in');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email').fill(COLLEAGUE.email);
    await form.getByLabel('Display name').fill('Cora Colleague');
    await form.getByLabel('Initial password').fill(COLLEAGUE.password);
    await form.getByLabel('Role').selectOption('INVESTIGATOR');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page
      .getByRole('listitem', { name: COLLEAGUE.email })
      .getByTestId('user-role')
      .getByText('Investigator')
      .waitFor();
    await screens('admin-users');
  });

  it('opens a case, adds the colleague as a member and drops the evidence on it', async () => {
    await page.goto(`${product.webUrl}/cases`);
    await page.getByLabel('Title').fill(CASE_TITLE);
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('link', { name: CASE_TITLE }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    await screens('case-new');

    const members = page.getByRole('region', { name: /^Members/ });
    await members.getByLabel('Member email').fill(COLLEAGUE.email);
    await members.getByLabel('Role', { exact: true }).selectOption('INVESTIGATOR');
    await members.getByRole('button', { name: 'Add member' }).click();
    await members.getByTestId('case-member').filter({ hasText: COLLEAGUE.email }).waitFor();

    await drop(page, 'evidence-drop-zone', [
      dropped('sample1.jpg', 'image/jpeg', sample(1)),
      dropped('sample2.jpg', 'image/jpeg', sample(2)),
      dropped('sample4.jpg', 'image/jpeg', sample(4)),
    ]);
    await page.getByText('Upload complete: 3 new.').waitFor({ timeout: 120_000 });
    await screens('uploaded');
    // The list follows the analyses as they run.
    await analysed(3);
    await screens('analysed', (p) => p.getByRole('table', { name: 'Evidence' }).waitFor());
    await page.getByRole('group', { name: 'Evidence view' }).getByRole('button', { name: 'Grid' }).click();
    await expect.poll(() => page.getByTestId('evidence-tile').count()).toBe(3);
    await screens('gallery', (p) => p.getByTestId('evidence-tile').first().waitFor());
    await page.getByRole('group', { name: 'Evidence view' }).getByRole('button', { name: 'Table' }).click();
  });

  it('adds one item to the known-fakes library, and a re-encoded copy dropped later is flagged as matching it', async () => {
    await openItem('sample4.jpg');
    const promote = page.getByRole('form', { name: 'Add to known fakes' });
    await promote.getByLabel('Family').selectOption('FACE_SWAP');
    await promote.getByLabel('Source').fill('Journey desk archive');
    await promote.getByRole('button', { name: 'Add to known fakes' }).click();
    await page.getByTestId('promoted').waitFor();
    await page.getByRole('link', { name: 'Open the library' }).click();
    await page.getByRole('heading', { name: 'Known fakes', level: 1 }).waitFor();
    const card = page.getByRole('listitem', { name: 'sample4.jpg' });
    // The library page shows the analysis state when loaded; reload until the worker is done.
    await expect
      .poll(
        async () => {
          await page.reload();
          return card.getByTestId('known-fake-analysis').getAttribute('data-status');
        },
        { timeout: 240_000, interval: 2_000 },
      )
      .toBe('DONE');
    await screens('admin-known-fakes', (p) => p.getByRole('listitem', { name: 'sample4.jpg' }).waitFor());

    await page.goto(caseUrl);
    const copy = await sharp(sample(4)).resize({ width: 400 }).jpeg({ quality: 80 }).toBuffer();
    await drop(page, 'evidence-drop-zone', [dropped('sample4-forwarded.jpg', 'image/jpeg', copy)]);
    await page.getByText('Upload complete: 1 new.').waitFor({ timeout: 120_000 });
    await analysed(4);
    await evidenceRow('sample4-forwarded.jpg')
      .getByTestId('known-fake-flag')
      .getByText('Matches a known fake')
      .waitFor();
    await screens('match-flagged');

    await openItem('sample4-forwarded.jpg');
    const match = page
      .getByTestId('near-duplicates')
      .getByTestId('near-duplicate')
      .filter({ hasText: 'Perceptual hash' });
    expect(await match.textContent()).toContain('Journey desk archive');
    await screens('match-page', (p) => p.getByTestId('near-duplicates').waitFor());
  });

  it('finds similar items and compares the copy with the known fake side by side', async () => {
    const similar = page.getByRole('region', { name: 'Find similar' });
    await similar.getByLabel('Compare by').selectOption('PHASH');
    await similar.getByLabel('Search in').selectOption('KNOWN_FAKES');
    await similar.getByRole('button', { name: 'Find similar' }).click();
    const first = similar.getByTestId('similar-item').first();
    expect(await first.textContent()).toContain('sample4.jpg');
    await screens('similar', (p) =>
      p.getByRole('region', { name: 'Find similar' }).getByTestId('similar-item').first().waitFor(),
    );

    await first.getByRole('link', { name: 'Compare side by side with sample4.jpg' }).click();
    await page.getByTestId('compare-known-fake').waitFor();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => page.getByTestId('compare-zoom').textContent()).toBe('1.5×');
    await screens('compare');
  });

  it('zooms a map, then records a verdict that shows first', async () => {
    await openItem('sample2.jpg');
    const layer = page.getByTestId('map-layer');
    await layer.waitFor();
    await page.getByRole('group', { name: 'Map view' }).getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => layer.evaluate((e: HTMLElement) => e.style.transform)).toMatch(/^scale\(1\.5\)/);
    await screens('map-zoomed', (p) => p.getByTestId('map-layer').waitFor());

    const form = page.getByRole('form', { name: 'Give a verdict' });
    await form.getByRole('radio', { name: 'Manipulated' }).check();
    await form.getByLabel('Rationale').fill('Blending seam along the jaw line; the library copy matches.');
    await form.getByRole('button', { name: 'Record verdict' }).click();
    await page.getByTestId('verdict-banner').getByTestId('verdict-value').getByText('Manipulated').waitFor();
    await screens('verdict', (p) => p.getByTestId('verdict-banner').waitFor());
  });

  it('adds a note and a tag, and sends the case to review with a reason', async () => {
    const itemNotes = page.getByRole('region', { name: /^Notes/ });
    await itemNotes.getByLabel('Note on this item').fill('Face 2 has a different noise level.');
    await itemNotes.getByRole('button', { name: 'Add note' }).click();
    await itemNotes.getByTestId('note').filter({ hasText: 'Face 2 has a different noise level.' }).waitFor();

    await page.goto(caseUrl);
    await page.getByLabel('New tag').fill('election');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByTestId('case-tags').getByTestId('case-tag').filter({ hasText: 'election' }).waitFor();
    await page.getByTestId('note').filter({ hasText: 'Face 2 has a different noise level.' }).waitFor();

    await page
      .getByRole('group', { name: 'Change status' })
      .getByRole('button', { name: 'Send to review' })
      .click();
    await page.getByLabel(/Reason for moving to In review/).fill('Evidence analysed; ready for the desk.');
    await page.getByRole('button', { name: 'Move to In review' }).click();
    await page.locator('.case__title-row').getByText('In review').waitFor();
    await screens('case-worked');
  });

  it('generates a report, follows it and downloads the PDF whose SHA-256 it shows', async () => {
    const reports = page.getByRole('region', { name: /^Reports/ });
    await reports.getByRole('button', { name: 'Generate report' }).click();
    const report = reports.getByTestId('report').first();
    await expect.poll(() => report.getAttribute('data-status'), { timeout: 240_000 }).toBe('DONE');
    const [pdfHash] = await report.locator('code.hash').allTextContents();
    const download = page.waitForEvent('download');
    await report.getByRole('link', { name: 'Download PDF' }).click();
    const file = await (await download).path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdfHash);
    await screens('report', (p) =>
      p
        .getByRole('region', { name: /^Reports/ })
        .getByTestId('report')
        .first()
        .waitFor(),
    );
  });

  it('reads the case timeline, filtered by action', async () => {
    await page.getByRole('link', { name: 'Audit trail →' }).click();
    const timeline = page.getByRole('list', { name: 'Audit events' });
    await timeline.waitFor();
    await page.getByLabel('Action').selectOption('verdict.give');
    await expect.poll(() => timeline.getByTestId('audit-event').count()).toBe(1);
    await page.getByLabel('Action').selectOption('');
    await expect.poll(() => timeline.getByTestId('audit-event').count()).toBeGreaterThan(10);
    await screens('audit', (p) => p.getByRole('list', { name: 'Audit events' }).waitFor());
  });

  it('checks the installed detector, then signs out', async () => {
    // On a phone too, the header's navigation reaches the administration.
    await page.setViewportSize(PHONE);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.setViewportSize(DESKTOP);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Detectors' })
      .click();
    await page.getByRole('heading', { name: 'Detectors', level: 1 }).waitFor();
    await page.getByTestId('model-sha256').first().waitFor();
    await screens('admin-detectors', (p) => p.getByTestId('model-sha256').first().waitFor());

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(caseUrl);
    await page.waitForURL(/\/login/);
    await screens('signed-out', (p) => p.getByLabel('Email').waitFor());
  });
});
