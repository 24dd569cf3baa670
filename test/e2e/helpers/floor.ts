import type { Page } from 'playwright-core';

/**
 * Follows a link of the main navigation as a person would: on a phone it sits behind the
 * header's Menu button, which is opened first.
 */
export async function goTo(page: Page, name: string) {
  const menu = page.locator('#menu');
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  await page.locator('#nav').getByRole('link', { name, exact: true }).click();
}
