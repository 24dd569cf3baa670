import { describe, expect, it } from 'vitest';
import { addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

const kpiRows = (t: TestApp) =>
  t.db.$client.prepare('SELECT * FROM kpi_daily ORDER BY day, region, category, modality, site_code').all();
const balances = (t: TestApp) =>
  t.db.$client
    .prepare('SELECT serial_number, state, route, refurbished_g, harvested_g, recycled_g, landfilled_g, closed_at, last_event_at FROM units ORDER BY serial_number')
    .all();

const HEADER = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'siteCode', 'warrantyMonths', 'channel', 'destinationCountry', 'partNumber', 'massKg', 'destination', 'material', 'recycler', 'certificateRef', 'reason', 'method', 'standard', 'media', 'verifiedBy', 'id', 'eventId'];

/** A data_sanitized row: the CSV names its media in the compact column. */
const sanitizedRow = (occurredAt: string, media = 'hdd:WD-1;ssd:S-2') => ({ type: 'data_sanitized', occurredAt, method: 'purge', standard: 'NIST SP 800-88r1', media, verifiedBy: 'QA lead' });

/**
 * The same lifecycle for three units, as JSON bodies for the single-item endpoint (the
 * CSV rows write `media` in the compact form). Each CT may hold patient data, so it is
 * sanitized before it leaves.
 */
const LIFECYCLES: Record<string, Record<string, unknown>[]> = {
  'R-1': [
    { type: 'assessed', occurredAt: '2024-04-01', grade: 'A', route: 'refurbish' },
    { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'HU-EROC' },
    { type: 'refurbished', occurredAt: '2024-05-01', warrantyMonths: 12 },
    { ...sanitizedRow('2024-05-01'), media: [{ kind: 'hdd', serial: 'WD-1' }, { kind: 'ssd', serial: 'S-2' }], certificateRef: 'DS-0001' },
    { type: 'released', occurredAt: '2024-05-02', channel: 'donation', destinationCountry: 'KE' },
  ],
  'H-1': [
    { type: 'assessed', occurredAt: '2024-04-01', grade: 'C', route: 'harvest' },
    { type: 'part_harvested', occurredAt: '2024-04-03', partNumber: 'P-9', massKg: 120.5, destination: 'service_stock' },
    { ...sanitizedRow('2024-04-03'), method: 'destroy', media: [{ kind: 'hdd' }, { kind: 'flash', serial: 'F;1\\x' }] },
    { type: 'recycled', occurredAt: '2024-04-04', massKg: 1000, material: 'ferrous', recycler: 'Metals Ltd' },
    { type: 'landfilled', occurredAt: '2024-04-05', massKg: 879.5, reason: 'no market' },
  ],
  'C-1': [
    { type: 'assessed', occurredAt: '2024-04-01', grade: 'D', route: 'recycle' },
    { ...sanitizedRow('2024-04-01'), media: [{ kind: 'other', serial: 'CONSOLE-7' }] },
    { type: 'recycled', occurredAt: '2024-04-02', massKg: 500, material: 'copper', recycler: 'Cu Co' },
  ],
};
/** The compact media cell of a JSON body, written by hand (not with the code under test). */
const MEDIA_CELLS: Record<string, string> = { 'R-1': 'hdd:WD-1;ssd:S-2', 'H-1': 'hdd; flash:F\\;1\\\\x', 'C-1': 'other:CONSOLE-7' };

async function threeUnits(t: TestApp) {
  for (const serialNumber of Object.keys(LIFECYCLES)) await createUnit(t, { serialNumber, originCountry: serialNumber === 'C-1' ? 'CN' : 'DE' });
}

