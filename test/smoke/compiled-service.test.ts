/**
 * What ships is what is tested: the compiled service (dist/) on a production install
 * (dev dependencies pruned: no TypeScript, no tsx), started with `npm start` as an
 * operator starts it, and the compiled operations commands run with `npm run` beside it.
 * Every route family of the served OpenAPI document gets at least one request; the last
 * test fails when a tag or path family of the document has none (so a new module cannot
 * be forgotten here).
 *
 * The tests of this file run in order and build on each other, like one session.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProductionInstall, type ProductionInstall } from '../helpers/production-install.js';
import { exitOf, run, startService, type ServiceProcess } from '../helpers/service-process.js';

const ADMIN = 'ctk_smoke_admin_bootstrap_key_0123456789';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let install: ProductionInstall;
let service: ServiceProcess;
let work: string;
let live: string;

type Operation = { method: string; template: string; pattern: RegExp; tag: string; family: string };
let operations: Operation[] = [];
/** Every request this file made, and its answer's status. */
const sent: { method: string; path: string; status: number }[] = [];

beforeAll(async () => {
  install = makeProductionInstall();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-smoke-'));
  live = path.join(work, 'data', 'circularity.db');
  service = await startService({ command: [npm, ['start']], cwd: install.dir, env: { DATABASE_PATH: live, BOOTSTRAP_ADMIN_KEY: ADMIN } });
});

afterAll(async () => {
  if (service && service.child.exitCode === null) await service.stop();
  install?.remove();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** One request to the compiled service, recorded for the coverage check. */
async function call(method: string, p: string, opts: { key?: string | null; json?: unknown; csv?: string } = {}) {
  const key = opts.key === undefined ? ADMIN : opts.key;
  const headers: Record<string, string> = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = opts.csv;
  }
  const res = await fetch(`${service.url}/api/v1${p}`, { method, headers, body });
  const text = await res.text();
  sent.push({ method, path: p.split('?')[0]!, status: res.status });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, json: /^application\/(problem\+)?json/.test(type) && text ? JSON.parse(text) : undefined };
}

/** Runs `npm run <script> -- args` in the production install, against the live database. */
const npmRun = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(npm, ['run', '--silent', script, '--', ...args], { cwd: install.dir, env: { DATABASE_PATH: live, ...env } });

const keys: Record<string, string> = {};
const ids: Record<string, string> = {};

