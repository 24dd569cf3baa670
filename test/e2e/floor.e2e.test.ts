import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, pinnedContext, scanWedge, shot, signIn, watchedPage, type Watched } from './helpers/browser.js';
import { goTo } from './helpers/floor.js';
import { pngToLuma, writeFakeCamera } from './helpers/fake-camera.js';
import { client, startService, tempDir, type Service } from './helpers/service.js';

/**
 * The refurbishment floor on a phone (390 px), driven through the UI alone and checked
 * against the API: one unit's whole life as an operator, then a CSV import, then what a
 * viewer sees.
 */
let service: Service;
let browser: Browser;
let admin: ReturnType<typeof client>;
let operatorKey: string;
let viewerKey: string;
const pages: Watched[] = [];

const PHONE = 390;
const SERIAL = `CT-${Date.now().toString(36).toUpperCase()}`;
const today = () => new Date().toISOString().slice(0, 10);

type Ev = { id: string; type: string; voided: boolean; occurredAt: string; massKg?: number; route?: string; eventId?: string };
type Unit = { id: string; state: string; massKg: number; massBalance: Record<string, number>; events: Ev[]; allowedNext: string[]; voidableEventIds: string[] };

async function phone() {
  const p = await watchedPage(browser, PHONE, 844);
  pages.push(p);
  return p;
}
const noSideScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const unitOf = async (id: string): Promise<Unit> => admin.get(`/units/${id}`);
const effective = (u: Unit, type: string) => u.events.filter((e) => e.type === type && !e.voided);

/** Opens an action of the unit page's "Next step" and waits for its form. */
async function openAction(p: Page, name: string, type: string) {
  await p.getByRole('button', { name, exact: true }).click();
  await p.locator(`form.event-form[data-type=${type}]`).waitFor();
}
async function logged(p: Page, text: string) {
  await expect.poll(() => p.locator('.flash').textContent()).toContain(text);
}

beforeAll(async () => {
  service = await startService({ databasePath: path.join(tempDir('circularity-e2e-floor-'), 'floor.db') });
  admin = client(service.url, service.key);
  operatorKey = (await admin.post('/keys', { name: 'Floor tablet 3', role: 'operator' })).key;
  viewerKey = (await admin.post('/keys', { name: 'Auditor', role: 'viewer' })).key;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) fs.rmSync(service.dir, { recursive: true, force: true });
});