describe('POST /imports/events', () => {
  it('when a file carries whole lifecycles, then units, balances and the roll-up end exactly as with the single-item endpoint', async () => {
    const single = createTestApp();
    await threeUnits(single);
    const units = (await single.as('viewer').get('/api/v1/units')).body.items as { id: string; serialNumber: string }[];
    for (const u of units) await addEvents(single, u.id, LIFECYCLES[u.serialNumber]!);

    const bulk = createTestApp();
    await threeUnits(bulk);
    // Interleaved across units: each unit's rows still apply in file order.
    const rows = [0, 1, 2, 3, 4].flatMap((i) =>
      Object.entries(LIFECYCLES).flatMap(([serialNumber, events]) =>
        events[i] ? [{ serialNumber, ...events[i], ...(events[i]!.media ? { media: MEDIA_CELLS[serialNumber]! } : {}) } as Record<string, string | number>] : [],
      ),
    );
    const res = await postCsv(bulk, 'events', eventsCsv(HEADER, rows));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'events', rows: 13, created: 13, unitsAffected: 3 });

    expect(balances(bulk)).toEqual(balances(single));
    expect(kpiRows(bulk)).toEqual(kpiRows(single));
    const r1 = (await bulk.as('viewer').get('/api/v1/units?serialNumber=R-1')).body.items[0];
    expect(r1).toMatchObject({ state: 'closed', massBalance: { refurbishedKg: 2000, remainingKg: 0 } });
    const timeline = (await bulk.as('viewer').get(`/api/v1/units/${r1.id}`)).body.events;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['assessed', 'refurbishment_started', 'refurbished', 'data_sanitized', 'released']);
    expect(timeline[2]).toMatchObject({ warrantyMonths: 12, voided: false });
    // The sanitization records read the same, whichever way they came in.
    for (const serialNumber of Object.keys(LIFECYCLES)) {
      const certificate = async (app: TestApp) => {
        const unit = (await app.as('viewer').get(`/api/v1/units?serialNumber=${serialNumber}`)).body.items[0];
        const body = (await app.as('viewer').get(`/api/v1/units/${unit.id}/sanitization`)).body;
        return { status: body.status, records: body.records.map(({ eventId: _e, actor: _a, ...r }: Record<string, unknown>) => r) };
      };
      const [a, b] = [await certificate(single), await certificate(bulk)];
      expect(b).toEqual(a);
      expect(b.status).toBe('sanitized');
    }
  });

  it('when rows break the rules, then every bad row is reported (later rows of a refused unit say why) and nothing is stored', async () => {
    const t = createTestApp();
    await threeUnits(t);
    const before = dump(t.db);
    const res = await postCsv(
      t,
      'events',
      eventsCsv(HEADER, [
        { serialNumber: 'C-1', type: 'assessed', occurredAt: '2024-04-01', grade: 'B', route: 'refurbish' },
        { serialNumber: 'C-1', type: 'recycled', occurredAt: '2024-04-02', massKg: 10, material: 'copper', recycler: 'Cu Co' },
        { serialNumber: 'H-1', type: 'assessed', occurredAt: '2024-04-01', grade: 'C', route: 'recycle' },
        { serialNumber: 'H-1', ...sanitizedRow('2024-04-01') },
        { serialNumber: 'H-1', type: 'recycled', occurredAt: '2024-04-02', massKg: 1500, material: 'ferrous', recycler: 'M' },
        { serialNumber: 'H-1', type: 'landfilled', occurredAt: '2024-04-03', massKg: 600, reason: 'rest' },
        { serialNumber: 'R-1', type: 'refurbished', occurredAt: '2024-04-01' },
        { serialNumber: 'NOPE', type: 'assessed', occurredAt: '2024-04-01', grade: 'A', route: 'recycle' },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'route', code: 'policy.china_exclusion', message: 'A unit from China may only be recycled or landfilled; route "refurbish" is refused.' },
      { row: 3, column: 'type', code: 'lifecycle.invalid_transition', message: expect.stringMatching(/state "received".*Row 2, an earlier row for this unit, was refused/) },
      { row: 7, column: 'massKg', code: 'mass.exceeds_intake', message: '600 kg would exceed the 500 kg still on the unit (intake 2000 kg).' },
      { row: 8, column: 'type', code: 'lifecycle.invalid_transition', message: expect.stringContaining('state "received"') },
      { row: 9, column: 'serialNumber', code: 'unit.not_found', message: 'no unit has serial "NOPE"' },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a row labels an event with id, then a later voided row can cancel it and the unit reopens', async () => {
    const t = createTestApp();
    await threeUnits(t);
    const res = await postCsv(
      t,
      'events',
      eventsCsv(HEADER, [
        { serialNumber: 'C-1', type: 'assessed', occurredAt: '2024-04-01', grade: 'D', route: 'recycle' },
        { serialNumber: 'C-1', ...sanitizedRow('2024-04-01') },
        { serialNumber: 'C-1', type: 'recycled', occurredAt: '2024-04-02', massKg: 2000, material: 'mixed', recycler: 'X', id: 'my-1' },
        { serialNumber: 'C-1', type: 'voided', occurredAt: '2024-04-03', eventId: 'my-1', reason: 'wrong weight' },
        { serialNumber: 'C-1', type: 'recycled', occurredAt: '2024-04-03', massKg: 1999, material: 'mixed', recycler: 'X' },
      ]),
    );
    expect(res.status).toBe(201);
    const u = (await t.as('viewer').get('/api/v1/units?serialNumber=C-1')).body.items[0];
    expect(u).toMatchObject({ state: 'dismantling', massBalance: { recycledKg: 1999, remainingKg: 1 } });
    const events = (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.events;
    expect(events[2]).toMatchObject({ type: 'recycled', voided: true, voidedBy: events[3].id });
    expect(events[3]).toMatchObject({ type: 'voided', eventId: events[2].id });
    const closedDay = t.db.$client.prepare("SELECT sum(units_closed) AS closed, sum(recycled_g) AS recycled FROM kpi_daily WHERE region = 'CHINA'").get();
    expect(closedDay).toEqual({ closed: 0, recycled: 1_999_000 });
  });

  it('when units are named by unitId, or a closed unit by its serial, then the rows apply to them', async () => {
    const t = createTestApp();
    const a = await createUnit(t, { serialNumber: 'U-1', massKg: 10 });
    const [, , recycled] = await addEvents(t, a.id, [
      { type: 'assessed', occurredAt: '2024-04-01', grade: 'D', route: 'recycle' },
      sanitized('2024-04-01'),
      { type: 'recycled', occurredAt: '2024-04-02', massKg: 10, material: 'mixed', recycler: 'X' },
    ]);
    const res = await postCsv(
      t,
      'events',
      eventsCsv(['unitId', 'serialNumber', 'type', 'occurredAt', 'eventId', 'reason'], [
        { serialNumber: 'U-1', type: 'voided', occurredAt: '2024-04-05', eventId: (recycled as { id: string }).id, reason: 'oops' },
        { unitId: a.id, serialNumber: 'WRONG', type: 'voided', occurredAt: '2024-04-05', eventId: 'x', reason: 'r' },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ row: 3, column: 'serialNumber', code: 'validation.failed', message: `unit ${a.id} has serialNumber "U-1", not "WRONG"` }]);
  });

  it('when several open units share a serial, then a row naming only the serial is ambiguous and a model column settles it', async () => {
    const t = createTestApp();
    await createUnit(t, { serialNumber: 'S-1', model: 'A' });
    await createUnit(t, { serialNumber: 'S-1', model: 'B' });
    const row = { serialNumber: 'S-1', type: 'assessed', occurredAt: '2024-04-01', grade: 'A', route: 'recycle' };
    const ambiguous = await postCsv(t, 'events', eventsCsv(['serialNumber', 'type', 'occurredAt', 'grade', 'route'], [row]));
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors[0]).toMatchObject({ row: 2, column: 'serialNumber', message: expect.stringContaining('2 open units have serial "S-1"') });
    const settled = await postCsv(t, 'events', eventsCsv(['serialNumber', 'model', 'type', 'occurredAt', 'grade', 'route'], [{ ...row, model: 'B' }]));
    expect(settled.status).toBe(201);
    const units = (await t.as('viewer').get('/api/v1/units?serialNumber=S-1&order=asc')).body.items;
    expect(units.map((u: { model: string; state: string }) => [u.model, u.state])).toEqual([['A', 'received'], ['B', 'assessed']]);
  });

  it('when a file touches more units than the importer keeps in memory, then units it dropped are reloaded with this file\'s rows, and a late error still stores nothing', async () => {
    const t = createTestApp();
    const serials = Array.from({ length: 150 }, (_, i) => `B-${i}`);
    const units = await postCsv(t, 'units', csv([UNIT_HEADER, ...serials.map((serialNumber) => unitRow({ serialNumber, massKg: 10 }))]));
    expect(units.status).toBe(201);
    const header = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'recycler', 'method', 'standard', 'media', 'verifiedBy'];
    // A unit dropped from memory between its sanitization and its recyclings is reloaded
    // from the database with the sanitization, which the gate must still see.
    const rows = [
      ...serials.map((serialNumber) => ({ serialNumber, type: 'assessed', occurredAt: '2024-04-01', grade: 'D', route: 'recycle' })),
      ...serials.map((serialNumber) => ({ serialNumber, ...sanitizedRow('2024-04-01', `hdd:${serialNumber}-D`) })),
      ...serials.map((serialNumber) => ({ serialNumber, type: 'recycled', occurredAt: '2024-04-02', massKg: 4, material: 'mixed', recycler: 'X' })),
      ...serials.map((serialNumber) => ({ serialNumber, type: 'recycled', occurredAt: '2024-04-03', massKg: 6, material: 'mixed', recycler: 'X' })),
    ];
    const before = dump(t.db);
    const late = await postCsv(t, 'events', eventsCsv(header, [...rows, { serialNumber: 'B-0', type: 'recycled', occurredAt: '2024-04-04', massKg: 1, material: 'mixed', recycler: 'X' }]));
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([{ row: 602, column: 'type', code: 'lifecycle.invalid_transition', message: expect.stringContaining('state "closed"') }]);
    expect(dump(t.db)).toBe(before);

    const ok = await postCsv(t, 'events', eventsCsv(header, rows));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ created: 600, unitsAffected: 150, idsTruncated: false });
    const states = t.db.$client.prepare('SELECT state, count(*) AS n, sum(recycled_g) AS g FROM units GROUP BY state').all();
    expect(states).toEqual([{ state: 'closed', n: 150, g: 1_500_000 }]);
    const kpi = t.db.$client.prepare('SELECT day, units_closed, recycled_g FROM kpi_daily WHERE day > ? ORDER BY day').all('2024-03-01');
    expect(kpi).toEqual([
      { day: '2024-04-02', units_closed: 0, recycled_g: 600_000 },
      { day: '2024-04-03', units_closed: 150, recycled_g: 900_000 },
    ]);
  });
});
