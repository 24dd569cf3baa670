import { beforeEach, describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, createVendor } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let unitId: string;

/**
 * HMZ-HU: a recycler certified to 2023-04-30 and again from 2023-07-01 (May and June 2023 lapsed).
 * EFW-DE: an energy-recovery plant certified 2023–2026. LF-US: an uncertified landfill.
 */
beforeEach(async () => {
  t = createTestApp();
  await createVendor(t, {
    code: 'HMZ-HU',
    name: 'Hungaro-Metal Zrt.',
    country: 'HU',
    certifications: [
      { scheme: 'R2v3', certificateNo: 'R2-HU-1', validFrom: '2021-05-01', validTo: '2023-04-30' },
      { scheme: 'R2v3', certificateNo: 'R2-HU-2', validFrom: '2023-07-01', validTo: '2026-06-30' },
    ],
  });
  await createVendor(t, {
    code: 'EFW-DE',
    name: 'Rhein Energy-from-Waste',
    country: 'DE',
    kinds: ['energy_recovery'],
    certifications: [{ scheme: 'ISO14001', certificateNo: 'ISO-DE-9', validFrom: '2023-01-01', validTo: '2026-12-31' }],
  });
  await createVendor(t, { code: 'LF-US', name: 'Waukesha County landfill', kinds: ['landfill'], certifications: [] });
  const u = await createUnit(t, { dataBearing: false, massKg: 1000, receivedAt: '2023-03-01' });
  unitId = u.id;
  await addEvents(t, unitId, [{ type: 'assessed', occurredAt: '2023-03-02', grade: 'D', route: 'recycle' }]);
});

const recycled = (occurredAt: string, over: Record<string, unknown> = {}) => ({
  type: 'recycled',
  occurredAt,
  massKg: 10,
  material: 'ferrous',
  vendorCode: 'HMZ-HU',
  ...over,
});

