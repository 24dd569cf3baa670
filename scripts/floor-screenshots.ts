/**
 * npm run screenshots:floor: the README's "On the floor" pictures, taken from the demo.
 * Builds the demo ledger into a temporary database (never ./data), serves it on a free
 * port of 127.0.0.1, drives Debian's Chromium (CHROMIUM_PATH to use another) at a phone's
 * 390 × 844 as the demo's operator, and writes docs/floor/*.png. Run it again after a
 * change to the floor screens and commit the pictures with the change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { DEMO_ADMIN_KEY, generateDemoLedger } from '../src/demo/demo-ledger.js';
import { createLogger } from '../src/logger.js';
import { createKey } from '../src/modules/keys/keys.service.js';
import { seedDatabase } from '../src/seed.js';
import { listen } from '../src/startup.js';

const OUT = path.resolve('docs/floor');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  process.stderr.write(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.\n`);
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floor-shots-'));
const config = loadConfig({ DATABASE_PATH: path.join(dir, 'demo.db'), BOOTSTRAP_ADMIN_KEY: DEMO_ADMIN_KEY, LOG_LEVEL: 'silent', HOST: '127.0.0.1' });
const db = openDatabase(config.databasePath);
const { app, deps } = createApp({ db, config, logger: createLogger('silent') });
seedDatabase(deps);
process.stdout.write('Building the demo ledger (about a minute)…\n');
generateDemoLedger(db, config);
const operator = createKey(deps, { actor: null, requestId: 'screenshots' }, { name: 'Budapest floor tablet', role: 'operator' }).key;
const server = await listen(app, 0, config.host);
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
type Listed = { items: { id: string; route: string | null }[] };
const api = async (p: string, init: RequestInit = {}): Promise<Listed> => {
  const res = await fetch(`${url}/api/v1${p}`, { ...init, headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json', ...init.headers } });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Listed;
};

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
fs.mkdirSync(OUT, { recursive: true });
try {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, acceptDownloads: false });
  const p = await ctx.newPage();
  const settled = async (hash: string) => {
    await p.goto(`${url}/${hash}`);
    await p.locator('main h1').first().waitFor();
    await p.waitForLoadState('networkidle');
    // Page code, written as text: this script is type-checked without the DOM's types.
    await p.waitForFunction('!document.querySelector("main .loading")');
  };
  const take = async (name: string, opts: { fullPage?: boolean } = {}) => {
    const file = path.join(OUT, `${name}.png`);
    await p.screenshot({ path: file, fullPage: opts.fullPage ?? false });
    process.stdout.write(`  ${path.relative(process.cwd(), file)}\n`);
  };
  const scrollTo = (selector: string) => p.locator(selector).first().evaluate('(e) => e.scrollIntoView({ block: "start" })');

  await p.goto(`${url}/`);
  await p.getByLabel('API key').fill(operator);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.locator('#nav:not([hidden])').waitFor({ state: 'attached' });

  // Intake: a serial from the scanner, the unit's facts, the site remembered.
  await settled('#/receive');
  await p.keyboard.type('CT-26-0415', { delay: 4 });
  await p.keyboard.press('Enter');
  await p.locator('label.choice', { hasText: 'Imaging' }).click();
  await p.locator('label.choice', { hasText: /^CT$/ }).click();
  await p.getByLabel('Model', { exact: true }).fill('CT 128-slice');
  await p.getByLabel('Intake mass (kg)').fill('2450.5');
  await p.getByLabel('Intake mass (kg)').blur();
  await p.evaluate('window.scrollTo(0, 0)');
  await take('intake');

  // Next steps of a unit that waits for its sanitization, and the form of one step.
  const waiting = (await api('/units?state=assessed&siteCode=HU-EROC&limit=20')).items.find((u) => u.route === 'recycle')!;
  await settled(`#/units/${waiting.id}`);
  await take('next-steps');
  const dismantling = (await api('/units?state=dismantling&siteCode=HU-EROC&limit=5')).items[0]!;
  await settled(`#/units/${dismantling.id}`);
  await p.locator('.next-steps button[data-type=recycled]').click();
  await p.locator('form.event-form').waitFor();
  await p.getByLabel('Material').selectOption('ferrous');
  await scrollTo('form.event-form');
  await take('recycling-form');

  // The unit's label, 4 × 2 inches, its codes readable by the search.
  await settled(`#/units/${dismantling.id}/label`);
  await p.locator('.label svg.qr').waitFor();
  await take('label');

  // The import page: templates, and a refused file listed row by row.
  await settled('#/import');
  const header = 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel';
  const day = new Date().toISOString().slice(0, 10);
  const file = [header, `US-88121,ultrasound,,LOGIQ E10,95.5,US,US-ROC,${day},lease_return`, `US-88122,ultrasound,,LOGIQ E10,95.5005,US,US-ROC,${day},lease_return`, `CT-88123,imaging,CT,CT 64-slice,2210,DX,HU-EROC,${day},trade_in`].join('\n');
  await p.locator('input[type=file]').setInputFiles({ name: 'returns-december.csv', mimeType: 'text/csv', buffer: Buffer.from(`${file}\n`) });
  await p.getByRole('button', { name: 'Import', exact: true }).click();
  await p.locator('.refusal').waitFor();
  await take('import', { fullPage: true });

  // The work queue of the Budapest centre: oldest first in each waiting state.
  await settled('#/pipeline');
  await p.getByLabel('Site', { exact: true }).selectOption('HU-EROC');
  await p.locator('.queue-state').first().waitFor();
  await scrollTo('.work-queue');
  await take('work-queue');
} finally {
  await browser.close();
  server.close();
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`Wrote the floor screenshots to ${path.relative(process.cwd(), OUT)}/.\n`);
