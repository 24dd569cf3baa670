import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT } from './service.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 0, // a launch on a busy machine is slow, not failed
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A browser context that waits on conditions, not on a clock: Playwright's own 30 s
 * default would fail a wait that a busy machine merely slows down (a label page and the
 * pipeline once did). Every wait lasts until its element, text or event comes; the
 * test's timeout (vitest.e2e.config.ts) is the one guard against a real hang. The
 * time zone and locale are pinned too, so "today" and number formats do not depend on
 * the machine.
 */
export async function pinnedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', ...options });
  ctx.setDefaultTimeout(0);
  ctx.setDefaultNavigationTimeout(0);
  return ctx;
}

export type Watched = Page & { problems: string[] };

/** A page that records console errors, uncaught exceptions and failed requests, so a test can assert there were none. */
export async function watchedPage(browser: Browser, width: number, height = 900): Promise<Watched> {
  const ctx = await pinnedContext(browser, { viewport: { width, height }, acceptDownloads: true });
  const page = (await ctx.newPage()) as Watched;
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') page.problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // The dashboard aborts the calls of a page the person has left; that is on purpose.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') page.problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return page;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

export async function signIn(page: Page, url: string, key: string) {
  await page.goto(`${url}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone the navigation sits behind the Menu button.
  await page.locator('#nav:not([hidden])').waitFor({ state: 'attached' });
}

/**
 * What a keyboard-wedge scanner sends into the focused field: the code's keystrokes 4 ms
 * apart, then Enter. The keys are real (trusted) key events, stamped with the scanner's
 * own timing through the DevTools protocol: on a busy machine they may reach the page late,
 * but their timestamps still say "a burst", as a real scanner's do (the page tells a scan
 * from typing by those timestamps, src/web/scan.js). Typing them with a delay made a scan
 * look like typing whenever the machine was loaded.
 */
export async function scanWedge(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const t0 = Date.now() / 1000;
    const keys = [...code].map((c) => ({ key: c, text: c }));
    for (const [i, k] of [...keys, { key: 'Enter', text: '\r', code: 'Enter', windowsVirtualKeyCode: 13 }].entries()) {
      const timestamp = t0 + i * 0.004;
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...k, timestamp });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, ...('code' in k ? { code: k.code, windowsVirtualKeyCode: k.windowsVirtualKeyCode } : {}), timestamp: timestamp + 0.001 });
    }
  } finally {
    await cdp.detach();
  }
}
