import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { seriousViolations } from './a11y.ts';
import { bothSizes, pageWidth, signIn } from './screens.ts';
import { artifacts, graphql, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { ADMIN, REVIEWER, api, login, sample, setUpWorkbench, type Workbench } from './workbench-setup.ts';

// Issue 10, the investigator's workbench, through the browser: verdicts, case work, known-fake
// matches, the comparison and search by image, the map viewer's width, the audit timeline and
// reports. One product start for all.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `workbench-${name}.png`), fullPage: true });

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

/**
 * Until every picture on the page has loaded: a picture that loads late moves what is below it,
 * and a click aimed before that shift lands beside its target.
 */
const settled = (page: Page) =>
  page.waitForFunction(() => Array.from(document.images).every((img) => img.complete), undefined, {
    timeout: 60_000,
  });

async function centre(pane: Locator) {
  const box = (await pane.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const mapShot = (page: Page, name: string) =>
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
    await api(product.apiUrl, token)(
      'mutation($e: String!, $p: String!) { createUser(input: { email: $e, password: $p, role: REVIEWER, displayName: "Rita Reviewer" }) { id } }',
      { e: REVIEWER.email, p: REVIEWER.password },
    );
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, product.webUrl, ADMIN);
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
    await page.getByTestId('evidence-filter-status').getByText('1 of 3 items match.').waitFor();
    await shot(page, 'evidence-filter');
    await filter.selectOption('NONE');
    await expect.poll(() => table.getByTestId('evidence-item').count()).toBe(2);
    await filter.selectOption('AUTHENTIC');
    await page.getByText('No item matches these filters.').waitFor();
    await filter.selectOption('ALL');
    await expect.poll(() => table.getByTestId('evidence-item').count()).toBe(3);
  });

  it('works the case: tags, notes on the case and an item, members, roles, assignment, removal with confirmation', async () => {
    await page.goto(caseUrl());
    const tags = page.getByTestId('case-tags');
    for (const tag of ['Deepfake', 'priority']) {
      await page.getByLabel('New tag').fill(tag);
      await page.getByRole('button', { name: 'Add tag' }).click();
      await tags.getByTestId('case-tag').filter({ hasText: tag.toLowerCase() }).waitFor();
    }
    expect(await tags.locator('.tag__text').allTextContents()).toEqual(['deepfake', 'priority']);
    // Removing asks first; cancelling keeps the tag.
    await tags.getByRole('button', { name: 'Remove tag priority' }).click();
    const ask = tags.getByRole('group', { name: 'Remove the tag “priority”?' });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await tags.locator('.tag__text').allTextContents()).toEqual(['deepfake', 'priority']);
    await tags.getByRole('button', { name: 'Remove tag priority' }).click();
    await ask.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => tags.locator('.tag__text').allTextContents()).toEqual(['deepfake']);

    const notes = page.getByRole('region', { name: /^Notes/ });
    await notes.getByLabel('Note on the case').fill('Source: forwarded chat message, 2 Dec.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByTestId('note').filter({ hasText: 'Source: forwarded chat message' }).waitFor();

    const members = page.getByRole('region', { name: /^Members/ });
    await members.getByLabel('Member email').fill(REVIEWER.email);
    await members.getByLabel('Role', { exact: true }).selectOption('REVIEWER');
    await members.getByRole('button', { name: 'Add member' }).click();
    const rita = members.getByTestId('case-member').filter({ hasText: REVIEWER.email });
    await rita.waitFor();
    await rita.getByLabel(`Role of ${REVIEWER.email}`).selectOption('INVESTIGATOR');
    await expect.poll(() => rita.getByLabel(`Role of ${REVIEWER.email}`).isEnabled()).toBe(true);
    expect(await rita.getByLabel(`Role of ${REVIEWER.email}`).inputValue()).toBe('INVESTIGATOR');
    // The box turns checked once the API has answered (no optimistic state).
    await rita.getByLabel(`Assign ${REVIEWER.email}`).click();
    await page.getByTestId('case-assignees').getByText('Rita Reviewer').waitFor();
    expect(await rita.getByLabel(`Assign ${REVIEWER.email}`).isChecked()).toBe(true);
    const q = api(product.apiUrl, token);
    const read = () =>
      q<{
        case: {
          tags: string[];
          assignees: { email: string }[];
          members: { role: string; user: { email: string } }[];
        };
      }>('query($id: ID!) { case(id: $id) { tags assignees { email } members { role user { email } } } }', {
        id: wb.caseId,
      });
    let found = (await read()).case;
    expect(found.tags).toEqual(['deepfake']);
    expect(found.assignees.map((u) => u.email)).toEqual([REVIEWER.email]);
    expect(found.members.find((m) => m.user.email === REVIEWER.email)?.role).toBe('INVESTIGATOR');
    await shot(page, 'case-work');

    await rita.getByRole('button', { name: `Remove ${REVIEWER.email}` }).click();
    await rita.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => members.getByTestId('case-member').count()).toBe(1);
    found = (await read()).case;
    expect(found.members.map((m) => m.user.email)).toEqual([ADMIN.email]);

    // A note on one item shows on its page and in the case's notes.
    await page.goto(mediaUrl('sample2.jpg'));
    const itemNotes = page.getByRole('region', { name: /^Notes/ });
    await itemNotes.getByLabel('Note on this item').fill('Face 2 has a different noise level.');
    await itemNotes.getByRole('button', { name: 'Add note' }).click();
    await itemNotes.getByTestId('note').filter({ hasText: 'Face 2 has a different noise level.' }).waitFor();
    await page.goto(caseUrl());
    const caseNote = page.getByTestId('note').filter({ hasText: 'Face 2 has a different noise level.' });
    await caseNote.getByRole('link', { name: 'on an evidence item' }).waitFor();
  });

  it('moves the status with reasons; a closed case is shown read-only until reopened with a reason', async () => {
    await page.goto(caseUrl());
    const status = page.getByRole('group', { name: 'Change status' });
    await status.getByRole('button', { name: 'Send to review' }).click();
    await page.getByRole('button', { name: 'Move to In review' }).click();
    await page.locator('.case__title-row').getByText('In review').waitFor();

    await status.getByRole('button', { name: 'Close case' }).click();
    await page.getByLabel(/Reason for moving to Closed/).fill('Findings reported to the desk.');
    await page.getByRole('button', { name: 'Move to Closed' }).click();
    await page.getByTestId('case-closed-banner').waitFor();
    // Nothing that the API would refuse is offered.
    expect(await page.getByRole('button', { name: 'Edit details' }).count()).toBe(0);
    expect(await page.getByLabel('New tag').count()).toBe(0);
    expect(await page.getByLabel('Note on the case').count()).toBe(0);
    expect(await page.getByLabel('Evidence files').count()).toBe(0);
    await page.getByText('The case is closed: no evidence can be added until it is reopened.').waitFor();
    await shot(page, 'case-closed');

    await page.goto(mediaUrl('sample2.jpg'));
    await page
      .getByTestId('verdict-readonly')
      .getByText(/closed and read-only/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Record verdict' }).count()).toBe(0);
    // The API refuses it anyway.
    const refused = await graphql(product.apiUrl)(
      'mutation($m: ID!) { giveVerdict(mediaId: $m, value: AUTHENTIC, rationale: "late") { id } }',
      { m: wb.media['sample2.jpg'] },
      token,
    );
    expect(refused.errors?.[0]?.message).toMatch(/closed and read-only/);

    await page.goto(caseUrl());
    await page
      .getByRole('group', { name: 'Change status' })
      .getByRole('button', { name: 'Reopen case' })
      .click();
    await page.getByRole('button', { name: 'Move to Open' }).click();
    await page.getByRole('alert').getByText('Reopening a closed case needs a reason.').waitFor();
    await page.getByLabel(/Reason for moving to Open/).fill('New footage arrived.');
    await page.getByRole('button', { name: 'Move to Open' }).click();
    await page.getByLabel('New tag').waitFor();
    expect(await page.getByTestId('case-closed-banner').count()).toBe(0);
    const events = await api(product.apiUrl, token)<{
      case: {
        auditEvents: { edges: { node: { details: { from: string; to: string; reason: string | null } } }[] };
      };
    }>(
      'query($id: ID!) { case(id: $id) { auditEvents(first: 3, action: "case.status") { edges { node { details } } } } }',
      {
        id: wb.caseId,
      },
    );
    expect(events.case.auditEvents.edges.map((e) => e.node.details)).toEqual([
      { from: 'CLOSED', to: 'OPEN', reason: 'New footage arrived.' },
      { from: 'IN_REVIEW', to: 'CLOSED', reason: 'Findings reported to the desk.' },
      { from: 'OPEN', to: 'IN_REVIEW', reason: null },
    ]);
  });

  it('flags the item that nearly duplicates a known fake, on its row and its page, and finds similar items', async () => {
    type Match = { knownFakeId: string; space: string; distance: number };
    const q = api(product.apiUrl, token);
    const matchesOf = async (name: string) =>
      (
        await q<{ media: { analysis: { nearDuplicates: Match[] } } }>(
          'query($id: ID!) { media(id: $id) { analysis { nearDuplicates { knownFakeId space distance } } } }',
          { id: wb.media[name] },
        )
      ).media.analysis.nearDuplicates;
    const matches = await matchesOf('sample4-copy.jpg');
    expect(matches.map((m) => m.knownFakeId)).toContain(wb.knownFakeId);
    const phash = matches.find((m) => m.space === 'PHASH');
    expect(phash?.distance).toBeLessThanOrEqual(6);

    await page.goto(caseUrl());
    const table = page.getByRole('table', { name: 'Evidence' });
    const row = (name: string) => table.getByTestId('evidence-item').filter({ hasText: name });
    await row('sample4-copy.jpg').getByTestId('known-fake-flag').getByText('Matches a known fake').waitFor();
    // Each row is flagged exactly when the API recorded a match; detector-space matches (the
    // fixture's embeddings of different photos can be that close) carry the fixture marker.
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      const recorded = await matchesOf(name);
      const flag = row(name).getByTestId('known-fake-flag');
      expect(await flag.count()).toBe(recorded.length > 0 ? 1 : 0);
      if (recorded.length > 0 && recorded.every((m) => m.space === 'DETECTOR'))
        expect(await flag.textContent()).toContain('Test fixture — not evidence');
    }

    await row('sample4-copy.jpg').getByRole('link', { name: 'sample4-copy.jpg' }).click();
    const banner = page.getByTestId('near-duplicates');
    await banner.waitFor();
    expect(await banner.getByTestId('near-duplicate').count()).toBe(matches.length);
    const hashMatch = banner.getByTestId('near-duplicate').filter({ hasText: 'Perceptual hash' });
    const text = await hashMatch.textContent();
    expect(text).toContain('sample4.jpg');
    expect(text).toContain('Face swap');
    expect(text).toContain('Source: Workbench e2e library');
    expect(text).toContain(`${phash!.distance} of 64 bits differ`);
    // A detector-space match is scored by the test fixture and says so.
    const detectorMatch = banner.getByTestId('near-duplicate').filter({ hasText: 'Detector embedding' });
    if ((await detectorMatch.count()) > 0)
      expect(await detectorMatch.textContent()).toContain('Test fixture — not evidence');

    const similar = page.getByRole('region', { name: 'Find similar' });
    await similar.getByLabel('Compare by').selectOption('PHASH');
    await similar.getByLabel('Search in').selectOption('KNOWN_FAKES');
    await similar.getByRole('button', { name: 'Find similar' }).click();
    const first = similar.getByTestId('similar-item').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/sample4\.jpg.*Score 0\.9\d|sample4\.jpg.*Score 1\.00/);
    expect(await first.textContent()).toContain('Known fake · Face swap');
    // Its picture is the evidence it was promoted from, which this viewer may see.
    await expect
      .poll(() => first.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);

    await similar.getByLabel('Compare by').selectOption('DETECTOR');
    await similar.getByLabel('Search in').selectOption('THIS_CASE');
    await similar.getByRole('button', { name: 'Find similar' }).click();
    await similar.getByRole('list', { name: 'Similar items by detector embedding' }).waitFor();
    const hits = similar.getByTestId('similar-item');
    expect(await hits.count()).toBe(2); // the other two items of the case
    for (const text of await hits.allTextContents()) {
      expect(text).toMatch(/sample[12]\.jpg/);
      expect(text).toContain('Test fixture — not evidence');
    }
    await shot(page, 'known-fake-match');
    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
  });

  it('keeps every page within the viewport: ELA and Noise parameters wrap, at 1440 and 390 px wide', async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await page.goto(mediaUrl('sample2.jpg'));
      const tabs = page.getByRole('tablist', { name: 'Heatmap kind' });
      for (const kind of ['ELA', 'Noise', 'Detector']) {
        await tabs.getByRole('tab', { name: kind }).click();
        if (kind !== 'Detector') {
          // The parameter string that used to widen the page to 8,728 px is shown, wrapped.
          const params = page.getByTestId('map-params');
          expect((await params.textContent())?.length).toBeGreaterThan(0);
          const box = await params.boundingBox();
          expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        }
        const width = await pageWidth(page);
        expect(
          width.scroll,
          `${kind} tab at ${viewport.width} px: ${width.culprits.join(', ')}`,
        ).toBeLessThanOrEqual(width.inner);
        if (kind === 'ELA') await shot(page, `media-ela-${viewport.width}`);
      }
      await page.goto(caseUrl());
      await page.getByRole('table', { name: 'Evidence' }).waitFor();
      const width = await pageWidth(page);
      expect(
        width.scroll,
        `case page at ${viewport.width} px: ${width.culprits.join(', ')}`,
      ).toBeLessThanOrEqual(width.inner);
      await shot(page, `case-${viewport.width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('reads the audit trail as a timeline, filtered by action and actor, page by page', async () => {
    const q = api(product.apiUrl, token);
    const count = async (vars: Record<string, unknown>) =>
      (
        await q<{ case: { auditEvents: { totalCount: number } } }>(
          'query($id: ID!, $action: String, $actorId: ID, $v: Boolean) { case(id: $id) { auditEvents(action: $action, actorId: $actorId, includeViews: $v) { totalCount } } }',
          { id: wb.caseId, ...vars },
        )
      ).case.auditEvents.totalCount;
    await page.goto(caseUrl());
    await page.getByRole('link', { name: 'Audit trail →' }).click();
    const timeline = page.getByRole('list', { name: 'Audit events' });
    await timeline.waitFor();
    const heading = page.getByRole('heading', { name: /^Timeline/ });
    const actions = () =>
      timeline.getByTestId('audit-event').evaluateAll((es) => es.map((e) => e.dataset.action));
    // The case page's thumbnails were views, recorded as their own action and hidden by default.
    const shown = await count({});
    const all = await count({ v: true });
    expect(await count({ action: 'media.thumbnail.read' })).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(shown);
    await expect.poll(() => heading.textContent()).toBe(`Timeline ${shown}`);
    expect(await actions()).not.toContain('media.thumbnail.read');
    const views = page.getByRole('checkbox', { name: 'Show views (thumbnails, maps)' });
    expect(await views.isChecked()).toBe(false);
    await views.check();
    // Read after the case page's thumbnails were fetched (each view is an event).
    const total = await count({ v: true });
    expect(total).toBeGreaterThan(25); // uploads, analyses, thumbnail views, verdicts, notes…
    await expect.poll(() => heading.textContent()).toBe(`Timeline ${total}`);
    await expect.poll(actions).toContain('media.thumbnail.read');
    expect(await timeline.getByText('Thumbnail viewed').count()).toBeGreaterThan(0);
    expect(await timeline.getByTestId('audit-event').count()).toBe(25);
    await page.getByRole('button', { name: 'Older events' }).click();
    await expect.poll(() => timeline.getByTestId('audit-event').count()).toBe(Math.min(total, 50));
    // Newest first: the reopening is above the closing.
    await page.getByLabel('Action').selectOption('case.status');
    await expect.poll(() => timeline.getByTestId('audit-event').count()).toBe(3);
    expect(await timeline.locator('.timeline__summary').allTextContents()).toEqual([
      'CLOSED → OPEN: “New footage arrived.”',
      'IN_REVIEW → CLOSED: “Findings reported to the desk.”',
      'OPEN → IN_REVIEW',
    ]);
    await shot(page, 'audit-timeline');

    await page.getByLabel('Action').selectOption('verdict.give');
    await page.getByLabel('Actor').selectOption({ label: 'Administrator' });
    await expect.poll(() => timeline.getByTestId('audit-event').count()).toBe(2);
    expect(await count({ action: 'verdict.give' })).toBe(2);
    await page.getByLabel('Action').selectOption('case.unassign');
    await page.getByText('No events match these filters.').waitFor();
    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    // Unticked again, an action naming a view still shows it (the filter asked for it).
    await page.getByLabel('Actor').selectOption('');
    await views.uncheck();
    await page.getByLabel('Action').selectOption('media.thumbnail.read');
    await expect
      .poll(() => heading.textContent())
      .toBe(`Timeline ${await count({ action: 'media.thumbnail.read' })}`);
  });

  it('generates a report with live progress and downloads the PDF and JSON whose SHA-256 it shows', async () => {
    await page.goto(caseUrl());
    const reports = page.getByRole('region', { name: /^Reports/ });
    await reports.getByText('No report yet.').waitFor();
    await reports.getByRole('button', { name: 'Generate report' }).click();
    const report = reports.getByTestId('report').first();
    await report.waitFor();
    await expect.poll(() => report.getAttribute('data-status'), { timeout: 180_000 }).toBe('DONE');
    await shot(page, 'reports');
    const hashes = await report.locator('code.hash').allTextContents();
    expect(hashes).toHaveLength(2);
    for (const [name, index, magic] of [
      ['Download PDF', 0, '%PDF-'],
      ['Download JSON', 1, '{'],
    ] as const) {
      const href = await report.getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(`${product.webUrl}${href}`);
      expect(res.status()).toBe(200);
      const body = await res.body();
      expect(body.subarray(0, magic.length).toString()).toBe(magic);
      expect(createHash('sha256').update(body).digest('hex')).toBe(hashes[index]);
    }
  });

  it('zooms and pans a map, fades it over the original, and shows its colour legend', async () => {
    await page.goto(mediaUrl('sample2.jpg'));
    const layer = page.getByTestId('map-layer');
    await layer.waitFor();
    const view = page.getByRole('group', { name: 'Map view' });
    const transform = () => layer.evaluate((e: HTMLElement) => e.style.transform);
    expect(await transform()).toBe('scale(1) translate(0%, 0%)');
    await view.getByRole('button', { name: 'Zoom in' }).click();
    await view.getByRole('button', { name: 'Zoom in' }).click();
    expect(await transform()).toMatch(/^scale\(2\.25\) translate\(0%, 0%\)$/);
    // Dragging left moves the picture left (negative offset), within the frame. The frame is
    // brought into view first: the pointer cannot press below the window's edge.
    const frame = page.getByTestId('map-panes');
    await frame.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const box = (await frame.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 60, cy - 30, { steps: 4 });
    await page.mouse.up();
    const [, x, y] = /translate\((-?[\d.]+)%, (-?[\d.]+)%\)/.exec(await transform())!;
    expect(Number(x)).toBeLessThan(0);
    expect(Number(y)).toBeLessThan(0);

    const slider = page.getByLabel('Map opacity');
    await slider.focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
    expect(await slider.inputValue()).toBe('40');
    const map = page.getByTestId('heatmap-image');
    expect(await map.evaluate((img: HTMLImageElement) => img.style.opacity)).toBe('0.4');
    // The original shows through underneath.
    expect(await layer.locator('img').count()).toBe(2);
    const legend = page.getByTestId('map-legend');
    expect(await legend.textContent()).toContain('inferno');
    await shot(page, 'map-viewer');
    await page.getByRole('group', { name: 'Heatmap display' }).getByRole('button', { name: 'Map' }).click();
    expect(await legend.textContent()).toContain('Grey map');
    await view.getByRole('button', { name: 'Reset view' }).click();
    expect(await transform()).toBe('scale(1) translate(0%, 0%)');
    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
  });

  // Issue 10 item 3: an item side by side with its match (one zoom and pan for both pictures),
  // and a search with a dropped image that never becomes evidence.
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

    await bothSizes(page, 'compare', 'side-by-side');

    // Swipe: one picture over the other, both still on the one zoom.
    await page.getByRole('radio', { name: 'Swipe' }).check();
    await page.getByLabel('Swipe position').fill('30');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => (await viewOf(page.getByTestId('compare-pane-left'))).zoom).toBe(1.5);
    expect(await viewOf(page.getByTestId('compare-pane-right'))).toEqual(
      await viewOf(page.getByTestId('compare-pane-left')),
    );
    await bothSizes(page, 'compare', 'swipe');
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
    await bothSizes(page, 'compare', 'query-image');

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

  // Issue 10 item 4, the map viewer on a group photo (the re-encoded sample4, several faces): each
  // scored face's own detector map and score, the magnifier, the original beside the map under
  // one zoom and pan, and ELA computed in the browser at a quality the investigator picks.
  it('switches the detector map between faces, each with its own score and the fixture marker', async () => {
    await page.goto(mediaUrl('sample4-copy.jpg'));
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
    await mapShot(page, 'magnifier');
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
    await mapShot(page, 'side-by-side-1440');
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
    await mapShot(page, 'browser-ela-1440');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('fits a phone: panes stack, no sideways scroll, no serious accessibility violations', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(mediaUrl('sample4-copy.jpg'));
    await page.getByTestId('face-picker').waitFor();
    await settled(page);
    await page.getByRole('group', { name: 'Map tools' }).getByLabel('Original beside the map').check();
    await settled(page);
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
    await mapShot(page, '390');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(mediaUrl('sample4-copy.jpg'));
    await page.getByTestId('face-picker').waitFor();
    await mapShot(page, '1440');
  });
});