describe('the compiled service on a production install', () => {
  it('when it is installed without dev dependencies, then TypeScript and tsx are absent, and `npm start` serves from dist/', async () => {
    for (const dev of ['typescript', 'tsx', 'vitest']) expect(fs.existsSync(path.join(install.dir, 'node_modules', dev)), dev).toBe(false);
    expect(fs.existsSync(path.join(install.dir, 'node_modules', 'piscina'))).toBe(true);
    const health = await call('GET', '/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    const doc = await call('GET', '/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    operations = Object.entries(doc.json.paths as Record<string, Record<string, { tags: string[] }>>).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        tag: op.tags[0]!,
        family: template.split('/')[1]!,
      })),
    );
    expect(operations.length).toBeGreaterThan(40);
    // The process behind npm is the service itself (npm start execs it): its log says where it listens.
    expect(service.out()).toContain('"msg":"listening"');
  });

  it('when the pages and their packaged assets are asked for, then the dashboard, the docs page, Swagger UI, uPlot, bwip-js and ZXing are served', async () => {
    for (const p of ['/', '/docs', '/docs/init.js', '/docs/assets/swagger-ui-bundle.js', '/vendor/uplot/uPlot.esm.js', '/vendor/zxing/zxing-browser.min.js']) {
      const res = await fetch(`${service.url}${p}`);
      expect(res.status, p).toBe(200);
      expect((await res.arrayBuffer()).byteLength, p).toBeGreaterThan(100);
    }
  });

  it('when an admin makes a key per role, then each works and GET /me names it', async () => {
    for (const role of ['operator', 'engineer', 'esg', 'viewer']) {
      const res = await call('POST', '/keys', { json: { name: `smoke ${role}`, role } });
      expect(res.status, role).toBe(201);
      keys[role] = res.json.key;
      ids[`key:${role}`] = res.json.id;
    }
    const me = await call('GET', '/me', { key: keys.viewer });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ name: 'smoke viewer', role: 'viewer' });
    expect((await call('GET', '/keys')).json.items.length).toBe(5);
    expect((await call('POST', '/sites', { json: { code: 'BR-RC', name: 'São Paulo refurbishment centre', country: 'BR' } })).status).toBe(201);
    expect((await call('GET', '/sites', { key: keys.viewer })).json.items.map((s: { code: string }) => s.code)).toContain('BR-RC');
  });

  it('when a CT is received, assessed, harvested, sanitized, recycled through a vendor and landfilled, then it closes exact to the gram', async () => {
    const op = keys.operator;
    const vendor = await call('POST', '/vendors', {
      key: op,
      json: { code: 'HMZ-HU', name: 'Hungaro-Metal Zrt.', country: 'HU', kinds: ['recycler'], certifications: [{ scheme: 'e-Stewards', certificateNo: 'ES-HU-0117', validFrom: '2023-07-01', validTo: '2028-06-30' }] },
    });
    expect(vendor.status).toBe(201);
    expect((await call('POST', '/vendors/HMZ-HU/certifications', { key: op, json: { scheme: 'R2v3', certificateNo: 'R2-HU-7', validFrom: '2024-01-01', validTo: '2027-12-31' } })).status).toBe(201);
    const unit = await call('POST', '/units', {
      key: op,
      json: { serialNumber: 'CT-7731', category: 'imaging', modality: 'CT', model: 'Revolution EVO', massKg: 2450.5, originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-03-01', returnChannel: 'trade_in' },
    });
    expect(unit.status).toBe(201);
    ids.unit = unit.json.id;
    const events = [
      { type: 'assessed', occurredAt: '2024-03-04', grade: 'C', route: 'harvest' },
      { type: 'part_harvested', occurredAt: '2024-03-06', partNumber: 'XRT-2210', massKg: 120.25, destination: 'service_stock' },
      { type: 'data_sanitized', occurredAt: '2024-03-07', method: 'purge', standard: 'NIST SP 800-88r1', media: [{ kind: 'hdd', serial: 'WD-7731A' }], verifiedBy: 'K. Nagy' },
      { type: 'recycled', occurredAt: '2024-03-20', massKg: 2200, material: 'ferrous', vendorCode: 'HMZ-HU' },
      { type: 'landfilled', occurredAt: '2024-03-21', massKg: 130.25, reason: 'composite panels' },
    ];
    for (const e of events) {
      const res = await call('POST', `/units/${ids.unit}/events`, { key: op, json: e });
      expect(res.status, e.type).toBe(201);
      if (e.type === 'recycled') ids.recycled = res.json.id;
    }
    const read = await call('GET', `/units/${ids.unit}`, { key: keys.viewer });
    expect(read.json.state).toBe('closed');
    expect(read.json.massBalance).toMatchObject({ intakeKg: 2450.5, harvestedKg: 120.25, recycledKg: 2200, landfilledKg: 130.25, remainingKg: 0 });
    expect((await call('GET', '/units?limit=10', { key: keys.viewer })).json.items).toHaveLength(1);
    expect((await call('GET', '/units/summary', { key: keys.viewer })).status).toBe(200);
    expect((await call('GET', `/units/${ids.unit}/sanitization`, { key: keys.viewer })).json.status).toBe('sanitized');
  });

  it('when the vendor’s load is shipped and receipted, then the vendor and the shipment read back', async () => {
    const op = keys.operator;
    expect((await call('GET', '/vendors', { key: op })).json.items).toHaveLength(1);
    expect((await call('GET', '/vendors/HMZ-HU', { key: op })).json.certificationStatus).toBe('valid');
    const waiting = await call('GET', '/vendors/HMZ-HU/unshipped-events', { key: op });
    expect(waiting.json.items.map((e: { eventId: string }) => e.eventId)).toEqual([ids.recycled]);
    const shipment = await call('POST', '/shipments', { key: op, json: { vendorCode: 'HMZ-HU', shippedAt: '2024-03-31', eventIds: [ids.recycled] } });
    expect(shipment.status).toBe(201);
    const receipt = await call('POST', `/shipments/${shipment.json.id}/receipt`, { key: op, json: { receivedAt: '2024-04-04', receivedKg: 2191.4, certificateRef: 'COR-2024-0311' } });
    expect(receipt.status).toBe(201);
    expect((await call('GET', `/shipments/${shipment.json.id}`, { key: op })).json).toMatchObject({ status: 'receipted', varianceKg: -8.6 });
    expect((await call('GET', '/shipments?status=receipted', { key: op })).json.items).toHaveLength(1);
  });

  it('when units and events are imported as CSV and the ledger exported, then the rows are stored and come back in the import formats', async () => {
    const units = 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nMR-5520,imaging,MR,SIGNA Artist,5230,FR,HU-EROC,2024-04-02,buy_back\nUS-20931,ultrasound,,LOGIQ E10,98,US,US-ROC,2024-05-14,lease_return\n';
    const events =
      'serialNumber,type,occurredAt,grade,route,method,standard,media,verifiedBy,massKg,material,recycler,reason\n' +
      'MR-5520,assessed,2024-04-03,D,recycle,,,,,,,,\n' +
      'MR-5520,data_sanitized,2024-04-04,,,destroy,NIST SP 800-88r1,hdd:WD-5520A;hdd:WD-5520B,K. Nagy,,,,\n' +
      'MR-5520,recycled,2024-04-10,,,,,,,5100,copper,Cu Recovery GmbH,\n' +
      'MR-5520,landfilled,2024-04-11,,,,,,,130,,,insulation\n';
    const u = await call('POST', '/imports/units', { key: keys.operator, csv: units });
    expect(u.status).toBe(201);
    expect(u.json.created).toBe(2);
    const e = await call('POST', '/imports/events', { key: keys.operator, csv: events });
    expect(e.status).toBe(201);
    expect(e.json.created).toBe(4);
    const unitsCsv = await call('GET', '/units?format=csv', { key: keys.viewer });
    expect(unitsCsv.type).toMatch(/^text\/csv/);
    expect(unitsCsv.text.trim().split('\n')).toHaveLength(4); // header and three units
    const eventsCsv = await call('GET', '/events?format=csv', { key: keys.viewer });
    expect(eventsCsv.type).toMatch(/^text\/csv/);
    expect(eventsCsv.text.split('\n')[0]).toMatch(/^id,serialNumber,.*type,occurredAt/);
    expect(eventsCsv.text).toContain(',MR-5520,SIGNA Artist,landfilled,2024-04-11,');
  });

  it('when a 200,000-iteration estimate and a default sensitivity run, then the compiled worker answers them (the run that crashed npm start)', async () => {
    const big = await call('POST', '/estimates/magnet-upgrade', { key: keys.engineer, json: { fieldStrengthT: 1.5, iterations: 200_000, seed: 42 } });
    expect(big.status, big.text).toBe(200);
    expect(big.json.monteCarlo).toMatchObject({ iterations: 200_000, seed: 42 });
    expect(big.json.monteCarlo.p5).toBeLessThan(big.json.monteCarlo.p95);
    const sensitivity = await call('POST', '/estimates/magnet-upgrade/sensitivity', { key: keys.esg, json: { fieldStrengthT: 1.5, seed: 42 } });
    expect(sensitivity.status, sensitivity.text).toBe(200);
    expect(sensitivity.json.monteCarlo.iterations).toBe(10_000);
    expect(sensitivity.json.tornado.length).toBeGreaterThan(3);
    // The same run twice gives the same figures (seeded, wherever it ran).
    const again = await call('POST', '/estimates/magnet-upgrade/sensitivity', { key: keys.esg, json: { fieldStrengthT: 1.5, seed: 42 } });
    expect(again.json.contributionToVariance).toEqual(sensitivity.json.contributionToVariance);
    expect((await call('GET', '/health', { key: null })).json.status).toBe('ok');
  });

  it('when a magnet upgrade is recorded and recalculated, then it keeps its figures and factor set', async () => {
    const sets = await call('GET', '/factor-sets', { key: keys.engineer });
    expect(sets.json.items.length).toBeGreaterThan(0);
    const set = sets.json.items[0];
    expect((await call('GET', `/factor-sets/${set.id}`, { key: keys.engineer })).json.id).toBe(set.id);
    const up = await call('POST', '/magnet-upgrades', { key: keys.engineer, json: { magnetSerial: 'MAG-0042', siteCountry: 'DE', fieldStrengthT: 1.5, completedAt: '2024-05-02' } });
    expect(up.status, up.text).toBe(201);
    expect((await call('GET', `/magnet-upgrades/${up.json.id}`, { key: keys.viewer })).json.magnetSerial).toBe('MAG-0042');
    expect((await call('GET', '/magnet-upgrades', { key: keys.viewer })).json.items).toHaveLength(1);
    const recalc = await call('POST', '/magnet-upgrades/recalculate', { key: keys.engineer, json: { factorSetId: set.id, year: 2024, apply: false } });
    expect(recalc.status, recalc.text).toBe(200);
  });

  it('when 2024 is reported, bounded, published and unlocked again, then every report answers and the audit chain verifies', async () => {
    expect((await call('GET', '/kpis?from=2024-01-01&to=2024-12-31&groupBy=region')).json.totals.unitsReceived).toBe(3);
    expect((await call('GET', '/kpis?from=2024-01-01&to=2024-12-31&groupBy=quarter&format=csv')).type).toMatch(/^text\/csv/);
    for (const p of ['/reports/sasb/hc-ms-410a-2?year=2024', '/reports/indicators?year=2024', '/reports/downstream?year=2024', '/reports/sanitization?from=2024-01-01&to=2024-12-31']) {
      expect((await call('GET', p)).status, p).toBe(200);
    }
    const boundary = await call('POST', '/periods/2023/boundary', { json: { rules: [{ category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN'] }, { category: 'magnet', regions: null }], note: 'smoke' } });
    expect(boundary.status, boundary.text).toBe(200);
    expect(boundary.json.statement).toBe('Imaging from USCAN, EMEA and Japan; magnets worldwide');
    expect((await call('POST', '/periods/2024/lock', { json: { note: 'smoke' } })).json).toMatchObject({ version: 1 });
    expect((await call('GET', '/periods/2024')).json.versions).toHaveLength(1);
    expect((await call('GET', '/periods')).status).toBe(200);
    expect((await call('GET', '/audit?limit=5')).json.items.length).toBe(5);
    expect((await call('GET', '/audit/verify')).json).toMatchObject({ ok: true });
  });

  it('when the 2024 evidence bundle is downloaded, then the compiled `npm run verify-evidence` verifies it, and refuses it changed', async () => {
    const bundle = await call('GET', '/periods/2024/evidence');
    expect(bundle.status).toBe(200);
    const file = path.join(work, 'evidence-2024.ndjson');
    fs.writeFileSync(file, bundle.text);
    const ok = await npmRun('verify-evidence', [file]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`VERIFIED: ${file}`);
    const changed = path.join(work, 'changed.ndjson');
    fs.writeFileSync(changed, bundle.text.replace('"massG":130250', '"massG":130251'));
    const no = await npmRun('verify-evidence', [changed]);
    expect(no.code).toBe(1);
    expect(no.out).toContain('NOT VERIFIED');
    expect((await call('POST', '/periods/2024/unlock', { json: { reason: 'smoke: reopen' } })).status).toBe(200);
  });

  it('when `npm run backup` copies the live database, then the copy is whole; `npm run import` loads a CSV into it', async () => {
    const copy = path.join(work, 'backup.db');
    const b = await npmRun('backup', [copy]);
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/^Backed up .*: .* 3 units, .* integrity ok/);
    const csv = path.join(work, 'more-units.csv');
    fs.writeFileSync(csv, 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nXR-1,imaging,XR,Definium,700,DE,HU-EROC,2024-06-01,buy_back\n');
    const i = await npmRun('import', ['units', csv], { DATABASE_PATH: copy });
    expect(i.code, i.out + i.err).toBe(0);
    const db = new Database(copy, { readonly: true });
    try {
      expect(db.prepare('SELECT serial_number FROM units ORDER BY seq').pluck().all()).toEqual(['CT-7731', 'MR-5520', 'US-20931', 'XR-1']);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('when `npm run admin-key --force` mints a key in the live database, then the running service accepts it at once; a revoked key is refused', async () => {
    const r = await npmRun('admin-key', ['--name', 'Recovered admin', '--force']);
    expect(r.code, r.err).toBe(0);
    const key = /(ctk_[A-Za-z0-9_]+)/.exec(r.out)?.[1];
    expect(key).toBeDefined();
    expect((await call('GET', '/keys', { key })).status).toBe(200);
    expect((await call('DELETE', `/keys/${ids['key:viewer']}`)).status).toBe(200);
    expect((await call('GET', '/me', { key: keys.viewer })).status).toBe(401);
  });

  it('when every request of this file is compared with the served document, then each tag and each path family was answered 2xx at least once', () => {
    const answered = operations.filter((op) => sent.some((s) => s.method === op.method && op.pattern.test(s.path) && s.status < 300));
    const uncovered = (by: 'tag' | 'family') => [...new Set(operations.map((o) => o[by]))].filter((x) => !answered.some((o) => o[by] === x));
    expect(uncovered('tag'), 'tags with no smoke request').toEqual([]);
    expect(uncovered('family'), 'path families with no smoke request').toEqual([]);
    // Not required, but worth seeing: which operations no request reached.
    const missed = operations.filter((o) => !answered.includes(o)).map((o) => `${o.method} ${o.template}`);
    expect(missed.length).toBeLessThan(operations.length / 4);
  });

  it('when the service gets SIGTERM, then it stops cleanly (exit 0) with its database checkpointed', async () => {
    const exited = exitOf(service.child);
    service.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(`${live}-wal`) ? fs.statSync(`${live}-wal`).size : 0).toBe(0);
  });
});
