/**
 * A ledger written before v1.2 (the migrations up to 0013, rows as the v1.1 writer wrote
 * them: no weee_category, outgoing events without treatment or hazard fields, chained
 * with v1.1's entries), migrated to today's schema and then extended by the v1.2 service:
 * the old entries keep their hashes and still verify, read with the new fields' defaults,
 * beside new entries that hash the new fields.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, type Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { EMPTY_HEAD, eventEntry, link, unitEntry, type LedgerHead } from '../../src/domain/ledger-chain.js';
import { replay, type LedgerEvent } from '../../src/domain/lifecycle.js';
import { verifyEvidenceLines } from '../../src/verifier/verify-evidence.js';
import { addEvents, createUnit } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The last migration before v1.2's outflow fields: the one before units_weee_category. */
const LAST_V11 = (() => {
  const { entries } = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const first = entries.find((e) => e.tag.endsWith('_units_weee_category'));
  if (!first) throw new Error('no units_weee_category migration in the journal');
  return first.idx - 1;
})();

/** A copy of drizzle/ with only the migrations up to LAST_V11: what a v1.1 service migrated to. */
function v11Migrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v11-migrations-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= LAST_V11);
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Writes one unit and its events as the v1.1 ledger writer did (its columns, its entries, its roll-up). */
function writeV11Unit(sqlite: Database.Database, head: LedgerHead, u: { id: string; serial: string; intakeG: number; receivedAt: string }, events: (Omit<LedgerEvent, 'voidsEventId'> & { data: Record<string, unknown> })[]) {
  const unit = {
    id: u.id, serialNumber: u.serial, category: 'magnet', modality: null, model: '1.5T magnet', intakeG: u.intakeG, massSource: 'measured',
    originCountry: 'DE', region: 'EMEA', siteCode: 'HU-EROC', receivedAt: u.receivedAt, returnChannel: 'trade_in',
    createdAt: `${u.receivedAt}T09:00:00.000Z`, createdBy: 'key_v11', dataBearing: false,
  };
  let chained = link(head, (seq) => unitEntry(seq, unit)).link;
  const r = replay({ intakeG: u.intakeG, originCountry: 'DE', receivedAt: u.receivedAt }, events.map((e) => ({ ...e, voidsEventId: null })));
  if (!r.ok) throw new Error(r.error.detail);
  const b = r.projection.balance;
  sqlite
    .prepare(
      `INSERT INTO units (id, serial_number, serial_key, category, modality, model, intake_g, mass_source, origin_country, region, site_code, received_at,
        return_channel, created_at, created_by, state, route, refurbished_g, harvested_g, recycled_g, landfilled_g, energy_recovered_g, closed_at,
        last_event_at, ledger_seq, prev_hash, hash, data_bearing)
       VALUES (?, ?, ?, 'magnet', NULL, '1.5T magnet', ?, 'measured', 'DE', 'EMEA', 'HU-EROC', ?, 'trade_in', ?, 'key_v11', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    )
    .run(u.id, u.serial, u.serial.toLowerCase(), u.intakeG, u.receivedAt, unit.createdAt, r.projection.state, r.projection.route,
      b.refurbishedG, b.harvestedG, b.recycledG, b.landfilledG, b.energyRecoveredG, r.projection.closedAt, r.projection.lastEventAt,
      chained.seq, chained.prevHash, chained.hash);
  for (const e of events) {
    const rec = { id: e.id, unitId: u.id, type: e.type, occurredAt: e.occurredAt, massG: e.massG, voidsEventId: null, data: e.data, recordedAt: `${e.occurredAt}T10:00:00.000Z`, actor: 'key_v11' };
    chained = link(chained, (seq) => eventEntry(seq, rec)).link;
    sqlite
      .prepare('INSERT INTO events (id, unit_id, type, occurred_at, mass_g, voids_event_id, data, recorded_at, actor, ledger_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)')
      .run(rec.id, rec.unitId, rec.type, rec.occurredAt, rec.massG, JSON.stringify(rec.data), rec.recordedAt, rec.actor, chained.seq, chained.prevHash, chained.hash);
  }
  // kpi_daily as v1.1 kept it: one row per day of the unit's effects, the measured intake on its receipt.
  const v11Fields = ['units_received', 'intake_g', 'measured_intake_g', 'units_closed', 'refurbished_units', 'donated_units', 'parts_harvested',
    'refurbished_g', 'donated_g', 'harvested_g', 'recycled_g', 'landfilled_g', 'energy_recovered_g'];
  const byDay = new Map<string, Record<string, number>>();
  const add = (day: string, col: string, delta: number) => {
    const row = byDay.get(day) ?? byDay.set(day, {}).get(day)!;
    row[col] = (row[col] ?? 0) + delta;
  };
  for (const eff of r.effects) add(eff.day, snake(eff.field), eff.delta);
  add(u.receivedAt, 'measured_intake_g', u.intakeG);
  for (const [day, row] of byDay) {
    sqlite
      .prepare(`INSERT INTO kpi_daily (day, region, category, modality, site_code, ${v11Fields.join(', ')}) VALUES (?, 'EMEA', 'magnet', '', 'HU-EROC', ${v11Fields.map(() => '?').join(', ')})`)
      .run(day, ...v11Fields.map((f) => row[f] ?? 0));
  }
  sqlite.prepare('INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(chained.seq, chained.hash);
  return { seq: chained.seq, hash: chained.hash };
}

let t: TestApp;
let dir: string;
let oldHashes: Record<string, string>;
let v11Head: LedgerHead;

beforeAll(() => {
  dir = v11Migrations();
  const sqlite = new Database(':memory:');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: dir });
  expect(sqlite.prepare("SELECT count(*) FROM pragma_table_info('units') WHERE name = 'weee_category'").pluck().get()).toBe(0);

  // 2024, before v1.2: a magnet recycled and landfilled (closed), another recycled in part (still pending).
  let head = EMPTY_HEAD;
  head = writeV11Unit(sqlite, head, { id: 'unit_old1', serial: 'MAG-OLD-1', intakeG: 3_000_000, receivedAt: '2024-02-01' }, [
    { id: 'evt_old1', type: 'assessed', occurredAt: '2024-02-03', massG: null, route: 'recycle', data: { grade: 'D', route: 'recycle' } },
    { id: 'evt_old2', type: 'recycled', occurredAt: '2024-02-10', massG: 2_800_000, data: { material: 'copper', recycler: 'Hungaro-Metal Zrt.' } },
    { id: 'evt_old3', type: 'landfilled', occurredAt: '2024-02-12', massG: 200_000, data: { reason: 'contaminated insulation', facility: 'Pest County landfill' } },
  ]);
  head = writeV11Unit(sqlite, head, { id: 'unit_old2', serial: 'MAG-OLD-2', intakeG: 1_000_000, receivedAt: '2024-05-01' }, [
    { id: 'evt_old4', type: 'assessed', occurredAt: '2024-05-02', massG: null, route: 'recycle', data: { grade: 'D', route: 'recycle' } },
    { id: 'evt_old5', type: 'energy_recovered', occurredAt: '2024-05-20', massG: 100_000, data: { facility: 'EfW' } },
  ]);
  v11Head = head;
  oldHashes = Object.fromEntries(
    [...sqlite.prepare('SELECT id, hash FROM units UNION ALL SELECT id, hash FROM events').raw().all()].map((r) => r as [string, string]),
  );

  // The v1.2 service starts on it: today's migrations, then the app.
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  t = createTestApp({}, { db: db as unknown as Db });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a ledger from before v1.2, migrated', () => {
  it('when migrated, then old units get WEEE category 4 and no entry’s hash changed', () => {
    const q = t.db.$client;
    expect(q.prepare('SELECT DISTINCT weee_category FROM units').pluck().all()).toEqual([4]);
    for (const [id, hash] of Object.entries(oldHashes)) {
      expect(q.prepare('SELECT hash FROM units WHERE id = ? UNION ALL SELECT hash FROM events WHERE id = ?').pluck().get(id, id), id).toBe(hash);
    }
    expect(q.prepare('SELECT seq, hash FROM ledger_head').get()).toEqual(v11Head);
  });

  it('when the old events are read, then they answer the defaults of their type, and their stored data is as v1.1 wrote it', async () => {
    const u = (await t.as('viewer').get('/api/v1/units/unit_old1')).body;
    expect(u.weeeCategory).toBe(4);
    const byId = Object.fromEntries((u.events as { id: string }[]).map((e) => [e.id, e]));
    expect(byId.evt_old2).toMatchObject({ treatmentCode: 'R4', wasteCode: null, hazardous: false, radioactive: false, hash: oldHashes.evt_old2 });
    expect(byId.evt_old3).toMatchObject({ treatmentCode: 'D1', wasteCode: null, hazardous: false, radioactive: false });
    expect(byId.evt_old1).not.toHaveProperty('treatmentCode');
    expect(JSON.parse(t.db.$client.prepare("SELECT data FROM events WHERE id = 'evt_old2'").pluck().get() as string)).toEqual({
      material: 'copper',
      recycler: 'Hungaro-Metal Zrt.',
    });
  });

  it('when v1.2 entries are added after the old ones, then /audit/verify walks both and the chain holds', async () => {
    const newUnit = await createUnit(t, { category: 'ultrasound', modality: undefined, massKg: 90, dataBearing: false, weeeCategory: 5, receivedAt: '2024-06-01' });
    await addEvents(t, newUnit.id, [
      { type: 'assessed', occurredAt: '2024-06-02', grade: 'D', route: 'recycle' },
      { type: 'recycled', occurredAt: '2024-06-05', massKg: 80, material: 'electronics', recycler: 'R', wasteCode: '16 02 13*' },
      { type: 'landfilled', occurredAt: '2024-06-06', massKg: 10, reason: 'Lead glass', treatmentCode: 'D5', radioactive: false },
    ]);
    // The old pending unit takes a v1.2 event too.
    await addEvents(t, 'unit_old2', [{ type: 'landfilled', occurredAt: '2024-06-10', massKg: 900, reason: 'Residue', wasteCode: '16 02 14' }]);
    const v = (await t.as('esg').get('/api/v1/audit/verify')).body;
    expect(v).toMatchObject({ ok: true, entries: v11Head.seq + 5 });
  });

  it('when 2024 is locked and its evidence verified, then old-format and new-format entries both replay to the published figures', async () => {
    const lock = await t.as('esg').post('/api/v1/periods/2024/lock', { note: 'Across the v1.2 migration' });
    expect(lock.status).toBe(200);
    expect(lock.body.figures).toMatchObject({ unitsReceived: 3, recycledKg: 2880, landfilledKg: 1110, energyRecoveredKg: 100, totalKg: 4090, pendingKg: 0 });
    const res = await t.as('esg').get('/api/v1/periods/2024/evidence').buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    const lines = (res.body as string).split('\n');
    const entries = lines.filter((l) => l.includes('"kind":"unit"') || l.includes('"kind":"event"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    // Old entries carry none of the v1.2 fields; new ones do.
    expect(entries.find((e) => e.id === 'evt_old2')!.data).toEqual({ material: 'copper', recycler: 'Hungaro-Metal Zrt.' });
    expect(entries.find((e) => e.id === 'unit_old1')).not.toHaveProperty('weeeCategory');
    expect(entries.filter((e) => e.kind === 'unit' && e.weeeCategory === 5)).toHaveLength(1);
    const verdict = await verifyEvidenceLines(lines);
    expect(verdict.failure).toBeNull();
    expect(verdict.ok).toBe(true);
  });
});
