import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureDetector } from '@loupe/inference';
import { bothSizes, signIn } from './screens.ts';
import { artifacts, graphql, launchBrowser, productEnv, startProduct, type Product } from './harness.ts';
import { analysedImage, api, login, sample } from './workbench-setup.ts';

// Issue 10 item 8, administration, through the browser only: users (create, role, password reset,
// disable), the known-fakes library (promote from an analysed evidence page, follow its analysis,
// filter, edit, delete) and the detectors the worker actually loaded. One product start for all.

const ADMIN = { email: 'admin@admin-e2e.test', password: 'admin-e2e-password' };
const INITIAL_PASSWORD = 'rita-e2e-password-long';
/** Rita's password changes when it is reset (the refusal test signs in with the new one). */
const REVIEWER = { email: 'rita@admin-e2e.test', password: INITIAL_PASSWORD };

/** Full-page screenshots at desktop and phone widths, each checked for sideways scroll and by axe. */
const checkPage = (page: Page, name: string, ready: (page: Page) => Promise<unknown>) =>
  bothSizes(page, 'admin', name, ready);

describe('administration in the started product', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-admin-'));
  let product: Product;
  let browser: Browser;
  let page: Page;
  let token: string;
  let mediaUrl: string;
  let fixture: { modelPath: string };

  beforeAll(async () => {
    fixture = await writeFixtureDetector(join(dataDir, 'models'), { dim: 1024 });
    product = await startProduct(await productEnv(dataDir, ADMIN));
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    token = await login(product.apiUrl, ADMIN);
    // An analysed piece of evidence to promote (the data, not the administration, is set up by API).
    const { caseId, mediaId } = await analysedImage(product.apiUrl, token, 'Admin e2e', {
      name: 'sample4.jpg',
      bytes: sample(4),
    });
    mediaUrl = `${product.webUrl}/cases/${caseId}/media/${mediaId}`;
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, product.webUrl, ADMIN);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    expect(await product?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('manages users: create, change role, reset the password (shown once), disable; never demotes the last administrator', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email').fill(REVIEWER.email);
    await form.getByLabel('Display name').fill('Rita Reviewer');
    await form.getByLabel('Initial password').fill(REVIEWER.password);
    await form.getByLabel('Role').selectOption('INVESTIGATOR');
    await form.getByRole('button', { name: 'Create user' }).click();
    const rita = page.getByRole('listitem', { name: REVIEWER.email });
    await rita.waitFor();
    await page.getByText(`Created ${REVIEWER.email}.`).waitFor();
    expect(await rita.getByTestId('user-role').textContent()).toBe('Investigator');

    // Role change asks first.
    await rita.getByLabel(`Role for ${REVIEWER.email}`).selectOption('REVIEWER');
    await rita.getByRole('button', { name: `Change role of ${REVIEWER.email}` }).click();
    await rita.getByRole('button', { name: 'Yes, change role' }).click();
    await rita.getByTestId('user-role').getByText('Reviewer').waitFor();

    // The last administrator cannot demote themself: the API's refusal is shown.
    const me = page.getByRole('listitem', { name: ADMIN.email });
    await me.getByLabel(`Role for ${ADMIN.email}`).selectOption('INVESTIGATOR');
    await me.getByRole('button', { name: `Change role of ${ADMIN.email}` }).click();
    await me.getByRole('button', { name: 'Yes, change role' }).click();
    await page
      .getByRole('alert')
      .getByText(/last active administrator/)
      .waitFor();
    expect(await me.getByTestId('user-role').textContent()).toBe('Admin');

    // Reset: a new password, shown once with a copy button; it works and the old one does not.
    await rita.getByRole('button', { name: `Reset password of ${REVIEWER.email}` }).click();
    await rita.getByRole('button', { name: 'Yes, reset password' }).click();
    const handover = page.getByTestId('one-time-password');
    await handover.waitFor();
    await handover.getByRole('button', { name: `Copy the new password for ${REVIEWER.email}` }).waitFor();
    const generated = (await handover.getByTestId('generated-password').textContent()) ?? '';
    expect(generated.length).toBeGreaterThanOrEqual(12);
    REVIEWER.password = generated;
    const gql = graphql(product.apiUrl);
    const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
    expect((await gql(LOGIN, { e: REVIEWER.email, p: INITIAL_PASSWORD })).errors).toBeTruthy();
    expect((await gql(LOGIN, { e: REVIEWER.email, p: generated })).errors).toBeUndefined();
    await checkPage(page, 'users', (p) => p.getByTestId('one-time-password').waitFor());
    await handover.getByRole('button', { name: 'Done, hide it' }).click();
    await handover.waitFor({ state: 'detached' });

    // Disable asks first; the account can no longer sign in.
    await rita.getByRole('button', { name: `Disable ${REVIEWER.email}` }).click();
    await rita.getByRole('button', { name: 'Yes, disable' }).click();
    await rita.getByTestId('user-disabled').waitFor();
    expect((await gql(LOGIN, { e: REVIEWER.email, p: generated })).errors).toBeTruthy();
    await rita.getByRole('button', { name: `Enable ${REVIEWER.email}` }).click();
    await rita.getByTestId('user-disabled').waitFor({ state: 'detached' });

    const users = await api(
      product.apiUrl,
      token,
    )<{ users: { email: string; role: string; disabled: boolean }[] }>('{ users { email role disabled } }');
    expect(users.users).toContainEqual({ email: REVIEWER.email, role: 'REVIEWER', disabled: false });
    expect(users.users).toContainEqual({ email: ADMIN.email, role: 'ADMIN', disabled: false });
  }, 240_000);

  it('promotes analysed evidence into the library and shows it in the grid once its analysis is done', async () => {
    await page.goto(mediaUrl);
    const promote = page.getByRole('form', { name: 'Add to known fakes' });
    await promote.getByLabel('Family').selectOption('FACE_SWAP');
    await promote.getByLabel('Source').fill('Admin e2e library');
    await promote.getByLabel('Generator').fill('e2e-swapper');
    await promote.getByRole('button', { name: 'Add to known fakes' }).click();
    await page.getByTestId('promoted').waitFor();
    await page.getByRole('link', { name: 'Open the library' }).click();
    await page.getByRole('heading', { name: 'Known fakes', level: 1 }).waitFor();

    const card = page.getByRole('listitem', { name: 'sample4.jpg' });
    await card.waitFor();
    // The library's state is read when the page loads: reload until the worker has analysed it.
    const deadline = Date.now() + 180_000;
    while ((await card.getByTestId('known-fake-analysis').getAttribute('data-status')) !== 'DONE') {
      expect(await card.getByTestId('known-fake-analysis').getAttribute('data-status')).not.toBe('FAILED');
      if (Date.now() > deadline) throw new Error('the known fake was not analysed in 180 s');
      await page.waitForTimeout(1000);
      await page.reload();
      await card.waitFor();
    }
    expect(await card.getByTestId('known-fake-family').textContent()).toBe('Face swap');
    expect(await card.getByTestId('known-fake-source').textContent()).toBe('Admin e2e library');
    await card.getByText(`by ${ADMIN.email}`).waitFor();
    // The thumbnail is the item's own authorised picture, and it loaded.
    const img = card.getByRole('img', { name: 'Preview of sample4.jpg' });
    await expect
      .poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))
      .toBe(true);

    // Filter by family.
    await page.getByLabel('Family').selectOption('REENACTMENT');
    await page.getByTestId('known-fakes-empty').waitFor();
    await page.getByLabel('Family').selectOption('FACE_SWAP');
    await card.waitFor();
    await page.getByTestId('known-fakes-total').getByText('1 item in face swap').waitFor();

    // Edit the labels.
    await card.getByRole('button', { name: 'Edit sample4.jpg' }).click();
    const edit = card.getByRole('form', { name: 'Edit sample4.jpg' });
    await edit.getByLabel('Dataset').fill('Admin e2e set');
    await edit.getByLabel('Source').fill('Edited source');
    await edit.getByRole('button', { name: 'Save' }).click();
    await card.getByTestId('known-fake-source').getByText('Edited source').waitFor();
    await card.getByText('Admin e2e set').waitFor();

    await checkPage(page, 'known-fakes', (p) => p.getByRole('listitem', { name: 'sample4.jpg' }).waitFor());

    // Delete asks first.
    await card.getByRole('button', { name: 'Delete sample4.jpg from the library' }).click();
    await card.getByRole('button', { name: 'Yes, delete' }).click();
    await card.waitFor({ state: 'detached' });
    const left = await api(
      product.apiUrl,
      token,
    )<{ knownFakes: { totalCount: number } }>('{ knownFakes { totalCount } }');
    expect(left.knownFakes.totalCount).toBe(0);
  }, 300_000);

  it('shows the detector the worker loaded: manifest, SHA-256 of the model file, fixture marker, providers used', async () => {
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Detectors' })
      .click();
    await page.getByRole('heading', { name: 'Detectors', level: 1 }).waitFor();
    const manifest = JSON.parse(readFileSync(join(fixture.modelPath, '..', 'manifest.json'), 'utf8')) as {
      id: string;
      version: string;
      input: { size: number };
    };
    const detector = page.getByRole('listitem', { name: `${manifest.id} ${manifest.version}` });
    await detector.waitFor();
    const sha = createHash('sha256').update(readFileSync(fixture.modelPath)).digest('hex');
    expect(await detector.getByTestId('model-sha256').textContent()).toBe(sha);
    await detector.getByTestId('fixture-mark').waitFor();
    await detector.getByText('In use').waitFor();
    await detector.getByText(`${manifest.input.size} × ${manifest.input.size}`).waitFor();
    expect(await detector.getByTestId('providers-requested').textContent()).toBe('cpu');
    expect(await detector.getByTestId('providers-used').textContent()).toBe('cpu');
    // The face models are listed too, with the providers their sessions run on.
    const faces = page.getByTestId('installed-model').filter({ hasText: 'Face models' });
    expect(await faces.getByTestId('providers-used').textContent()).toBe('cpu');
    await checkPage(page, 'detectors', (p) => p.getByTestId('model-sha256').waitFor());
  }, 120_000);

  it('refuses non-administrators with a clear message and shows them no Administration link', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const other = await context.newPage();
      await signIn(other, product.webUrl, REVIEWER);
      await other.getByRole('heading', { name: 'Cases' }).waitFor();
      expect(await other.getByRole('link', { name: 'Administration' }).count()).toBe(0);
      for (const path of ['/admin/users', '/admin/known-fakes', '/admin/detectors']) {
        await other.goto(`${product.webUrl}${path}`);
        await other.getByRole('heading', { name: 'Administrators only' }).waitFor();
        await other.getByText(`signed in as ${REVIEWER.email}`).waitFor();
      }
    } finally {
      await context.close();
    }
  }, 120_000);
});
