import { describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, createVendor } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

type Ev = Record<string, string | number>;

/** Downstream vendors both apps know: R-1 a recycler certified 2024-01-01 to 2024-04-01 only, LF-1 an uncertified landfill. */
async function vendors(t: TestApp) {
  await createVendor(t, { code: 'R-1', certifications: [{ scheme: 'R2v3', certificateNo: 'R2-1', validFrom: '2024-01-01', validTo: '2024-04-01' }] });
  await createVendor(t, { code: 'LF-1', kinds: ['landfill'], certifications: [] });
}

/** A unit in a given state; CN units are from China. */
async function setUp(t: TestApp, origin: string, history: Ev[]) {
  await vendors(t);
  const u = await createUnit(t, { serialNumber: 'P-1', originCountry: origin, massKg: 100, dataBearing: false });
  await addEvents(t, u.id, history);
  t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
  return u.id;
}

const assessed = (route: string): Ev => ({ type: 'assessed', occurredAt: '2024-04-01', grade: 'B', route });
const REFURBISHED: Ev[] = [
  assessed('refurbish'),
  { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'HU-EROC' },
  { type: 'refurbished', occurredAt: '2024-04-03' },
];

/** [what, origin, history, the event]: each breaks one rule. */
const CASES: [string, string, Ev[], Ev][] = [
  ['a future date', 'DE', [], { ...assessed('recycle'), occurredAt: '2026-06-16' }],
  ['a date before receipt', 'DE', [], { ...assessed('recycle'), occurredAt: '2024-02-01' }],
  ['a date before the latest event', 'DE', [assessed('recycle')], { type: 'landfilled', occurredAt: '2024-03-15', massKg: 1, reason: 'r' }],
  ['an unknown site', 'DE', [assessed('refurbish')], { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'XX-1' }],
  ['a void of an unknown event', 'DE', [], { type: 'voided', occurredAt: '2024-04-02', eventId: 'evt_nope', reason: 'r' }],
  ['a China unit routed to refurbish', 'CN', [], assessed('refurbish')],
  ['a release into China', 'DE', REFURBISHED, { type: 'released', occurredAt: '2024-04-04', channel: 'sale', destinationCountry: 'CN' }],
  ['an invalid transition', 'DE', [assessed('recycle')], { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'HU-EROC' }],
  ['mass over intake', 'DE', [assessed('recycle')], { type: 'recycled', occurredAt: '2024-04-02', massKg: 100.5, material: 'mixed', recycler: 'X' }],
  ['energy recovery over intake', 'DE', [assessed('recycle')], { type: 'energy_recovered', occurredAt: '2024-04-02', massKg: 100.5, facility: 'EfW' }],
  ['energy recovery before assessment', 'DE', [], { type: 'energy_recovered', occurredAt: '2024-04-02', massKg: 1 }],
  ['an unknown vendor', 'DE', [assessed('recycle')], { type: 'recycled', occurredAt: '2024-04-02', massKg: 1, material: 'mixed', vendorCode: 'NOPE' }],
  ['recycling without a recycler or vendor', 'DE', [assessed('recycle')], { type: 'recycled', occurredAt: '2024-04-02', massKg: 1, material: 'mixed' }],
  ['a vendor of the wrong kind', 'DE', [assessed('recycle')], { type: 'landfilled', occurredAt: '2024-04-02', massKg: 1, reason: 'r', vendorCode: 'R-1' }],
  ['energy recovery at a landfill', 'DE', [assessed('recycle')], { type: 'energy_recovered', occurredAt: '2024-04-02', massKg: 1, vendorCode: 'LF-1' }],
  ['a vendor not certified on the day', 'DE', [assessed('recycle')], { type: 'recycled', occurredAt: '2024-04-02', massKg: 1, material: 'mixed', vendorCode: 'R-1' }],
];

