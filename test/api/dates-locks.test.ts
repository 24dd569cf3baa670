import { beforeEach, describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, unitBody } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

/** Finding 5: dates lie between 1990-01-01 and today, and a lock protects every figure it published. */
let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});

const period = async (year: number) => (await t.as('viewer').get(`/api/v1/periods/${year}`)).body;

/** 2024 published with one unit still holding 500 kg; a 2023 unit assessed and waiting. */
async function published2024() {
  const old = await createUnit(t, { dataBearing: false, serialNumber: 'OLD-2023', massKg: 1000, receivedAt: '2023-05-01' });
  await addEvents(t, old.id, [{ type: 'assessed', occurredAt: '2023-05-02', grade: 'C', route: 'recycle' }]);
  const u = await createUnit(t, { dataBearing: false, massKg: 2000, receivedAt: '2024-03-01' });
  await addEvents(t, u.id, [
    { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' },
    { type: 'recycled', occurredAt: '2024-03-03', massKg: 1500, material: 'ferrous', recycler: 'R' },
  ]);
  const lock = await t.as('esg').post('/api/v1/periods/2024/lock', { note: 'FY2024' });
  expect(lock.status).toBe(200);
  return { old, published: lock.body.figures as Record<string, number> };
}

// Units here hold no patient data (dataBearing: false), so their mass may leave without a
// data_sanitized event; the sanitization gate has its own tests (sanitization*.test.ts).
describe('dates before 1990-01-01', () => {
  it.each([
    ['a unit received in 1985', 'receivedAt', () => t.as('operator').post('/api/v1/units', unitBody({ receivedAt: '1985-06-01' }))],
    ['a magnet upgrade completed in 1989', 'completedAt', () => t.as('engineer').post('/api/v1/magnet-upgrades', { magnetSerial: 'M-1', siteCountry: 'DE', fieldStrengthT: 1.5, completedAt: '1989-12-31' })],
    ['units listed from 1980', 'query.receivedFrom', () => t.as('viewer').get('/api/v1/units?receivedFrom=1980-01-01')],
    ['KPIs from 1985', 'query.from', () => t.as('viewer').get('/api/v1/kpis?from=1985-01-01&to=1985-12-31')],
    ['magnet upgrades of 1985', 'query.year', () => t.as('viewer').get('/api/v1/magnet-upgrades?year=1985')],
  ])('when %s is asked, then 400 names %s and nothing is stored', async (_n, path, send) => {
    const before = dump(t.db);
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ path, message: expect.stringMatching(/1990/) });
    expect(dump(t.db)).toBe(before);
  });

  it('when an event is dated 1989-12-31, then 400 (the unit cannot be older than 1990 either)', async () => {
    const u = await createUnit(t, { dataBearing: false, receivedAt: '1990-01-01' });
    const res = await addEvent(t, u.id, { type: 'assessed', occurredAt: '1989-12-31', grade: 'A', route: 'recycle' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'occurredAt', message: 'must not be before 1990-01-01' }]);
  });

  it('when a year after the current one is locked, then 400: nothing can be dated in it yet', async () => {
    const before = dump(t.db);
    const res = await t.as('esg').post('/api/v1/periods/2027/lock', {});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'params.year', message: 'must not be after the current year (2026)' }]);
    expect(dump(t.db)).toBe(before);
  });
});

describe('a lock protects what it published', () => {
  it('when a unit dated 1985 is posted after 2024 was locked, then 400 and 2024 still reads as published', async () => {
    const { published } = await published2024();
    const res = await t.as('operator').post('/api/v1/units', unitBody({ receivedAt: '1985-06-01', massKg: 5000 }));
    expect(res.status).toBe(400);
    const p = await period(2024);
    expect(p.current).toEqual(published);
    expect(p.differences).toEqual({});
  });

  it('when a unit dated in an open year before a locked year is posted, then 409 period.locked: it would move the pending mass 2024 published', async () => {
    const { published } = await published2024();
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ receivedAt: '2023-11-30', massKg: 5000 }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', year: 2024, detail: expect.stringContaining('pending at the end of 2024') });
    expect(dump(t.db)).toBe(before);
    expect((await period(2024)).current).toEqual(published);
  });

  it('when mass of an earlier year is moved or a move of it is voided, then 409; an event that moves no mass still goes through', async () => {
    const { old, published } = await published2024();
    const before = dump(t.db);
    const recycled = await addEvent(t, old.id, { type: 'recycled', occurredAt: '2023-06-01', massKg: 100, material: 'mixed', recycler: 'R' });
    expect(recycled.status).toBe(409);
    expect(recycled.body).toMatchObject({ code: 'period.locked', year: 2024 });
    expect(dump(t.db)).toBe(before);

    const reassessed = await addEvent(t, old.id, { type: 'assessed', occurredAt: '2023-06-01', grade: 'D', route: 'landfill' });
    expect(reassessed.status).toBe(201);
    expect((await period(2024)).current).toEqual(published);
  });

  it('when a void in an open year cancels a mass move of an earlier open year, then 409 while a later year is locked', async () => {
    const u = await createUnit(t, { dataBearing: false, massKg: 100, receivedAt: '2022-03-01' });
    const [, moved] = await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2022-03-02', grade: 'C', route: 'recycle' },
      { type: 'recycled', occurredAt: '2022-03-03', massKg: 40, material: 'mixed', recycler: 'R' },
    ]);
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    const before = dump(t.db);
    const res = await addEvent(t, u.id, { type: 'voided', occurredAt: '2025-01-05', eventId: (moved as { id: string }).id, reason: 'wrong' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', year: 2024 });
    expect(dump(t.db)).toBe(before);
  });

  it('when an import holds a row dated before a locked year, then that row is refused with period.locked and nothing is stored', async () => {
    await published2024();
    const before = dump(t.db);
    const res = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'N-1', receivedAt: '2025-01-02' }), unitRow({ serialNumber: 'N-2', receivedAt: '2022-01-02' })]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ row: 3, column: 'receivedAt', code: 'period.locked', message: expect.stringContaining('2024') }]);
    expect(dump(t.db)).toBe(before);
  });

  it('when writes come after every locked year, then they go through', async () => {
    await published2024();
    const res = await t.as('operator').post('/api/v1/units', unitBody({ receivedAt: '2025-01-02' }));
    expect(res.status).toBe(201);
  });
});