describe('the floor screens at 390 px, as an operator', () => {
  let unitId = '';

  it('1. when a serial arrives as a scanner burst ending in Enter, then it fills the field without sending the form; the unit is received with every field, checked as the API checks', async () => {
    const p = await phone();
    await signIn(p, service.url, operatorKey);
    await expect.poll(() => p.locator('#who').textContent()).toBe('Floor tablet 3 · operator');
    await goTo(p, 'Receive');
    await p.getByRole('heading', { level: 1, name: 'Receive a unit' }).waitFor();
    const serial = p.getByLabel('Serial number');
    await expect.poll(() => p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('serialNumber');
    // A keyboard-wedge scanner: a burst of keystrokes a few ms apart, then Enter.
    await scanWedge(p, SERIAL);
    await expect.poll(() => p.locator('.scan-note').textContent()).toBe(`Scanned: ${SERIAL}`);
    expect(await serial.inputValue()).toBe(SERIAL);
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('category'); // moved on
    expect((await admin.get('/units')).items).toEqual([]); // Enter did not send the half-filled form

    await p.locator('label.choice', { hasText: 'Imaging' }).click();
    await p.locator('label.choice', { hasText: /^CT$/ }).click();
    await p.getByLabel('Model', { exact: true }).fill('Revolution EVO');
    // The API's rule, in the browser: at most three decimals of a kilogram (whole grams).
    await p.getByLabel('Intake mass (kg)').fill('2450.5004');
    await p.getByLabel('Origin country').fill('de');
    await p.getByLabel('Site', { exact: true }).selectOption('HU-EROC');
    await p.locator('label.choice', { hasText: 'Trade in' }).click();
    await p.getByRole('button', { name: 'Receive unit' }).click();
    await expect.poll(() => p.locator('[data-field=massKg] .field-error').textContent()).toContain('at most three decimals');
    expect((await admin.get('/units')).items).toEqual([]);
    await shot(p, 'floor-01-receive-checked-390');

    await p.getByLabel('Intake mass (kg)').fill('2450.5');
    expect(await p.locator('[data-field=massKg] .echo').textContent()).toBe('= 2,450.5 kg');
    expect(await p.locator('[data-field=originCountry] .echo').textContent()).toBe('Germany');
    expect(await noSideScroll(p)).toBeLessThanOrEqual(0);
    await p.getByRole('button', { name: 'Receive unit' }).click();
    const done = p.locator('.notice.received');
    await done.waitFor();
    unitId = (await done.getAttribute('data-unit-id'))!;
    const u = await unitOf(unitId);
    expect(u).toMatchObject({
      serialNumber: SERIAL,
      category: 'imaging',
      modality: 'CT',
      model: 'Revolution EVO',
      massKg: 2450.5,
      massSource: 'measured',
      originCountry: 'DE',
      siteCode: 'HU-EROC',
      receivedAt: today(),
      returnChannel: 'trade_in',
      state: 'received',
    });
    // The device remembers the site, and only the site: the key stays in this tab's sessionStorage.
    expect(await p.evaluate(() => ({ ...localStorage }))).toEqual({ 'circularity.lastSite': 'HU-EROC' });
    await shot(p, 'floor-02-received-390');

    // The next intake starts at the same site.
    await p.getByRole('link', { name: 'Receive another' }).click();
    await expect.poll(() => p.getByLabel('Site', { exact: true }).inputValue()).toBe('HU-EROC');
    expect(p.problems).toEqual([]);
  });

  it('2–7. when the operator assesses, harvests, sanitizes, recycles and landfills through the next steps, then the unit closes exact to the gram; a double click and a retry after a lost answer each store one event; a void reopens it and the re-logged event closes it again', async () => {
    const p = await phone();
    await signIn(p, service.url, operatorKey);
    await p.goto(`${service.url}/#/units/${unitId}`);
    await p.getByRole('heading', { level: 1, name: `Unit ${SERIAL}` }).waitFor();
    // Exactly what the API offers next.
    expect(await p.locator('.next-steps button[data-type]').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.type))).toEqual((await unitOf(unitId)).allowedNext);

    // 2. Assess for harvest.
    await openAction(p, 'Assess', 'assessed');
    expect(await p.locator('.left-to-process').textContent()).toContain('2,450.5 kg left to process');
    await p.locator('label.choice', { hasText: /^C$/ }).click();
    await p.locator('label.choice', { hasText: 'Harvest' }).click();
    await shot(p, 'floor-03-assess-form-390');
    await p.getByRole('button', { name: 'Log assessment' }).click();
    await logged(p, 'Logged: Assessed.');
    expect(effective(await unitOf(unitId), 'assessed')).toMatchObject([{ route: 'harvest', grade: 'C' }]);

    // 3. Harvest a part, with a double click on the button.
    await openAction(p, 'Harvest a part', 'part_harvested');
    await p.getByLabel('Part number').fill('XR-TUBE-1');
    await p.getByLabel('Mass (kg)', { exact: true }).fill('120.25');
    await p.locator('label.choice', { hasText: 'Service stock' }).click();
    const posts: string[] = [];
    p.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/events')) posts.push(r.headers()['idempotency-key'] ?? '');
    });
    await p.getByRole('button', { name: 'Log part' }).dblclick();
    await logged(p, 'Logged: Part harvested, 120.25 kg.');
    expect(effective(await unitOf(unitId), 'part_harvested')).toHaveLength(1);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts).size).toBe(1); // whatever reached the network carried one key
    await shot(p, 'floor-04-harvested-390');

    // Before anything leaves: a CT may hold patient images, so its disk is wiped and recorded
    // (the recycling is not offered until then: the API's allowedNext says so).
    expect((await unitOf(unitId)).allowedNext).not.toContain('recycled');
    await openAction(p, 'Data sanitized', 'data_sanitized');
    await p.locator('label.choice', { hasText: /^Purge$/ }).click();
    // The standard most floors follow is filled in until this device remembers another.
    expect(await p.getByLabel('Standard').inputValue()).toBe('NIST SP 800-88r1');
    await p.locator('[data-field="media"] label.choice', { hasText: /^HDD$/ }).click();
    await p.getByLabel('Media 1: serial').fill('WD-7731A');
    await p.getByLabel('Verified by').fill('K. Nagy');
    await p.getByRole('button', { name: 'Log sanitization' }).click();
    await logged(p, 'Logged: Data sanitized.');
    expect(effective(await unitOf(unitId), 'data_sanitized')).toMatchObject([{ method: 'purge', media: [{ kind: 'hdd', serial: 'WD-7731A' }], verifiedBy: 'K. Nagy' }]);

    // 4. Recycle; the first answer is lost on the way back (the service stored it), the retry stores nothing new.
    await openAction(p, 'Recycle', 'recycled');
    await p.getByLabel('Mass (kg)', { exact: true }).fill('2000');
    await p.getByLabel('Material').selectOption('ferrous');
    await p.getByLabel('Recycler').fill('Metals Kft');
    let cut = 0;
    await p.route('**/api/v1/units/*/events', async (route) => {
      if (cut++ > 0) return route.continue();
      await route.fetch(); // reaches the service, which stores the event…
      await route.abort('connectionreset'); // …but the answer never reaches the page
    });
    await p.getByRole('button', { name: 'Log recycling' }).click();
    await expect.poll(() => p.locator('.form-status').textContent()).toContain('No answer from the service');
    expect(effective(await unitOf(unitId), 'recycled')).toHaveLength(1); // it was stored
    await shot(p, 'floor-05-network-lost-390');
    await p.unroute('**/api/v1/units/*/events');
    await p.getByRole('button', { name: 'Log recycling' }).click(); // the retry, same key
    await logged(p, 'Logged: Recycled, 2,000 kg.');
    expect(effective(await unitOf(unitId), 'recycled')).toHaveLength(1);
    p.problems.splice(0, p.problems.length, ...p.problems.filter((x) => !x.includes('ERR_CONNECTION_RESET')));

    // 5. Landfill what is left.
    await openAction(p, 'Landfill', 'landfilled');
    await p.getByRole('button', { name: 'All that is left (330.25 kg)' }).click();
    expect(await p.getByLabel('Mass (kg)', { exact: true }).inputValue()).toBe('330.25');
    await p.getByLabel('Reason', { exact: true }).fill('composite panels');
    await p.getByRole('button', { name: 'Log landfill' }).click();
    await logged(p, 'Logged: Landfilled, 330.25 kg.');

    // 6. Closed, the balance exact to the gram.
    let u = await unitOf(unitId);
    expect(u.state).toBe('closed');
    expect(u.massBalance).toEqual({ intakeKg: 2450.5, refurbishedKg: 0, harvestedKg: 120.25, recycledKg: 2000, reusedKg: 2120.25, landfilledKg: 330.25, energyRecoveredKg: 0, incineratedKg: 0, otherDisposalKg: 0, remainingKg: 0 });
    expect(await p.locator('.unit-status .badge').textContent()).toBe('Closed');
    for (const [part, kg] of Object.entries({ harvestedKg: 120.25, recycledKg: 2000, landfilledKg: 330.25, remainingKg: 0 })) {
      expect(Number(await p.locator(`.balance-legend [data-part=${part}]`).getAttribute('data-value')), part).toBe(kg);
    }
    expect(await p.locator('.next-steps button[data-type]').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.type))).toEqual(['voided']);
    await shot(p, 'floor-06-closed-390');

    // 7. Void the landfill and log it again.
    const landfill = effective(u, 'landfilled')[0]!;
    await openAction(p, 'Void an event', 'voided');
    const options = await p.getByLabel('Event to void').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(options).toEqual(u.voidableEventIds);
    await p.getByLabel('Event to void').selectOption(landfill.id);
    await p.getByLabel('Reason', { exact: true }).fill('weighed on the wrong scale');
    await shot(p, 'floor-07-void-form-390');
    await p.getByRole('button', { name: 'Void it' }).click();
    await logged(p, `(${landfill.occurredAt} · Landfilled · 330.25 kg no longer counts)`);
    u = await unitOf(unitId);
    expect(u.state).toBe('dismantling');
    expect(u.massBalance.remainingKg).toBe(330.25);
    expect(await p.locator(`#${landfill.id}.voided .voided-badge`).textContent()).toBe('Voided');

    await openAction(p, 'Landfill', 'landfilled');
    await p.getByRole('button', { name: 'All that is left (330.25 kg)' }).click();
    await p.getByLabel('Reason', { exact: true }).fill('composite panels, weighed again');
    await p.getByRole('button', { name: 'Log landfill' }).click();
    await logged(p, 'Logged: Landfilled, 330.25 kg.');
    u = await unitOf(unitId);
    expect(u.state).toBe('closed');
    expect(u.massBalance.remainingKg).toBe(0);
    expect(u.events.map((e) => [e.type, e.voided])).toEqual([
      ['assessed', false],
      ['part_harvested', false],
      ['data_sanitized', false],
      ['recycled', false],
      ['landfilled', true],
      ['voided', false],
      ['landfilled', false],
    ]);
    expect(await p.locator('.timeline .event').count()).toBe(7);
    // The timeline names who logged each event by its key's name.
    expect(await p.locator('.timeline .event-meta').first().textContent()).toContain('by Floor tablet 3');
    expect(await noSideScroll(p)).toBeLessThanOrEqual(0);
    await shot(p, 'floor-08-relogged-390');
    expect(p.problems).toEqual([]);
  });

  it('8. when the label page is printed, then a 4 × 2 inch page holds the QR and Code 128 images; scanning the label in the units search opens the unit', async () => {
    const p = await phone();
    await signIn(p, service.url, operatorKey);
    await p.goto(`${service.url}/#/units/${unitId}`);
    await p.getByRole('link', { name: 'Print label' }).click();
    await p.locator('.label svg.qr').waitFor();
    const codes = await p.locator('.label svg.code').evaluateAll((svgs) =>
      svgs.map((s) => ({ cls: s.getAttribute('class'), text: (s as SVGElement).dataset.text, marks: s.querySelectorAll('path, rect, polygon').length, box: s.getBoundingClientRect().width })),
    );
    expect(codes.map((c) => c.text)).toEqual([`${SERIAL}|${unitId}`, SERIAL, unitId]);
    for (const c of codes) {
      expect(c.marks, c.cls!).toBeGreaterThan(0);
      expect(c.box, c.cls!).toBeGreaterThan(20);
    }
    // The images hold what they say: ZXing (the dashboard's own camera decoder) reads them back.
    const decoded = await p.evaluate(async () => {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/vendor/zxing/zxing-browser.min.js';
        s.addEventListener('load', resolve);
        s.addEventListener('error', reject);
        document.head.append(s);
      });
      const ZX = (window as unknown as { ZXingBrowser: Record<string, new () => { decodeFromImageElement(i: HTMLImageElement): Promise<{ getText(): string }> }> }).ZXingBrowser;
      const read = async (selector: string, w: number, hgt: number, Reader: string) => {
        const svg = document.querySelector(selector)!.cloneNode(true) as SVGElement;
        svg.setAttribute('width', String(w));
        svg.setAttribute('height', String(hgt));
        const img = new Image(w, hgt);
        img.src = `data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(svg))}`;
        await img.decode();
        return (await new ZX[Reader]!().decodeFromImageElement(img)).getText();
      };
      return {
        qr: await read('.label svg.qr', 300, 300, 'BrowserQRCodeReader'),
        serial: await read('.label svg.serial', 900, 120, 'BrowserMultiFormatOneDReader'),
        id: await read('.label svg.unit-id', 900, 120, 'BrowserMultiFormatOneDReader'),
      };
    });
    expect(decoded).toEqual({ qr: `${SERIAL}|${unitId}`, serial: SERIAL, id: unitId });
    const qrPicture = await p.locator('.label-qr').screenshot();
    expect(await p.locator('.label').textContent()).toContain('Revolution EVO');
    expect(await p.locator('.label').textContent()).toContain('HU-EROC · 2,450.5 kg');
    await shot(p, 'floor-09-label-390');
    await p.emulateMedia({ media: 'print' });
    await shot(p, 'floor-10-label-print');
    const pdf = (await p.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf).toMatch(/\/MediaBox \[0 0 288 144\]/); // 4 × 2 inches in points
    expect((pdf.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
    await p.emulateMedia({ media: 'screen' });

    // A 2D scanner reads the QR code into the units search: the unit opens.
    await p.goto(`${service.url}/#/units`);
    await p.getByLabel('Serial number').focus();
    await scanWedge(p, `${SERIAL}|${unitId}`);
    await p.getByRole('heading', { level: 1, name: `Unit ${SERIAL}` }).waitFor();
    expect(p.url()).toContain(`#/units/${unitId}`);
    // And a 1D scanner reading the serial's Code 128.
    await p.goto(`${service.url}/#/units`);
    await p.getByLabel('Serial number').focus();
    await scanWedge(p, SERIAL);
    await p.getByRole('heading', { level: 1, name: `Unit ${SERIAL}` }).waitFor();
    expect(p.problems).toEqual([]);

    // A phone's camera pointed at the label's QR code (Chromium's fake camera plays a video of it).
    const video = path.join(service.dir, 'label-qr.y4m');
    writeFakeCamera(video, pngToLuma(qrPicture));
    const camBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 0,
      args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const ctx = await pinnedContext(camBrowser, { viewport: { width: PHONE, height: 844 } });
      await ctx.grantPermissions(['camera'], { origin: service.url });
      const cam = await ctx.newPage();
      const camProblems: string[] = [];
      cam.on('pageerror', (e) => camProblems.push(e.message));
      await signIn(cam, service.url, operatorKey);
      await cam.goto(`${service.url}/#/units`);
      const decoder = await cam.evaluate(() => ('BarcodeDetector' in window ? 'BarcodeDetector' : 'ZXing'));
      await cam.getByRole('button', { name: 'Scan a label' }).click();
      await cam.locator('dialog.scanner video').waitFor();
      await shot(cam, `floor-10b-camera-${decoder}-390`);
      await cam.getByRole('heading', { level: 1, name: `Unit ${SERIAL}` }).waitFor();
      expect(cam.url()).toContain(`#/units/${unitId}`);
      expect(await cam.locator('dialog.scanner').count()).toBe(0); // closed, camera released
      expect(camProblems).toEqual([]);
    } finally {
      await camBrowser.close();
    }
  });

  it('9. when a units CSV with two bad rows is imported, then both are listed (sortable, downloadable) and nothing is stored; fixed, it stores every row', async () => {
    const p = await phone();
    await signIn(p, service.url, operatorKey);
    await goTo(p, 'Import');
    await p.getByRole('heading', { level: 1, name: 'Import CSV' }).waitFor();
    const header = 'serialNumber,category,modality,model,massKg,massSource,originCountry,siteCode,receivedAt,returnChannel';
    const row = (sn: string, over: Partial<Record<'massKg' | 'originCountry', string>> = {}) =>
      `${sn},ultrasound,,LOGIQ E10,${over.massKg ?? '95.5'},measured,${over.originCountry ?? 'US'},US-ROC,2025-02-03,lease_return`;
    const bad = [header, row('US-A1'), row('US-A2', { massKg: '95.5005' }), row('US-A3'), row('US-A4', { originCountry: 'XX' })].join('\n') + '\n';
    const before = (await admin.get('/units?limit=500')).items.length;
    await p.locator('label.choice', { hasText: 'Units' }).click();
    await p.locator('input[type=file]').setInputFiles({ name: 'returns-march.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    expect(await p.locator('.file-info').textContent()).toContain('returns-march.csv');
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await p.locator('.refusal').waitFor();
    expect(await p.locator('.refusal .notice-title').textContent()).toBe('Nothing was stored: 2 problems in 2 rows');
    const cells = () => p.locator('table.problems tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(await cells()).toEqual([
      ['3', 'massKg'],
      ['5', 'originCountry'],
    ]);
    expect((await admin.get('/units?limit=500')).items.length).toBe(before);
    await p.getByRole('button', { name: /^Column/ }).click();
    await p.getByRole('button', { name: /^Column/ }).click(); // descending
    expect(await cells()).toEqual([
      ['5', 'originCountry'],
      ['3', 'massKg'],
    ]);
    expect(await p.locator('th[aria-sort=descending]').textContent()).toContain('Column');
    await shot(p, 'floor-11-import-refused-390');
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download problems (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('returns-march-problems.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('row,column,message');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['3,massKg', '5,originCountry']);

    // Fixed: every row is stored.
    const fixed = [header, row('US-A1'), row('US-A2', { massKg: '95.5' }), row('US-A3'), row('US-A4', { originCountry: 'CA' })].join('\n') + '\n';
    await p.locator('input[type=file]').setInputFiles({ name: 'returns-march.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => p.locator('.import-answer .notice.ok .notice-title').textContent()).toBe('Stored: 4 units from returns-march.csv');
    const after = (await admin.get('/units?limit=500')).items as { serialNumber: string; massKg: number }[];
    expect(after.length).toBe(before + 4);
    expect(after.find((x) => x.serialNumber === 'US-A2')?.massKg).toBe(95.5);
    expect(await p.locator('.import-answer .id-list a').count()).toBe(4);
    expect(await noSideScroll(p)).toBeLessThanOrEqual(0);
    await shot(p, 'floor-12-import-stored-390');
    // Every control of the floor screens has a label a screen reader can read.
    for (const hash of ['#/receive', '#/import', `#/units/${(after[0] as unknown as { id: string }).id}`, '#/units']) {
      await p.goto(`${service.url}/${hash}`);
      await p.waitForLoadState('networkidle');
      await p.locator('main h1').waitFor();
      const unlabelled = await p.evaluate(() =>
        [...document.querySelectorAll('main input, main select, main textarea, main button')]
          .filter((el) => !(el as HTMLElement).closest('[hidden]'))
          .filter((el) => {
            const e = el as HTMLInputElement;
            if (e.tagName === 'BUTTON') return !(e.textContent?.trim() || e.getAttribute('aria-label'));
            return !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'));
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(unlabelled, hash).toEqual([]);
    }
    // The refusal's 400 is expected; nothing else may fail.
    expect(p.problems.filter((x) => !x.includes('HTTP 400') && !x.includes('status of 400'))).toEqual([]);
  });
});

describe('the floor screens as a viewer', () => {
  it('when a viewer opens the floor screens, then no logging button, link or form is offered, and the intake page says why', async () => {
    const units = (await admin.get('/units?limit=5')).items as { id: string }[];
    const p = await phone();
    await signIn(p, service.url, viewerKey);
    await expect.poll(() => p.locator('#who').textContent()).toBe('Auditor · viewer');
    expect(await p.getByRole('link', { name: 'Receive' }).count()).toBe(0);
    expect(await p.getByRole('link', { name: 'Import' }).count()).toBe(0);
    await p.goto(`${service.url}/#/units/${units[0]!.id}`);
    await p.locator('.balance-bar').waitFor();
    expect(await p.locator('.next-steps').count()).toBe(0);
    const buttons = await p.locator('main button').allTextContents();
    for (const t of ['Assess', 'Recycle', 'Landfill', 'Void an event', 'Harvest a part']) expect(buttons).not.toContain(t);
    expect(await p.getByRole('link', { name: 'Print label' }).count()).toBe(1); // reading and printing are for everyone
    await shot(p, 'floor-13-viewer-unit-390');
    await p.goto(`${service.url}/#/units`);
    await p.locator('tbody tr').first().waitFor();
    expect(await p.getByRole('link', { name: '+ Receive a unit' }).count()).toBe(0);
    await p.goto(`${service.url}/#/receive`);
    await expect.poll(() => p.locator('main').textContent()).toContain('may not do this');
    expect(await p.locator('main form').count()).toBe(0);
    await p.goto(`${service.url}/#/import`);
    await expect.poll(() => p.locator('main').textContent()).toContain('may not do this');
    expect(await p.locator('main input[type=file]').count()).toBe(0);
    expect(p.problems).toEqual([]);
  });
});
