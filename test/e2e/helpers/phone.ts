import type { Page } from 'playwright-core';

/**
 * Phone-first checks of whatever page is open, measured in the browser: what a person
 * at 390 × 844 would see cut off, wrapped or hidden.
 */

/** How far the page scrolls sideways (0 when nothing overflows). */
export const sidewaysOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Visible buttons (and button-like links) whose words take more than one line or do not
 * fit: their texts. Lines are counted from the boxes of the words themselves, so an icon
 * beside them does not count as a line.
 */
export const wrappedButtons = (p: Page) =>
  p.evaluate(() =>
    [...document.querySelectorAll('button, a.button')]
      .filter((b) => (b as HTMLElement).offsetParent !== null && b.getClientRects().length > 0)
      .filter((b) => {
        const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
        const lines = new Set<number>();
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) if (r.width > 0) lines.add(Math.round(r.bottom));
        }
        return lines.size > 1 || b.scrollWidth > b.clientWidth + 1;
      })
      .map((b) => b.textContent?.trim() ?? ''),
  );

/** The share of the window's height the page header takes. */
export const headerShare = (p: Page) => p.evaluate(() => document.querySelector('.topbar')!.getBoundingClientRect().height / window.innerHeight);

/**
 * Tabs through every control of a form that has a sticky submit bar, as a keyboard or a
 * phone's "next" key does, and answers the controls that ended up under the bar (or off
 * the screen) when focused: each as its field name.
 */
export async function fieldsHiddenBySticky(p: Page, form: string): Promise<string[]> {
  const hidden: string[] = [];
  await p.locator(`${form} input, ${form} select, ${form} textarea`).first().focus();
  for (let i = 0; i < 80; i++) {
    const r = await p.evaluate((formSel) => {
      const el = document.activeElement as HTMLElement | null;
      const formEl = document.querySelector(formSel);
      if (!el || !formEl?.contains(el)) return { done: true };
      const bar = formEl.querySelector('.sticky-actions');
      if (!bar || bar.contains(el)) return { done: true };
      // A radio of a tile group is visually its tile.
      const shown = (el.closest('label.choice') as HTMLElement | null) ?? el;
      const box = shown.getBoundingClientRect();
      const barTop = bar.getBoundingClientRect().top;
      const name = (el as HTMLInputElement).name || el.getAttribute('aria-label') || el.textContent?.trim() || el.tagName;
      return { done: false, name, covered: box.bottom > barTop + 1 || box.top < 0 };
    }, form);
    if (r.done) break;
    if (r.covered) hidden.push(r.name!);
    await p.keyboard.press('Tab');
  }
  return hidden;
}
