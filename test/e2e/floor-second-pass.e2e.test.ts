import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot, signIn, watchedPage, type Watched } from './helpers/browser.js';
import { startWithDemoData } from './helpers/data.js';
import { goTo } from './helpers/floor.js';
import { fieldsHiddenBySticky, headerShare, sidewaysOverflow, wrappedButtons } from './helpers/phone.js';
import { client, type Service } from './helpers/service.js';

/**
 * Issue 25, the floor screens' second pass, over the demo database: every page offers
 * only what the key may do (each role walks every page), the phone-first checks at
 * 390 × 844, and each finding of the issue as a person meets it.
 */
let service: Service;
let browser: Browser;
let admin: ReturnType<typeof client>;
const ROLES = ['admin', 'operator', 'engineer', 'esg', 'viewer'] as const;
type Role = (typeof ROLES)[number];
const keys = {} as Record<Role, string>;
const may = {} as Record<Role, Record<string, boolean>>;

type Unit = { id: string; serialNumber: string; state: string; route: string | null; massBalance: Record<string, number>; allowedNext: string[]; events: { id: string; type: string; occurredAt: string; voided: boolean }[] };
let openUnit: Unit; // a demo unit still on the floor, assessed for recycling and waiting for its sanitization
let vendorCode: string; // a vendor with events waiting to be shipped and an open shipment

const today = () => new Date().toISOString().slice(0, 10);
const PHONE = { width: 390, height: 844 };
let serials = 0;
const serial = (p: string) => `${p}-${Date.now().toString(36).toUpperCase()}-${++serials}`;

async function page(role: Role, size = PHONE): Promise<Watched> {
  const p = await watchedPage(browser, size.width, size.height);
  await signIn(p, service.url, keys[role]);
  return p;
}

/** Opens a page and waits until it has drawn (its heading, no loading line left). */
async function open(p: Page, hash: string) {
  await p.goto(`${service.url}/${hash}`);
  await p.locator('main h1').first().waitFor();
  await p.waitForLoadState('networkidle');
  // Parts load after the page (verifying the demo's whole ledger takes a while on a busy machine).
  await expect.poll(() => p.locator('main .loading').count(), { timeout: 90_000 }).toBe(0);
}

/** A unit of our own, received at the Hungarian centre today. */
async function newUnit(over: Record<string, unknown> = {}): Promise<Unit> {
  return admin.post('/units', { serialNumber: serial('E2E'), category: 'imaging', modality: 'CT', model: 'CT 64-slice', massKg: 2450.5, originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: today(), returnChannel: 'trade_in', ...over });
}
const logEvent = (id: string, body: Record<string, unknown>) => admin.post(`/units/${id}/events`, { occurredAt: today(), ...body });
const sanitized = { type: 'data_sanitized', method: 'purge', standard: 'NIST SP 800-88r1', media: [{ kind: 'hdd', serial: 'WD-1' }], verifiedBy: 'K. Nagy' };

