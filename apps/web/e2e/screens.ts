import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousViolations } from './a11y.ts';
import { artifacts } from './harness.ts';

// What several browser tests do to a page: drop files on it, measure whether it scrolls sideways,
// and save it at the desktop and the phone size, checked by axe at each.

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface Dropped {
  name: string;
  type: string;
  /** The file's bytes, base64 (what crosses into the page). */
  data: string;
}

export const dropped = (name: string, type: string, bytes: Buffer): Dropped => ({
  name,
  type,
  data: bytes.toString('base64'),
});

/**
 * Drops `files` onto the element the way a browser does: dragenter, dragover and drop events
 * carrying one DataTransfer that holds all of them, built in the page.
 */
export async function drop(page: Page, testId: string, files: Dropped[]): Promise<void> {
  await page.getByTestId(testId).evaluate((zone, list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    for (const type of ['dragenter', 'dragover', 'drop'])
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** The page's scroll width against the viewport, and the outermost elements that stick out. */
export const pageWidth = (page: Page) =>
  page.evaluate(() => {
    const inner = window.innerWidth;
    const clipped = (e: Element): boolean => {
      for (let a = e.parentElement; a; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    // An element sticks out itself, or its text does (text nodes have no box of their own).
    // (A hint only: an absolutely positioned element escapes its scrolling ancestor's clip.)
    const out = (e: Element) =>
      !clipped(e) &&
      (e.getBoundingClientRect().right > inner + 0.5 ||
        (getComputedStyle(e).overflowX === 'visible' &&
          e.getBoundingClientRect().left + e.scrollWidth > inner + 0.5));
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => out(e) && !(e.parentElement && out(e.parentElement)))
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`,
      )
      .slice(0, 5);
    return { scroll: document.documentElement.scrollWidth, inner, culprits };
  });

/** Fails, naming what sticks out, when the page scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const width = await pageWidth(page);
  expect(width.scroll, `${what} at ${width.inner} px: ${width.culprits.join(', ')}`).toBeLessThanOrEqual(
    width.inner,
  );
}

/**
 * Saves the screen as `<prefix>-<name>-1440.png` and `-390.png` under test-results/, checking at
 * each size that it does not scroll sideways and has no serious or critical axe violation;
 * `ready` waits for what must show after the resize.
 * Leaves the page at the desktop size.
 */
export async function bothSizes(
  page: Page,
  prefix: string,
  name: string,
  ready: (page: Page) => Promise<unknown> = async () => undefined,
): Promise<void> {
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await ready(page);
    await page.screenshot({
      path: join(artifacts, `${prefix}-${name}-${viewport.width}.png`),
      fullPage: true,
    });
    await expectNoSidewaysScroll(page, name);
    expect(await seriousViolations(page), `${name} at ${viewport.width} px`).toEqual([]);
  }
  await page.setViewportSize(DESKTOP);
  await ready(page);
}

/** Signs in through the login form (the caller waits for the page it expects next). */
export async function signIn(page: Page, webUrl: string, who: { email: string; password: string }) {
  await page.goto(`${webUrl}/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
