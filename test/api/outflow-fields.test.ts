import { beforeAll, describe, expect, it } from 'vitest';
import { unitEntry } from '../../src/domain/ledger-chain.js';
import { addEvent, addEvents, createUnit, unitBody } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

let t: TestApp;
beforeAll(() => {
  t = createTestApp();
});

/** A unit without patient data, assessed for recycling: ready for any outgoing event. */
async function dismantlable(over: Record<string, unknown> = {}) {
  const u = await createUnit(t, { dataBearing: false, massKg: 1000, ...over });
  await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' }]);
  return u;
}
const storedData = (eventId: string) =>
  JSON.parse(t.db.$client.prepare('SELECT data FROM events WHERE id = ?').pluck().get(eventId) as string) as Record<string, unknown>;

describe('treatment codes, waste codes and hazard on outgoing events (v1.2)', () => {
  it.each([
    ['ferrous', 'R4'],
    ['stainless', 'R4'],
    ['copper', 'R4'],
    ['aluminium', 'R4'],
    ['glass', 'R5'],
    ['electronics', 'R5'],
    ['plastics', 'R3'],
    ['helium', 'R12'],
    ['mixed', 'R12'],
  ])('when %s is recycled without a treatment code, then the event answers and records %s', async (material, code) => {
    const u = await dismantlable();
    const res = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-03-03', massKg: 10, material, recycler: 'Metals Kft' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ treatmentCode: code, wasteCode: null, hazardous: false, radioactive: false });
    // The entry holds the filled-in defaults, so it says in full what left (and is hashed so).
    expect(storedData(res.body.id)).toMatchObject({ treatmentCode: code, hazardous: false, radioactive: false });
    expect(storedData(res.body.id)).not.toHaveProperty('wasteCode');
  });

  it.each([
    ['landfilled', { reason: 'Composite panels' }, 'D1', 'D5'],
    ['energy_recovered', {}, 'R1', 'R1'],
  ])('when %s names no code, then it gets its default; when it names an allowed one, then that one', async (type, fields, dflt, other) => {
    const u = await dismantlable();
    const a = await addEvent(t, u.id, { type, occurredAt: '2024-03-03', massKg: 10, ...fields });
    expect(a.status).toBe(201);
    expect(a.body.treatmentCode).toBe(dflt);
    const b = await addEvent(t, u.id, { type, occurredAt: '2024-03-03', massKg: 10, ...fields, treatmentCode: other });
    expect(b.status).toBe(201);
    expect(b.body.treatmentCode).toBe(other);
  });

  it('when a recycling names a code its material does not default to but recycling allows, then that code is kept', async () => {
    const u = await dismantlable();
    const res = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-03-03', massKg: 10, material: 'ferrous', recycler: 'R', treatmentCode: 'R12' });
    expect(res.status).toBe(201);
    expect(res.body.treatmentCode).toBe('R12');
  });

  it('when a waste code ends in *, then the event is hazardous by default; hazardous true with a plain code is kept', async () => {
    const u = await dismantlable();
    const a = await addEvent(t, u.id, { type: 'landfilled', occurredAt: '2024-03-03', massKg: 5, reason: 'Lead shielding', wasteCode: '16 02 13*' });
    expect(a.body).toMatchObject({ wasteCode: '16 02 13*', hazardous: true, radioactive: false });
    const b = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-03-03', massKg: 5, material: 'electronics', recycler: 'R', wasteCode: '16 02 14', hazardous: true, radioactive: true });
    expect(b.body).toMatchObject({ wasteCode: '16 02 14', hazardous: true, radioactive: true, treatmentCode: 'R5' });
    expect(storedData(b.body.id)).toMatchObject({ wasteCode: '16 02 14', hazardous: true, radioactive: true });
  });

  const refused: [string, Record<string, unknown>, string, RegExp][] = [
    ['a recycling code on a landfill', { type: 'landfilled', reason: 'x', treatmentCode: 'R4' }, 'treatmentCode', /D1, D5/],
    ['a landfill code on a recycling', { type: 'recycled', material: 'ferrous', recycler: 'R', treatmentCode: 'D1' }, 'treatmentCode', /R2/],
    ['R1 on a recycling (energy recovery is its own outflow)', { type: 'recycled', material: 'mixed', recycler: 'R', treatmentCode: 'R1' }, 'treatmentCode', /R2/],
    ['R4 on energy recovery', { type: 'energy_recovered', treatmentCode: 'R4' }, 'treatmentCode', /R1/],
    ['an unknown code', { type: 'landfilled', reason: 'x', treatmentCode: 'D99' }, 'treatmentCode', /D1/],
    ['a waste code without spaces', { type: 'landfilled', reason: 'x', wasteCode: '160213' }, 'wasteCode', /NN NN NN/],
    ['a waste code of five digits', { type: 'landfilled', reason: 'x', wasteCode: '16 02 1' }, 'wasteCode', /NN NN NN/],
    ['a waste code with a star in front', { type: 'landfilled', reason: 'x', wasteCode: '*16 02 13' }, 'wasteCode', /NN NN NN/],
    ['hazardous false with a hazardous code', { type: 'landfilled', reason: 'x', wasteCode: '16 02 13*', hazardous: false }, 'hazardous', /16 02 13\*/],
    ['hazardous as text', { type: 'landfilled', reason: 'x', hazardous: 'yes' }, 'hazardous', /.+/],
    ['radioactive as a number', { type: 'energy_recovered', radioactive: 1 }, 'radioactive', /.+/],
  ];
  it.each(refused)('when an outgoing event has %s, then 400 names the field and nothing is stored', async (_what, body, field, message) => {
    const u = await dismantlable();
    const before = dump(t.db);
    const res = await addEvent(t, u.id, { occurredAt: '2024-03-03', massKg: 10, ...body });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation.failed');
    const err = (res.body.errors as { path: string; message: string }[]).find((e) => e.path === field);
    expect(err, JSON.stringify(res.body.errors)).toBeDefined();
    expect(err!.message).toMatch(message);
    expect(dump(t.db)).toBe(before);
  });

  it('when a body breaks a field rule and a business rule, then the field is named (invalid input first)', async () => {
    const u = await dismantlable({ massKg: 10 });
    // 50 kg is more than the unit holds (409 mass.exceeds_intake) — but the treatment code is invalid input first.
    const res = await addEvent(t, u.id, { type: 'landfilled', occurredAt: '2024-03-03', massKg: 50, reason: 'x', treatmentCode: 'D10' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'treatmentCode' })]);
  });

  it('when the events CSV has the new columns, then good rows store what POST stores and bad cells are named by row and column', async () => {
    const u = await dismantlable();
    const header = ['unitId', 'type', 'occurredAt', 'massKg', 'material', 'recycler', 'reason', 'treatmentCode', 'wasteCode', 'hazardous', 'radioactive'];
    const bad = eventsCsv(header, [
      { unitId: u.id, type: 'recycled', occurredAt: '2024-03-03', massKg: 1, material: 'copper', recycler: 'R' },
      { unitId: u.id, type: 'landfilled', occurredAt: '2024-03-03', massKg: 1, reason: 'x', treatmentCode: 'D10' },
      { unitId: u.id, type: 'landfilled', occurredAt: '2024-03-03', massKg: 1, reason: 'x', wasteCode: '16-02-13' },
      { unitId: u.id, type: 'landfilled', occurredAt: '2024-03-03', massKg: 1, reason: 'x', wasteCode: '16 02 13*', hazardous: 'false' },
      { unitId: u.id, type: 'landfilled', occurredAt: '2024-03-03', massKg: 1, reason: 'x', radioactive: 'maybe' },
    ]);
    const before = dump(t.db);
    const refusedRes = await postCsv(t, 'events', bad);
    expect(refusedRes.status).toBe(400);
    expect(refusedRes.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'treatmentCode'],
      [4, 'wasteCode'],
      [5, 'hazardous'],
      [6, 'radioactive'],
    ]);
    expect(dump(t.db)).toBe(before);

    const good = eventsCsv(header, [
      { unitId: u.id, type: 'recycled', occurredAt: '2024-03-03', massKg: 1, material: 'copper', recycler: 'R' },
      { unitId: u.id, type: 'landfilled', occurredAt: '2024-03-03', massKg: 1, reason: 'x', treatmentCode: 'D5', wasteCode: '16 02 13*', radioactive: 'TRUE' },
    ]);
    const ok = await postCsv(t, 'events', good);
    expect(ok.status).toBe(201);
    const unit = (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body;
    const [recycled, landfilled] = unit.events.slice(-2);
    expect(recycled).toMatchObject({ type: 'recycled', treatmentCode: 'R4', wasteCode: null, hazardous: false, radioactive: false });
    expect(landfilled).toMatchObject({ type: 'landfilled', treatmentCode: 'D5', wasteCode: '16 02 13*', hazardous: true, radioactive: true });
  });

  it('when the events are exported, then the new columns come after the v1.1 ones with their defaults filled in', async () => {
    const res = await t.as('viewer').get('/api/v1/events?format=csv');
    const [header, ...rows] = res.text.trim().split('\n');
    const cols = header!.split(',');
    const at = cols.indexOf('actor');
    expect(cols.slice(at + 1, at + 5)).toEqual(['treatmentCode', 'wasteCode', 'hazardous', 'radioactive']);
    const cell = (r: string[], c: string) => r[cols.indexOf(c)];
    const landfills = rows.map((r) => r.split(',')).filter((r) => cell(r, 'type') === 'landfilled');
    // Given: the CSV row above (D5, a hazardous code, radioactive). Defaulted: a landfill that named nothing.
    expect(landfills.map((r) => ['treatmentCode', 'wasteCode', 'hazardous', 'radioactive'].map((c) => cell(r, c)))).toEqual(
      expect.arrayContaining([
        ['D5', '16 02 13*', 'true', 'true'],
        ['D1', '', 'false', 'false'],
      ]),
    );
  });
});