beforeAll(async () => {
  service = await startWithDemoData();
  admin = client(service.url, service.key);
  keys.admin = service.key;
  for (const role of ROLES.filter((r) => r !== 'admin')) keys[role] = (await admin.post('/keys', { name: `E2E ${role}`, role })).key;
  for (const role of ROLES) may[role] = (await client(service.url, keys[role]).get('/me')).may;
  const assessed = (await admin.get('/units?state=assessed&siteCode=HU-EROC&limit=50')).items as Unit[];
  openUnit = await admin.get(`/units/${assessed.find((u) => u.route === 'recycle')!.id}`);
  // A vendor with a load waiting to be shipped and an open shipment (the Rhineland recycler, certified until 2027).
  vendorCode = 'RCY-DE';
  const u = await newUnit();
  await logEvent(u.id, { type: 'assessed', grade: 'D', route: 'recycle' });
  await logEvent(u.id, sanitized);
  const shipped = await logEvent(u.id, { type: 'recycled', massKg: 1200.5, material: 'ferrous', vendorCode });
  await logEvent(u.id, { type: 'recycled', massKg: 300.25, material: 'copper', vendorCode });
  await admin.post('/shipments', { vendorCode, shippedAt: today(), eventIds: [shipped.id] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) fs.rmSync(service.dir, { recursive: true, force: true });
});

describe('what each key is offered, from GET /me', () => {
  /** Every page, and the API actions its forms and buttons are for (data-action). */
  const pages = (): { hash: string; actions: string[] }[] => [
    { hash: '#/overview', actions: [] },
    { hash: '#/pipeline', actions: [] },
    { hash: '#/units', actions: ['POST /units'] },
    { hash: `#/units/${openUnit.id}`, actions: ['POST /units/{id}/events'] },
    { hash: `#/units/${openUnit.id}/label`, actions: [] },
    { hash: `#/units/${openUnit.id}/certificate`, actions: [] },
    { hash: '#/receive', actions: ['POST /units'] },
    { hash: '#/import', actions: ['POST /imports/units', 'POST /imports/events'] },
    { hash: '#/reporting?year=2025', actions: ['POST /periods/{year}/boundary', 'POST /periods/{year}/lock'] },
    { hash: '#/reporting?year=2023', actions: ['POST /periods/{year}/unlock', 'GET /periods/{year}/evidence'] },
    { hash: '#/magnet', actions: ['POST /estimates/magnet-upgrade'] },
    { hash: '#/vendors', actions: [] },
    { hash: `#/vendors/${vendorCode}`, actions: ['POST /shipments', 'POST /shipments/{id}/receipt'] },
  ];

  it.each(ROLES)('when a %s key walks every page, then each offers exactly the actions GET /me allows it, no more and no fewer, and nothing answers 403', async (role) => {
    const p = await page(role, { width: 1280, height: 900 });
    const requests: string[] = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const nav = async () => p.locator('#nav a').allTextContents();
    expect((await nav()).includes('Receive')).toBe(may[role]['POST /units']);
    expect((await nav()).includes('Import')).toBe(may[role]['POST /imports/units'] || may[role]['POST /imports/events']);
    for (const { hash, actions } of pages()) {
      await open(p, hash);
      // data-action holds "METHOD /path" (an import form names both of its actions).
      const named = new Set((await p.locator('main [data-action]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action!))).flatMap((a) => a.match(/(GET|POST|DELETE) \S+/g) ?? []));
      expect([...named].sort(), `${role} on ${hash}`).toEqual(actions.filter((a) => may[role][a]).sort());
    }
    // A viewer reads a vendor's waiting events, but gets no box to tick and no button that would answer 403.
    if (role === 'viewer') {
      await open(p, `#/vendors/${vendorCode}`);
      expect(await p.locator('tr[data-event]').count()).toBeGreaterThan(0);
      expect(await p.locator('main input[type=checkbox]').count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Create shipment' }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Record receipt' }).count()).toBe(0);
      await shot(p, 'issue25-viewer-vendor-1280');
    }
    // The reporting page asks /audit/verify only of a key that may verify (no probe for a 403).
    expect(requests.includes('/api/v1/audit/verify')).toBe(may[role]['GET /audit/verify']);
    expect(p.problems).toEqual([]);
  });
});

describe('on a phone, 390 × 844', () => {
  it('when an operator opens each floor page, then nothing scrolls sideways, every button reads on one line, and the header takes under a tenth of the screen', async () => {
    const p = await page('operator');
    const dismantling = ((await admin.get('/units?state=dismantling&siteCode=HU-EROC&limit=5')).items as Unit[])[0]!;
    for (const hash of ['#/overview', '#/pipeline', '#/units', `#/units/${openUnit.id}`, `#/units/${dismantling.id}`, `#/units/${openUnit.id}/label`, `#/units/${dismantling.id}/certificate`, '#/receive', '#/import', '#/reporting', '#/magnet', '#/vendors', `#/vendors/${vendorCode}`]) {
      await open(p, hash);
      expect(await sidewaysOverflow(p), hash).toBeLessThanOrEqual(0);
      expect(await wrappedButtons(p), hash).toEqual([]);
      expect(await headerShare(p), hash).toBeLessThan(0.1);
    }
    // Every form of the next steps too.
    await open(p, `#/units/${dismantling.id}`);
    for (const type of await p.locator('.next-steps button[data-type]').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.type!))) {
      await p.locator(`.next-steps button[data-type="${type}"]`).click();
      await p.locator(`form.event-form[data-type="${type}"]`).waitFor();
      expect(await sidewaysOverflow(p), type).toBeLessThanOrEqual(0);
      expect(await wrappedButtons(p), type).toEqual([]);
      await p.getByRole('button', { name: 'Cancel' }).click();
    }
    // The menu opens the navigation, and a link of it leads on.
    await goTo(p, 'Pipeline');
    await p.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await shot(p, 'issue25-pipeline-390');
    expect(p.problems).toEqual([]);
  });

  it('when every field of the intake and of a recycling form is reached from the keyboard, then none is hidden behind the sticky submit bar, at 390 × 844 and at 1366 × 768', async () => {
    const dismantling = ((await admin.get('/units?state=dismantling&siteCode=US-ROC&limit=5')).items as Unit[])[0]!;
    for (const size of [PHONE, { width: 1366, height: 768 }]) {
      const p = await page('operator', size);
      await open(p, '#/receive');
      expect(await fieldsHiddenBySticky(p, 'form.floor-form'), `intake ${size.width}`).toEqual([]);
      await open(p, `#/units/${dismantling.id}`);
      await p.locator('.next-steps button[data-type=recycled]').click();
      await p.locator('form.event-form[data-type=recycled]').waitFor();
      expect(await fieldsHiddenBySticky(p, 'form.event-form'), `recycling form ${size.width}`).toEqual([]);
      expect(p.problems).toEqual([]);
    }
  });
});

