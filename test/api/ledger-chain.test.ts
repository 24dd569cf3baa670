import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { transaction } from '../../src/db/tx.js';
import { GENESIS_HASH, referenceHash, unitEntry } from '../../src/domain/ledger-chain.js';
import { createLogger } from '../../src/logger.js';
import { backfillLedgerChain } from '../../src/modules/units/ledger-backfill.js';
import { appendEvent, createUnit as createUnitDirect } from '../../src/modules/units/units.service.js';
import { seedDatabase } from '../../src/seed.js';
import { addEvent, addEvents, createUnit, unitBody } from '../helpers/factories.js';
import { ADMIN_SECRET, createTestApp, type TestApp } from '../helpers/test-app.js';

const verify = async (t: TestApp) => (await t.as('esg').get('/api/v1/audit/verify')).body as Record<string, unknown>;
const chainOf = (t: TestApp) =>
  t.db.$client
    .prepare(`SELECT 'unit' AS kind, id, ledger_seq AS seq, prev_hash AS prevHash, hash FROM units
              UNION ALL SELECT 'event', id, ledger_seq, prev_hash, hash FROM events ORDER BY seq`)
    .all() as { kind: string; id: string; seq: number; prevHash: string; hash: string }[];

async function someLedger(t: TestApp) {
  // Not data-bearing, so it may be recycled without a sanitization: four entries in all.
  const u = await createUnit(t, { massKg: 1000, dataBearing: false });
  await addEvents(t, u.id, [
    { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' },
    { type: 'recycled', occurredAt: '2024-03-03', massKg: 600, material: 'ferrous', recycler: 'R' },
  ]);
  const v = await createUnit(t, { massKg: 80, category: 'ultrasound', modality: undefined });
  return { u, v };
}

describe('every unit intake and every event is an entry of one hash chain', () => {
  it('when units and events are written, then each answers seq, prevHash and hash, linked one after another across both', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 1000 });
    const [e] = await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' }]);
    const v = await createUnit(t);
    expect(u).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(e).toMatchObject({ seq: 2, prevHash: u.hash });
    expect(v).toMatchObject({ seq: 3, prevHash: (e as { hash: string }).hash });
    // The hash is sha256(prevHash + RFC 8785 JSON of the entry as recorded).
    const row = t.db.$client.prepare('SELECT * FROM units WHERE id = ?').get(u.id) as Record<string, unknown>;
    const recorded = {
      id: row.id, serialNumber: row.serial_number, category: row.category, modality: row.modality, model: row.model, intakeG: row.intake_g,
      massSource: row.mass_source, originCountry: row.origin_country, region: row.region, siteCode: row.site_code, receivedAt: row.received_at,
      returnChannel: row.return_channel, createdAt: row.created_at, createdBy: row.created_by, dataBearing: row.data_bearing === 1,
    };
    expect(u.hash).toBe(referenceHash(GENESIS_HASH, { kind: 'unit', seq: 1, ...recorded }));
    expect(u.hash).toBe(referenceHash(GENESIS_HASH, unitEntry(1, recorded as never)));
    const detail = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(detail.body).toMatchObject({ seq: 1, hash: u.hash, events: [{ seq: 2, hash: (e as { hash: string }).hash }] });
    expect(await verify(t)).toEqual({ ok: true, entries: 3, headSeq: 3, headHash: v.hash, publishedHeadsChecked: 0, checkedAt: '2026-06-15T12:00:00.000Z' });
  });

  it('when a refused write comes between two accepted ones, then the chain skips nothing and still verifies', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 1000 });
    const refused = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-03-03', massKg: 2000, material: 'ferrous', recycler: 'R' });
    expect(refused.status).toBe(409);
    const duplicate = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: u.serialNumber }));
    expect(duplicate.status).toBe(409);
    const [e] = await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' }]);
    expect(e).toMatchObject({ seq: 2, prevHash: u.hash });
    expect(await verify(t)).toMatchObject({ ok: true, entries: 2 });
  });

  it('when several requests share one transaction and the middle one rolls back to its savepoint, then the next one links to the last kept entry', () => {
    const t = createTestApp();
    const ctx = { actor: null, requestId: 'group' };
    const body = (serialNumber: string) => ({ ...unitBody({ serialNumber }), massSource: 'measured' as const }) as Parameters<typeof createUnitDirect>[2];
    const kept = transaction(t.db, () => {
      const a = createUnitDirect(t.deps, ctx, body('GC-1'));
      // A request that wrote its entry, then failed: its savepoint takes the entry and the head back.
      expect(() =>
        transaction(t.db, () => {
          createUnitDirect(t.deps, ctx, body('GC-2'));
          throw new Error('a later step of this request failed');
        }),
      ).toThrow('failed');
      // A request refused by a rule writes nothing at all.
      expect(() => appendEvent(t.deps, ctx, a.id, { type: 'landfilled', occurredAt: '2024-03-05', massKg: 5000, reason: 'x' })).toThrow();
      const c = createUnitDirect(t.deps, ctx, body('GC-3'));
      return { a, c };
    });
    expect(kept.a.seq).toBe(1);
    expect(kept.c).toMatchObject({ seq: 2, prevHash: kept.a.hash });
    expect(chainOf(t).map((r) => r.seq)).toEqual([1, 2]);
    return verify(t).then((v) => expect(v).toMatchObject({ ok: true, entries: 2, headHash: kept.c.hash }));
  });

  it('when a CSV import is stored, then its rows extend the chain one by one, in file order, inside its one transaction', async () => {
    const t = createTestApp();
    const first = await createUnit(t);
    const csv = ['serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel', 'IMP-1,imaging,CT,M,100,DE,HU-EROC,2024-01-02,trade_in', 'IMP-2,ultrasound,,U,90,US,US-ROC,2024-01-03,buy_back'].join('\n');
    const res = await t.as('operator').post('/api/v1/imports/units').set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(201);
    const chain = chainOf(t);
    expect(chain.map((r) => [r.seq, r.kind])).toEqual([[1, 'unit'], [2, 'unit'], [3, 'unit']]);
    expect(chain[1]!.prevHash).toBe(first.hash);
    expect(await verify(t)).toMatchObject({ ok: true, entries: 3 });
    // A refused file adds nothing, not even to the head.
    // A refused row after an accepted one: the accepted row's entry goes with the rollback.
    const bad = await t.as('operator').post('/api/v1/imports/units').set('Content-Type', 'text/csv').send(csv.replace('IMP-1', 'IMP-8').replace('IMP-2,ultrasound,,U,90', 'IMP-9,ultrasound,,U,0'));
    expect(bad.status).toBe(400);
    expect(await verify(t)).toMatchObject({ ok: true, entries: 3, headHash: chain[2]!.hash });
  });
});