describe('the WEEE category of a unit (v1.2)', () => {
  it('when a unit names none, then it is 4 (large equipment); when it names 5, then 5 is stored and answered', async () => {
    const a = await createUnit(t);
    expect(a.weeeCategory).toBe(4);
    const b = await createUnit(t, { category: 'ultrasound', modality: undefined, massKg: 12, weeeCategory: 5 });
    expect(b.weeeCategory).toBe(5);
    expect(t.db.$client.prepare('SELECT weee_category FROM units WHERE id = ?').pluck().get(b.id)).toBe(5);
    expect((await t.as('viewer').get(`/api/v1/units/${b.id}`)).body.weeeCategory).toBe(5);
  });

  it.each([0, 7, 4.5, '4', null])('when a unit names WEEE category %j, then 400 names weeeCategory and nothing is stored', async (weeeCategory) => {
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ weeeCategory }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'weeeCategory' })]);
    expect(dump(t.db)).toBe(before);
  });

  it('when the units CSV has a weeeCategory column, then it is stored, and a bad cell is named by row and column', async () => {
    const header = [...UNIT_HEADER, 'weeeCategory'];
    const bad = csv([header, [...unitRow({ serialNumber: 'W-1' }), 6], [...unitRow({ serialNumber: 'W-2' }), 9]]);
    const refused = await postCsv(t, 'units', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'weeeCategory' })]);
    const ok = await postCsv(t, 'units', csv([header, [...unitRow({ serialNumber: 'W-3' }), 6], [...unitRow({ serialNumber: 'W-4' }), null]]));
    expect(ok.status).toBe(201);
    const cats = t.db.$client.prepare("SELECT serial_number, weee_category FROM units WHERE serial_number IN ('W-3', 'W-4') ORDER BY serial_number").raw().all();
    expect(cats).toEqual([['W-3', 6], ['W-4', 4]]);
  });

  it('when units are exported, then weeeCategory is among the last columns and a re-import keeps it', async () => {
    const res = await t.as('viewer').get('/api/v1/units?format=csv&serialNumber=W-3');
    const [header, row] = res.text.trim().split('\n');
    const cols = header!.split(',');
    expect(cols.indexOf('weeeCategory')).toBeGreaterThan(cols.indexOf('createdAt'));
    expect(row!.split(',')[cols.indexOf('weeeCategory')]).toBe('6');
  });

  it('when a unit is chained, then its entry hashes weeeCategory only when it is not 4, and the stored category cannot change', async () => {
    const four = await createUnit(t);
    const five = await createUnit(t, { weeeCategory: 5 });
    const row = (id: string) => t.db.$client.prepare('SELECT * FROM units WHERE id = ?').get(id) as Record<string, unknown>;
    const entryOf = (id: string) => {
      const r = row(id);
      return unitEntry(r.ledger_seq as number, {
        id: r.id as string, serialNumber: r.serial_number as string, category: r.category as string, modality: r.modality as string | null,
        model: r.model as string, intakeG: r.intake_g as number, massSource: r.mass_source as string, originCountry: r.origin_country as string,
        region: r.region as string, siteCode: r.site_code as string, receivedAt: r.received_at as string, returnChannel: r.return_channel as string,
        createdAt: r.created_at as string, createdBy: r.created_by as string, dataBearing: r.data_bearing as number, weeeCategory: r.weee_category as number,
      });
    };
    expect(entryOf(four.id)).not.toHaveProperty('weeeCategory');
    expect(entryOf(five.id)).toHaveProperty('weeeCategory', 5);
    expect(() => t.db.$client.prepare('UPDATE units SET weee_category = 4 WHERE id = ?').run(five.id)).toThrow(/append-only/);
    expect((await t.as('esg').get('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
  });
});
