import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { pageWidth, signIn } from './screens.ts';
import { artifacts, graphql, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { ADMIN, REVIEWER, api, login, setUpWorkbench, type Workbench } from './workbench-setup.ts';

// Issue 10, the investigator's workbench, through the browser: verdicts, case work, known-fake
// matches, the map viewer's width, the audit timeline and reports. One product start for all.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `workbench-${name}.png`), fullPage: true });

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
    // Dragging left moves the picture left (negative offset), within the frame.
    const box = (await layer.boundingBox())!;
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
});