describe('bulk and single-item answers agree', () => {
  it.each(CASES)('when an event has %s, then the import reports the code and message the single-item endpoint answers', async (_what, origin, history, event) => {
    const single = createTestApp();
    const id = await setUp(single, origin, history);
    const one = await addEvent(single, id, event);
    expect(one.status).toBeGreaterThanOrEqual(400);

    const bulk = createTestApp();
    await setUp(bulk, origin, history);
    const header = ['serialNumber', ...Object.keys(event)];
    const res = await postCsv(bulk, 'events', csv([header, ['P-1', ...Object.values(event)]]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    const row = res.body.errors[0];
    expect(row.code).toBe(one.body.code);
    // A 400 names the field in its detail ("path: message"); a row error has it as its column.
    const detail = one.body.code === 'validation.failed' ? `${row.column}: ${row.message}` : row.message;
    expect(detail.replace('evt_t', 'evt_')).toBe(one.body.detail.replace('evt_t', 'evt_'));
  });

  it('when a void names an event of a receipted shipment, then the import reports shipment.receipted as POST does', async () => {
    const prepare = async (t: TestApp) => {
      const id = await setUp(t, 'DE', [assessed('recycle'), { type: 'recycled', occurredAt: '2024-04-01', massKg: 40, material: 'copper', vendorCode: 'R-1' }]);
      const eventId = (await t.as('viewer').get(`/api/v1/units/${id}`)).body.events[1].id as string;
      const s = await t.as('operator').post('/api/v1/shipments', { vendorCode: 'R-1', shippedAt: '2024-04-02', eventIds: [eventId] });
      await t.as('operator').post(`/api/v1/shipments/${s.body.id}/receipt`, { receivedAt: '2024-04-03', receivedKg: 39.5, certificateRef: 'COR-1' });
      return { id, eventId };
    };
    const single = createTestApp();
    const a = await prepare(single);
    const one = await addEvent(single, a.id, { type: 'voided', occurredAt: '2024-04-05', eventId: a.eventId, reason: 'r' });
    expect(one.body.code).toBe('shipment.receipted');
    const bulk = createTestApp();
    const b = await prepare(bulk);
    const before = dump(bulk.db);
    const res = await postCsv(bulk, 'events', csv([['serialNumber', 'type', 'occurredAt', 'eventId', 'reason'], ['P-1', 'voided', '2024-04-05', b.eventId, 'r']]));
    expect(res.body.errors).toEqual([{ row: 2, column: 'eventId', code: 'shipment.receipted', message: one.body.detail }]);
    expect(dump(bulk.db)).toBe(before);
  });

  it('when energy recovery and vendor rows are imported, then the ledger holds exactly what the same events sent one by one hold', async () => {
    const events: Ev[] = [
      assessed('recycle'),
      { type: 'recycled', occurredAt: '2024-04-01', massKg: 60.125, material: 'copper', vendorCode: 'R-1' },
      { type: 'energy_recovered', occurredAt: '2024-04-02', massKg: 25.5, facility: 'Rhein EfW' },
      { type: 'landfilled', occurredAt: '2024-04-03', massKg: 14.375, reason: 'residue', vendorCode: 'LF-1' },
    ];
    const single = createTestApp();
    await vendors(single);
    const u1 = await createUnit(single, { serialNumber: 'P-1', massKg: 100, dataBearing: false });
    await addEvents(single, u1.id, events);
    const bulk = createTestApp();
    await vendors(bulk);
    await createUnit(bulk, { serialNumber: 'P-1', massKg: 100, dataBearing: false });
    const header = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'vendorCode', 'facility', 'reason'];
    const res = await postCsv(bulk, 'events', eventsCsv(header, events.map((e) => ({ serialNumber: 'P-1', ...e }))));
    expect(res.status).toBe(201);
    const state = (t: TestApp) =>
      JSON.stringify([
        t.db.$client.prepare('SELECT state, recycled_g, landfilled_g, energy_recovered_g, closed_at FROM units').all(),
        t.db.$client.prepare('SELECT type, occurred_at, mass_g, data, vendor_code FROM events ORDER BY seq').all(),
        t.db.$client.prepare('SELECT * FROM kpi_daily ORDER BY day').all(),
      ]);
    expect(state(bulk)).toBe(state(single));
    expect(bulk.db.$client.prepare('SELECT state, energy_recovered_g FROM units').get()).toEqual({ state: 'closed', energy_recovered_g: 25_500 });
  });

  it('when a unit breaks a rule, then the units import reports what POST /units answers', async () => {
    const single = createTestApp();
    single.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
    const one = await single.as('operator').post('/api/v1/units', { ...Object.fromEntries(UNIT_HEADER.map((h, i) => [h, unitRow()[i]])), receivedAt: '2023-05-05' });
    const bulk = createTestApp();
    bulk.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
    const res = await postCsv(bulk, 'units', csv([UNIT_HEADER, unitRow({ receivedAt: '2023-05-05' })]));
    expect(one.body.code).toBe('period.locked');
    expect(res.body.errors).toEqual([{ row: 2, column: 'receivedAt', code: 'period.locked', message: one.body.detail }]);
  });
});
