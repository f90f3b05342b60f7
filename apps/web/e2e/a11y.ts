import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// The automated accessibility check (issue 10 item 11): axe-core's own rules, run in the real
// Chromium against the page as the user sees it. Only serious and critical violations fail the
// check; moderate/minor ones are axe's "best practice" advice, not WCAG failures.

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Runs axe's WCAG 2 A and AA rules on the page and returns each serious or critical violation
 * as one readable line: rule id, what it asks for, and the selectors of the offending elements.
 * The web's CSP allows inline scripts (Next needs them), so a plain script tag loads axe.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 8)
          .map((n) => n.target.map(String).join(' > '))
          .join(', ')}${v.nodes.length > 8 ? `, … ${v.nodes.length - 8} more` : ''}` +
        (v.nodes[0]?.failureSummary ? `\n    ${v.nodes[0].failureSummary.replace(/\n/g, '\n    ')}` : ''),
    );
}

/**
 * Walks the page with the Tab key and returns the visible, enabled controls it never reached
 * (each as tag, name and text). Allowed exceptions are the ARIA keyboard patterns that move by
 * arrow keys instead: the unselected tabs of a tablist and the unchecked radios of a group
 * that Tab does reach.
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const total = await page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]',
      ),
    ].filter(
      (e) =>
        !(e as HTMLButtonElement).disabled &&
        !(
          e.hasAttribute('tabindex') &&
          e.tabIndex < 0 &&
          !e.matches('a, button, input, select, textarea, summary')
        ) &&
        e.getClientRects().length > 0 &&
        getComputedStyle(e).visibility !== 'hidden',
    );
    document.querySelectorAll('[data-a11y-control]').forEach((e) => e.removeAttribute('data-a11y-control'));
    controls.forEach((e, i) => (e.dataset.a11yControl = String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    return controls.length;
  });
  const reached: string[] = [];
  for (let i = 0; i < total + 20; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(
      () => (document.activeElement as HTMLElement | null)?.dataset.a11yControl ?? null,
    );
    if (id === null) continue;
    if (reached.includes(id)) break;
    reached.push(id);
  }
  return page.evaluate((reached) => {
    const hit = (e: Element) => reached.includes((e as HTMLElement).dataset.a11yControl ?? '');
    return [...document.querySelectorAll<HTMLElement>('[data-a11y-control]')]
      .filter((e) => !hit(e))
      .filter((e) => !(e.getAttribute('role') === 'tab' && e.getAttribute('aria-selected') !== 'true'))
      .filter(
        (e) =>
          !(
            e instanceof HTMLInputElement &&
            e.type === 'radio' &&
            [...document.querySelectorAll(`input[type="radio"][name="${CSS.escape(e.name)}"]`)].some(hit)
          ),
      )
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 60)}"`,
      );
  }, reached);
}