describe('GET /audit/verify names the first entry that does not hold', () => {
  // Each edit is made the way someone with the database file would: around the triggers.
  it.each([
    ['a unit’s intake mass is edited', "DROP TRIGGER units_intake_no_update; UPDATE units SET intake_g = intake_g + 1000 WHERE ledger_seq = 1", 1, /Entry #1 \(unit unit_\w+\) does not match its hash/],
    ['an event’s mass is edited', "DROP TRIGGER events_no_update; UPDATE events SET mass_g = 500000 WHERE ledger_seq = 3", 3, /Entry #3 \(event evt_\w+\) does not match its hash/],
    ['an event’s date is edited', "DROP TRIGGER events_no_update; UPDATE events SET occurred_at = '2024-03-09' WHERE ledger_seq = 2", 2, /Entry #2 .* does not match its hash/],
    ['an event is deleted', 'DROP TRIGGER events_no_delete; DELETE FROM events WHERE ledger_seq = 2', 2, /Entry #2 is missing: the chain goes from #1 to #3/],
    ['the last entry is deleted', 'DROP TRIGGER units_no_delete; DELETE FROM units WHERE ledger_seq = 4', 4, /recorded head is #4 .* chain ends at #3/],
    ['an entry is re-hashed to match its edit', "DROP TRIGGER events_no_update; UPDATE events SET hash = '" + 'f'.repeat(64) + "' WHERE ledger_seq = 2", 2, /Entry #2 .* does not match its hash/],
    ['a row is slipped in around the writer', "INSERT INTO events (id, unit_id, type, occurred_at, data, recorded_at, actor) SELECT 'evt_forged', id, 'assessed', '2024-03-04', '{}', 'x', 'x' FROM units WHERE ledger_seq = 1", 5, /event evt_forged is not on the chain/],
  ])('when %s, then it answers ok: false with that entry', async (_what, tamper, seq, reason) => {
    const t = createTestApp();
    await someLedger(t);
    expect(await verify(t)).toMatchObject({ ok: true, entries: 4 });
    t.db.$client.exec(tamper);
    const v = await verify(t);
    expect(v).toMatchObject({ ok: false, firstBadSeq: seq, reason: expect.stringMatching(reason) });
  });

  it('when a published version’s head is no longer on the chain, then it says which version', async () => {
    const t = createTestApp();
    await someLedger(t);
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    t.db.$client.exec("DROP TRIGGER period_versions_no_update; UPDATE period_versions SET ledger_head = '" + 'a'.repeat(64) + "'");
    expect(await verify(t)).toMatchObject({ ok: false, firstBadSeq: 4, reason: expect.stringContaining('2024 version 1 was published with head #4') });
  });

  it('when the database file is edited with the triggers dropped and the service restarted, then /audit/verify names the edited row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-'));
    const file = path.join(dir, 'ledger.db');
    const config = { ...loadConfig({}), logLevel: 'silent' as const, bootstrapAdminKey: ADMIN_SECRET };
    const start = () => {
      const db = openDatabase(file);
      const { app, deps } = createApp({ db, config, logger: createLogger('silent') });
      seedDatabase(deps);
      return { db, agent: request(app), auth: { Authorization: `Bearer ${ADMIN_SECRET}` } };
    };
    try {
      const s1 = start();
      const unit = await s1.agent.post('/api/v1/units').set(s1.auth).send(unitBody({ massKg: 1000 }));
      const ev = await s1.agent.post(`/api/v1/units/${unit.body.id}/events`).set(s1.auth).send({ type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' });
      expect(ev.status).toBe(201);
      expect((await s1.agent.get('/api/v1/audit/verify').set(s1.auth)).body).toMatchObject({ ok: true, entries: 2 });
      closeDatabase(s1.db);

      // Someone with the file and the sqlite3 tool: drop the guard, change the intake.
      const raw = new Database(file);
      raw.exec('DROP TRIGGER units_intake_no_update');
      raw.prepare('UPDATE units SET intake_g = 900000 WHERE id = ?').run(unit.body.id);
      raw.close();

      const s2 = start();
      const v = await s2.agent.get('/api/v1/audit/verify').set(s2.auth);
      expect(v.body).toMatchObject({ ok: false, firstBadSeq: 1, entry: { kind: 'unit', id: unit.body.id } });
      closeDatabase(s2.db);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['operator', 403],
    ['viewer', 403],
    ['engineer', 403],
    ['esg', 200],
    ['admin', 200],
  ] as const)('when %s asks, then %i', async (role, status) => {
    const t = createTestApp();
    expect((await t.as(role).get('/api/v1/audit/verify')).status).toBe(status);
  });
});

describe('what is chained stays as it was', () => {
  it.each([
    ['a unit’s intake', "UPDATE units SET intake_g = 1 WHERE ledger_seq = 1", /intake is append-only/],
    ['a unit’s hash', "UPDATE units SET hash = 'x' WHERE ledger_seq = 1", /intake is append-only/],
    ['an event’s hash', "UPDATE events SET hash = 'x' WHERE ledger_seq = 2", /append-only/],
    ['a unit', 'DELETE FROM units WHERE ledger_seq = 4', /append-only/],
  ])('when %s is changed in SQL, then the database refuses it', async (_what, sql, error) => {
    const t = createTestApp();
    await someLedger(t);
    expect(() => t.db.$client.exec(sql)).toThrow(error);
  });

  it('when a unit’s projection changes with its events, then the triggers let it', async () => {
    const t = createTestApp();
    const { u } = await someLedger(t);
    const res = await addEvent(t, u.id, { type: 'landfilled', occurredAt: '2024-03-04', massKg: 400, reason: 'x' });
    expect(res.status).toBe(201);
    expect((await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.state).toBe('closed');
  });
});

describe('databases older than the chain', () => {
  it('when rows without a hash exist at start-up, then they are chained once, in the order they were recorded, and verify', async () => {
    const t = createTestApp();
    const sqlite = t.db.$client;
    // Rows as a version before the chain wrote them (an event recorded before the second unit).
    const insertUnit = sqlite.prepare(`INSERT INTO units (id, serial_number, category, modality, model, intake_g, mass_source, origin_country, region, site_code,
      received_at, return_channel, created_at, created_by, state) VALUES (?, ?, 'imaging', 'CT', 'M', 1000000, 'measured', 'DE', 'EMEA', 'HU-EROC', '2024-01-02', 'trade_in', ?, 'key_old', 'received')`);
    insertUnit.run('unit_old1', 'OLD-1', '2025-01-01T10:00:00.000Z');
    insertUnit.run('unit_old2', 'OLD-2', '2025-01-01T12:00:00.000Z');
    sqlite
      .prepare(`INSERT INTO events (id, unit_id, type, occurred_at, data, recorded_at, actor) VALUES ('evt_old1', 'unit_old1', 'assessed', '2024-01-03', '{"grade":"C","route":"recycle"}', '2025-01-01T11:00:00.000Z', 'key_old')`)
      .run();
    expect(backfillLedgerChain(t.deps)).toEqual({ chained: 3 });
    expect(chainOf(t).map((r) => [r.seq, r.id])).toEqual([[1, 'unit_old1'], [2, 'evt_old1'], [3, 'unit_old2']]);
    expect(await verify(t)).toMatchObject({ ok: true, entries: 3 });
    // Started again: nothing left to chain, and new writes follow on.
    expect(backfillLedgerChain(t.deps)).toEqual({ chained: 0 });
    const next = await createUnit(t);
    expect(next).toMatchObject({ seq: 4, prevHash: chainOf(t)[2]!.hash });
    expect(await verify(t)).toMatchObject({ ok: true, entries: 4 });
  });
});
