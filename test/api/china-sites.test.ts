import { beforeEach, describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';

/** Units (v1.1): a unit received at a site in China is treated like a unit from China. */
let t: TestApp;
beforeEach(async () => {
  t = createTestApp();
  const site = await t.as('admin').post('/api/v1/sites', { code: 'CN-SZ', name: 'Shenzhen collection point', country: 'CN' });
  expect(site.status).toBe(201);
});

const kpis = async (qs: string) => (await t.as('viewer').get(`/api/v1/kpis?from=2024-01-01&to=2024-12-31&${qs}`)).body;

// Units here hold no patient data (dataBearing: false), so their mass may leave without a
// data_sanitized event; the sanitization gate has its own tests (sanitization*.test.ts).
describe('a unit received at a site in China', () => {
  it('when a German unit is received in Shenzhen, then it is not eligible and says why', async () => {
    const u = await createUnit(t, { dataBearing: false, originCountry: 'DE', siteCode: 'CN-SZ' });
    expect(u).toMatchObject({ region: 'EMEA', refurbishmentEligible: false, exclusionReason: 'china_policy' });
    const read = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(read.body).toMatchObject({ refurbishmentEligible: false, exclusionReason: 'china_policy' });
    const listed = await t.as('viewer').get('/api/v1/units?siteCode=CN-SZ');
    expect(listed.body.items[0]).toMatchObject({ exclusionReason: 'china_policy' });
  });

  it.each([
    [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'refurbish' }, 'route'],
    [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'B', route: 'harvest' }, 'route'],
  ])('when it is assessed %j, then 409 policy.china_exclusion and nothing changes', async (event) => {
    const u = await createUnit(t, { dataBearing: false, originCountry: 'DE', siteCode: 'CN-SZ' });
    const before = dump(t.db);
    const res = await addEvent(t, u.id, event);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'policy.china_exclusion', detail: expect.stringContaining('received at a site in China') });
    expect(dump(t.db)).toBe(before);
  });

  it('when it is recycled and landfilled, then that is allowed', async () => {
    const u = await createUnit(t, { dataBearing: false, originCountry: 'DE', siteCode: 'CN-SZ', massKg: 100 });
    await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
      { type: 'recycled', occurredAt: '2024-03-03', massKg: 90, material: 'mixed', recycler: 'R' },
      { type: 'landfilled', occurredAt: '2024-03-04', massKg: 10, reason: 'rest' },
    ]);
  });

  it('when the policy is off, then a unit received in China may be refurbished', async () => {
    const off = createTestApp({ policyChinaExclusion: false });
    await off.as('admin').post('/api/v1/sites', { code: 'CN-SZ', name: 'Shenzhen', country: 'CN' });
    const u = await createUnit(off, { dataBearing: false, originCountry: 'DE', siteCode: 'CN-SZ' });
    expect(u).toMatchObject({ refurbishmentEligible: true, exclusionReason: null });
    const res = await addEvent(off, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'refurbish' });
    expect(res.status).toBe(201);
  });
});

describe('reports leave units received in China out, and count each left-out unit once', () => {
  beforeEach(async () => {
    const recycle = async (over: Record<string, unknown>, kg: number) => {
      const u = await createUnit(t, { dataBearing: false, massKg: kg, ...over });
      await addEvents(t, u.id, [
        { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
        { type: 'recycled', occurredAt: '2024-03-03', massKg: kg, material: 'mixed', recycler: 'R' },
      ]);
    };
    await recycle({ originCountry: 'DE', siteCode: 'HU-EROC' }, 1000); // in scope
    await recycle({ originCountry: 'DE', siteCode: 'CN-SZ' }, 200); // received in China
    await recycle({ originCountry: 'CN', siteCode: 'CN-SZ' }, 30); // from China, received in China: one unit
    await recycle({ originCountry: 'CN', siteCode: 'HU-EROC' }, 4); // from China, received in Hungary
  });

  it('when 2024 is asked in default scope, then only the Hungarian unit counts and excluded counts three units once each', async () => {
    const r = await kpis('groupBy=region');
    expect(r.totals).toMatchObject({ unitsReceived: 1, recycledKg: 1000, totalKg: 1000, pendingKg: 0 });
    expect(r.excluded).toEqual({ units: 3, kg: 234, magnetUpgrades: 0 });
    expect(r.groups.map((g: { key: string }) => g.key)).toEqual(['EMEA']);
    expect(r.scope.statement).toContain('excludes 3 units (234 kg) from China');
  });

  it('when includeChina=true, then all four count and nothing is excluded', async () => {
    const r = await kpis('includeChina=true&groupBy=site');
    expect(r.totals).toMatchObject({ unitsReceived: 4, recycledKg: 1234 });
    expect(r.excluded).toEqual({ units: 0, kg: 0, magnetUpgrades: 0 });
    expect(r.groups.map((g: { key: string; unitsReceived: number }) => [g.key, g.unitsReceived])).toEqual([['CN-SZ', 2], ['HU-EROC', 2]]);
  });

  it('when 2024 is locked, then the published figures leave the units received in China out', async () => {
    const lock = await t.as('esg').post('/api/v1/periods/2024/lock', {});
    expect(lock.body.figures).toMatchObject({ unitsReceived: 1, recycledKg: 1000 });
    const sasb = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024');
    expect(sasb.status).toBe(200);
    expect(JSON.stringify(sasb.body)).not.toContain('1234');
  });

  it('when a site in China is asked for without includeChina, then 400 says why, as for region=CHINA', async () => {
    const res = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&siteCode=CN-SZ');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'query.siteCode', message: 'CN-SZ is in China; its units are left out of reports unless includeChina=true' }]);
    const ok = await kpis('siteCode=CN-SZ&includeChina=true');
    expect(ok.totals).toMatchObject({ unitsReceived: 2, recycledKg: 230 });
  });
});