describe('outgoing events that name a vendor', () => {
  it('when recycled names a certified recycler and no recycler text, then it is stored with the vendor code and the vendor’s name as recycler', async () => {
    const res = await addEvent(t, unitId, recycled('2023-04-30'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'recycled', vendorCode: 'HMZ-HU', recycler: 'Hungaro-Metal Zrt.', massKg: 10 });
    const row = t.db.$client.prepare('SELECT data, vendor_code FROM events WHERE id = ?').get(res.body.id) as { data: string; vendor_code: string };
    // The v1.2 record: the treatment code and hazard flags with their defaults filled in.
    expect(JSON.parse(row.data)).toEqual({ material: 'ferrous', vendorCode: 'HMZ-HU', recycler: 'Hungaro-Metal Zrt.', treatmentCode: 'R4', hazardous: false, radioactive: false });
    expect(row.vendor_code).toBe('HMZ-HU');
  });

  it('when recycled names neither a recycler nor a vendor, then 400 on recycler', async () => {
    const res = await addEvent(t, unitId, recycled('2023-04-01', { vendorCode: undefined }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'recycler', message: 'is required unless vendorCode names the recycler' }]);
  });

  // The certification window at the event's own date, edges inclusive.
  it.each([
    ['the last day of the first certificate', '2023-04-30', 201, undefined],
    ['the first day of the lapse', '2023-05-01', 409, 'vendor.certification_expired'],
    ['the last day of the lapse', '2023-06-30', 409, 'vendor.certification_expired'],
    ['the first day of the renewal', '2023-07-01', 201, undefined],
  ])('when recycled is dated %s (%s), then %s %s', async (_case, date, status, code) => {
    const before = dump(t.db);
    const res = await addEvent(t, unitId, recycled(date));
    expect(res.status).toBe(status);
    if (code) {
      expect(res.body).toMatchObject({ code, vendorCode: 'HMZ-HU', occurredAt: date });
      expect(dump(t.db)).toBe(before);
    }
  });

  it.each([
    ['recycled to an energy-recovery plant', { type: 'recycled', material: 'copper', vendorCode: 'EFW-DE' }, 'recycler'],
    ['energy_recovered to a recycler', { type: 'energy_recovered', vendorCode: 'HMZ-HU' }, 'energy_recovery'],
    ['landfilled to a recycler', { type: 'landfilled', reason: 'residue', vendorCode: 'HMZ-HU' }, 'landfill'],
  ])('when %s, then 409 vendor.kind_mismatch naming the kind needed, and nothing changes', async (_case, body, kind) => {
    const before = dump(t.db);
    const res = await addEvent(t, unitId, { occurredAt: '2024-02-01', massKg: 5, ...body });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'vendor.kind_mismatch', requiredKind: kind });
    expect(dump(t.db)).toBe(before);
  });

  it('when energy_recovered goes to a certified plant and landfilled to an uncertified landfill, then both are accepted (landfill is not gated)', async () => {
    const e = await addEvent(t, unitId, { type: 'energy_recovered', occurredAt: '2024-02-01', massKg: 100.5, vendorCode: 'EFW-DE' });
    const l = await addEvent(t, unitId, { type: 'landfilled', occurredAt: '2024-02-02', massKg: 50, reason: 'residue', vendorCode: 'LF-US' });
    expect([e.status, l.status]).toEqual([201, 201]);
    expect(e.body).toMatchObject({ vendorCode: 'EFW-DE', facility: 'Rhein Energy-from-Waste', massKg: 100.5 });
    expect(l.body).toMatchObject({ vendorCode: 'LF-US', facility: 'Waukesha County landfill' });
    const unit = (await t.as('viewer').get(`/api/v1/units/${unitId}`)).body;
    expect(unit.massBalance).toMatchObject({ energyRecoveredKg: 100.5, landfilledKg: 50, reusedKg: 0, remainingKg: 849.5 });
  });

  it('when energy_recovered is dated the day before its plant’s certificate starts, then 409 vendor.certification_expired', async () => {
    const t2 = createTestApp();
    await createVendor(t2, { code: 'EFW-X', kinds: ['energy_recovery'], certifications: [{ scheme: 'other', certificateNo: 'P-1', validFrom: '2024-01-01', validTo: '2024-12-31' }] });
    const u = await createUnit(t2, { dataBearing: false, massKg: 10, receivedAt: '2023-06-01' });
    await addEvents(t2, u.id, [{ type: 'assessed', occurredAt: '2023-06-02', grade: 'D', route: 'landfill' }]);
    const refused = await addEvent(t2, u.id, { type: 'energy_recovered', occurredAt: '2023-12-31', massKg: 1, vendorCode: 'EFW-X' });
    expect(refused.body).toMatchObject({ status: 409, code: 'vendor.certification_expired' });
  });

  it('when the vendor code is unknown, then 400 validation.failed on vendorCode, even in a locked year', async () => {
    t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2024, 1, '2026-01-01', 'test')").run();
    const before = dump(t.db);
    const res = await addEvent(t, unitId, recycled('2024-03-01', { vendorCode: 'NOPE' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'vendorCode', message: 'unknown vendor "NOPE"; register it with POST /vendors first' }]);
    expect(dump(t.db)).toBe(before);
  });

  it('when an event breaks the lock, the state machine and the vendor rules at once, then the contract order names period.locked, then the transition, then vendor.*', async () => {
    const locked = createTestApp();
    await createVendor(locked, { code: 'LF-US', kinds: ['landfill'], certifications: [] });
    const u = await createUnit(locked, { dataBearing: false, massKg: 10, receivedAt: '2024-03-01' });
    locked.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2024, 1, '2026-01-01', 'test')").run();
    const body = { type: 'recycled', occurredAt: '2024-03-02', massKg: 100, material: 'mixed', vendorCode: 'LF-US' };
    expect((await addEvent(locked, u.id, body)).body.code).toBe('period.locked');
    locked.db.$client.prepare('DELETE FROM period_locks').run();
    expect((await addEvent(locked, u.id, body)).body.code).toBe('lifecycle.invalid_transition');
    await addEvents(locked, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' }]);
    expect((await addEvent(locked, u.id, body)).body.code).toBe('vendor.kind_mismatch');
    expect((await addEvent(locked, u.id, { ...body, type: 'landfilled', material: undefined, reason: 'r' })).body.code).toBe('mass.exceeds_intake');
  });
});