describe('the findings of issue 25, as the floor meets them', () => {
  it('3. when a unit holds 2,450.5 kg, then the work queue and the units list say 2,450.5 kg, exactly as the unit page does', async () => {
    const u = await newUnit({ siteCode: 'BR-RC', category: 'surgical', modality: undefined, model: 'C-arm' });
    const p = await page('operator');
    await open(p, `#/pipeline`);
    await p.getByLabel('Site', { exact: true }).selectOption('BR-RC');
    const item = p.locator(`.queue-list li[data-unit-id="${u.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('2,450.5 kg left');
    await open(p, `#/units?q=${u.serialNumber}`);
    expect(await p.locator(`tr[data-unit="${u.id}"] td.num`).allTextContents()).toEqual(['2,450.5 kg', '2,450.5 kg']);
    expect(p.problems).toEqual([]);
  });

  it('4a. when mass is logged elsewhere while the landfill form is open, then the refusal reads in plain words, the form is filled with what is left now, and focus is on why', async () => {
    const u = await newUnit();
    await logEvent(u.id, { type: 'assessed', grade: 'D', route: 'recycle' });
    await logEvent(u.id, sanitized);
    await logEvent(u.id, { type: 'recycled', massKg: 120.25, material: 'ferrous', recycler: 'Metals Kft' });
    const p = await page('operator');
    await open(p, `#/units/${u.id}`);
    await p.locator('.next-steps button[data-type=landfilled]').click();
    await p.getByRole('button', { name: 'All that is left (2,330.25 kg)' }).click();
    await p.getByLabel('Reason', { exact: true }).fill('composite panels');
    await logEvent(u.id, { type: 'recycled', massKg: 10, material: 'copper', recycler: 'Cu GmbH' }); // someone else, meanwhile
    await p.getByRole('button', { name: 'Log landfill' }).click();
    const why = p.locator('form.event-form .form-status [role=alert]');
    await why.waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.closest('.form-status') !== null)).toBe(true);
    expect(await why.textContent()).toContain('Not logged: more than is left on the unit');
    expect(await why.textContent()).toContain('2,320.25 kg is left on it now');
    // The form was rebuilt from the unit as it stands, keeping what was typed.
    expect(await p.getByRole('button', { name: 'All that is left (2,320.25 kg)' }).count()).toBe(1);
    expect(await p.getByLabel('Reason', { exact: true }).inputValue()).toBe('composite panels');
    await p.getByRole('button', { name: 'All that is left (2,320.25 kg)' }).click();
    await p.getByRole('button', { name: 'Log landfill' }).click();
    await expect.poll(() => p.locator('.flash').textContent()).toContain('Logged: Landfilled, 2,320.25 kg.');
    expect((await admin.get(`/units/${u.id}`)).state).toBe('closed');
    await shot(p, 'issue25-refused-reloaded-390');
    expect(p.problems.filter((x) => !x.includes('409'))).toEqual([]);
  });

  it('4b and 5. when the sanitization is voided elsewhere while the recycling form is open, then the refusal says to record it first, recycling is no longer offered, and the next steps say why where one looks for them', async () => {
    const u = await newUnit();
    await logEvent(u.id, { type: 'assessed', grade: 'D', route: 'recycle' });
    const s = await logEvent(u.id, sanitized);
    const p = await page('operator');
    await open(p, `#/units/${u.id}`);
    expect(await p.locator('.gate-note').count()).toBe(0);
    await p.locator('.next-steps button[data-type=recycled]').click();
    await p.getByLabel('Mass (kg)', { exact: true }).fill('2000');
    await p.getByLabel('Material').selectOption('ferrous');
    await p.getByLabel('Recycler').fill('Metals Kft');
    await logEvent(u.id, { type: 'voided', eventId: s.id, reason: 'wrong unit' }); // elsewhere
    await p.getByRole('button', { name: 'Log recycling' }).click();
    const why = p.locator('.next-steps [role=alert][data-code="compliance.sanitization_required"]');
    await why.waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('data-code'))).toBe('compliance.sanitization_required');
    const text = (await why.textContent())!;
    expect(text).toMatch(/record the data sanitization first/i);
    expect(text).not.toMatch(/data_sanitized|verifiedBy/);
    expect(await p.locator('form.event-form').count()).toBe(0);
    const offered = await p.locator('.next-steps button[data-type]').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.type));
    expect(offered).not.toContain('recycled');
    expect(offered).toContain('data_sanitized');
    // 5: the reason sits in the next steps, above their buttons.
    const gate = p.locator('.next-steps .gate-note');
    expect(await gate.textContent()).toContain('Why no recycling, landfill or release');
    const [noteTop, gridTop] = await Promise.all([gate.evaluate((e) => e.getBoundingClientRect().top), p.locator('.next-steps .action-grid').evaluate((e) => e.getBoundingClientRect().top)]);
    expect(noteTop).toBeLessThan(gridTop);
    await shot(p, 'issue25-sanitization-voided-390');
    expect(p.problems.filter((x) => !x.includes('409'))).toEqual([]);
  });

  it('5 and 7. when the demo is opened, then units wait in the work queue, and one waiting for its sanitization shows next steps with the reason recycling is missing', async () => {
    const p = await page('operator');
    await open(p, '#/pipeline');
    expect(await p.locator('main').textContent()).not.toContain('No unit is waiting at any site');
    expect(await p.locator('.queue-state').count()).toBeGreaterThan(0);
    await open(p, `#/units/${openUnit.id}`);
    expect(await p.locator('.next-steps button[data-type]').count()).toBeGreaterThan(0);
    expect(await p.locator('.next-steps .gate-note').count()).toBe(1);
    await shot(p, 'issue25-gate-note-390');
    expect(p.problems).toEqual([]);
  });

  it('6. when an estimate is refused, then its reason shows once, under the button, in the form’s words, with focus on it', async () => {
    const p = await page('engineer');
    await open(p, '#/magnet');
    await p.getByLabel('Use-phase energy, kept − new (MWh a year)').fill('12');
    await p.getByRole('button', { name: 'Estimate' }).click();
    const why = p.locator('form.estimate-form .form-status [role=alert]');
    await why.waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    const box = await why.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    const text = (await why.textContent())!;
    expect(text).toContain('Use-phase energy, kept − new (MWh a year): needs grid factor (kg CO₂e/kWh) or grid country');
    expect(text).not.toMatch(/useEnergyDeltaMWhPerYear|gridFactorKgPerKWh|gridCountry/);
    expect(await p.locator('main').evaluate((m) => (m.textContent!.match(/needs grid factor/g) ?? []).length)).toBe(1);
    expect(await p.getByLabel('Use-phase energy, kept − new (MWh a year)').getAttribute('aria-invalid')).toBe('true');
    // Its link takes the person to the field.
    await why.getByRole('link').click();
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('useEnergyDeltaMWhPerYear');
    await shot(p, 'issue25-estimate-refused-390');
    expect(p.problems.filter((x) => !x.includes('400'))).toEqual([]);
  });

  it('9. when a units file has an unknown country, then the page quotes the value in plain words; the template it offers is the API’s and imports', async () => {
    const p = await page('operator');
    await open(p, '#/import');
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Units template (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('units-template.csv');
    const template = fs.readFileSync((await download.path())!, 'utf8');
    const res = await fetch(`${service.url}/api/v1/imports/units/template`, { headers: { Authorization: `Bearer ${keys.operator}` } });
    expect(template).toBe(await res.text());
    const header = template.trim().split(',');
    const row = (sn: string, country: string) => header.map((c) => ({ serialNumber: sn, category: 'ultrasound', model: 'LOGIQ E10', massKg: '95.5', originCountry: country, siteCode: 'US-ROC', receivedAt: today(), returnChannel: 'lease_return' })[c] ?? '').join(',');
    await p.locator('input[type=file]').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from([header.join(','), row(serial('TPL'), 'DX')].join('\n') + '\n') });
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await p.locator('.refusal').waitFor();
    const text = (await p.locator('.refusal').textContent())!;
    expect(text).toContain('is not a known ISO 3166-1 alpha-2 country (got "DX")');
    expect(text).not.toContain('`errors`');
    expect(text).toContain('Fix these rows in the file and import the whole file again');
    // The template, filled in, imports.
    const sn = serial('TPL');
    await p.locator('input[type=file]').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from([header.join(','), row(sn, 'US')].join('\n') + '\n') });
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => p.locator('.import-answer .notice.ok .notice-title').textContent()).toBe('Stored: 1 unit from returns.csv');
    expect((await admin.get(`/units?serialNumber=${sn}`)).items).toHaveLength(1);
    await shot(p, 'issue25-import-390');
    expect(p.problems.filter((x) => !x.includes('400'))).toEqual([]);
  });

  it('10. when a label’s text is typed by hand or pasted into the units search, then its unit opens', async () => {
    const p = await page('viewer');
    await open(p, '#/units');
    await p.getByLabel('Serial number').click();
    await p.keyboard.type(`${openUnit.serialNumber}|${openUnit.id}`, { delay: 60 }); // a person, not a scanner
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: `Unit ${openUnit.serialNumber}` }).waitFor();
    await open(p, '#/units');
    await p.getByLabel('Serial number').fill(`${openUnit.serialNumber}|${openUnit.id}`); // pasted
    await p.getByRole('button', { name: 'Search' }).click();
    await p.getByRole('heading', { level: 1, name: `Unit ${openUnit.serialNumber}` }).waitFor();
    expect(p.url()).toContain(`#/units/${openUnit.id}`);
    expect(p.problems).toEqual([]);
  });

  it('11. when a sanitization is logged, then media read HDD and SSD, the standard is filled in and remembered, and the certificate names who recorded it in a table that fits the phone', async () => {
    const first = await newUnit();
    const second = await newUnit();
    const p = await page('operator');
    await open(p, `#/units/${first.id}`);
    await p.locator('.next-steps button[data-type=data_sanitized]').click();
    expect(await p.locator('[data-field="media"] label.choice').allTextContents()).toEqual(['HDD', 'SSD', 'Flash memory', 'Other']);
    expect(await p.getByLabel('Standard').inputValue()).toBe('NIST SP 800-88r1');
    await p.locator('label.choice', { hasText: /^Destroy$/ }).click();
    await p.getByLabel('Standard').fill('IEEE 2883-2022');
    await p.locator('[data-field="media"] label.choice', { hasText: /^SSD$/ }).click();
    await p.getByLabel('Media 1: serial').fill('S3Z9NB0K');
    await p.getByLabel('Verified by').fill('A. Tóth');
    await p.getByRole('button', { name: 'Log sanitization' }).click();
    await expect.poll(() => p.locator('.flash').textContent()).toContain('Logged: Data sanitized.');
    await open(p, `#/units/${second.id}`);
    await p.locator('.next-steps button[data-type=data_sanitized]').click();
    expect(await p.getByLabel('Standard').inputValue()).toBe('IEEE 2883-2022');

    await open(p, `#/units/${first.id}/certificate`);
    const cert = (await p.locator('.certificate').textContent())!;
    expect(cert).toContain('Recorded by E2E operator on');
    expect(cert).not.toMatch(/Recorded by key /);
    expect(await p.locator('.certificate td[data-label=Media]').textContent()).toBe('SSD S3Z9NB0K');
    const cut = await p.locator('.certificate td').evaluateAll((tds) => tds.filter((td) => td.getBoundingClientRect().right > window.innerWidth + 1).length);
    expect(cut).toBe(0);
    expect(await sidewaysOverflow(p)).toBeLessThanOrEqual(0);
    await shot(p, 'issue25-certificate-390');
    expect(p.problems).toEqual([]);
  });

  it('11. when an event was voided, then the timeline names the event it cancels, not its id', async () => {
    const u = await newUnit();
    const a = await logEvent(u.id, { type: 'assessed', grade: 'C', route: 'harvest', notes: 'first look' });
    await logEvent(u.id, { type: 'voided', eventId: a.id, reason: 'wrong unit' });
    const p = await page('viewer');
    await open(p, `#/units/${u.id}`);
    const voiding = p.locator('.timeline .event[data-type=voided] .event-body');
    expect(await voiding.textContent()).toBe(`Cancels the assessed of ${a.occurredAt}: wrong unit`);
    expect(await p.locator(`#${a.id} .event-void`).textContent()).toContain('Cancelled by the voided of');
    expect(p.problems).toEqual([]);
  });

  it('11. when the connection drops on the Units page, then the error offers to try again and no link back to the same page; back online, trying again lists the units', async () => {
    const p = await page('operator');
    await open(p, '#/overview');
    await p.context().setOffline(true);
    await goTo(p, 'Units');
    const why = p.locator('main [role=alert]');
    await why.waitFor();
    expect(await why.textContent()).toMatch(/the service cannot be reached/i);
    expect(await p.locator('main a[href="#/units"]').count()).toBe(0);
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await p.context().setOffline(false);
    await p.getByRole('button', { name: 'Try again' }).click();
    await p.locator('tbody tr').first().waitFor();
    expect(p.problems.filter((x) => !x.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});
