import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { buildDownstreamLedger } from './downstream-ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = createTestApp();
  await buildDownstreamLedger(t);
});
const report = (qs: string) => t.as('viewer').get(`/api/v1/reports/downstream?${qs}`);
const zeroMaterials = { ferrous: 0, stainless: 0, copper: 0, aluminium: 0, plastics: 0, electronics: 0, glass: 0, helium: 0, mixed: 0 };

describe('GET /reports/downstream', () => {
  it('when 2024 is asked in default scope, then every vendor’s mass, shipped, receipted and certified kilograms are as worked out by hand', async () => {
    const res = await report('year=2024');
    expect(res.status).toBe(200);
    expect(res.body.vendors).toEqual([
      {
        vendorCode: 'EFW-1',
        name: 'Energy Plant One',
        country: 'DE',
        kg: { recycled: 0, energyRecovered: 200, landfilled: 0, incinerated: 0, otherDisposal: 0 },
        totalKg: 200,
        byMaterial: zeroMaterials,
        shippedKg: 200,
        receiptedKg: 0,
        certifiedKg: 200,
      },
      {
        vendorCode: 'LF-1',
        name: 'Landfill One',
        country: 'US',
        kg: { recycled: 0, energyRecovered: 0, landfilled: 80, incinerated: 0, otherDisposal: 0 },
        totalKg: 80,
        byMaterial: zeroMaterials,
        shippedKg: 50,
        receiptedKg: 0,
        certifiedKg: 50, // 03-31 is the certificate's last day (inclusive); 04-01 is not covered
      },
      {
        vendorCode: 'R-1',
        name: 'Recycler One',
        country: 'US',
        kg: { recycled: 800, energyRecovered: 0, landfilled: 0, incinerated: 0, otherDisposal: 0 },
        totalKg: 800,
        byMaterial: { ...zeroMaterials, ferrous: 400, copper: 100, aluminium: 300 },
        shippedKg: 800,
        receiptedKg: 800,
        certifiedKg: 800,
      },
    ]);
    expect(res.body.withoutVendor).toEqual({ kg: { recycled: 20, energyRecovered: 0, landfilled: 0, incinerated: 0, otherDisposal: 0 }, totalKg: 20 });
    expect(res.body.totals).toEqual({
      outgoingKg: 1100,
      toVendorsKg: 1080,
      certifiedKg: 1050,
      shippedKg: 1050,
      receiptedKg: 800,
      certifiedShare: 0.9545,
      receiptedShare: 0.7273,
      kg: { recycled: 820, energyRecovered: 200, landfilled: 80, incinerated: 0, otherDisposal: 0 },
    });
    expect(res.body.scope).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      includeChina: false,
      excluded: { events: 2, kg: 100 },
      boundary: 'reporting',
      outOfBoundary: { events: 0, kg: 0 },
      statement:
        'Recycled, landfilled, energy-recovered, incinerated and otherwise disposed of mass of 2024 by event date, units from China excluded (2 events, 100 kg); no reporting boundary set for the year; 3 downstream vendors named.',
    });
  });

  it('when the year has a reporting boundary, then the report leaves out what /kpis leaves out, says so, and boundary=none counts it again', async () => {
    const b = createTestApp();
    await buildDownstreamLedger(b);
    const everything = (await b.as('viewer').get('/api/v1/reports/downstream?year=2024')).body;
    // Imaging from USCAN only: the German CT's recycling and landfill fall outside.
    const set = await b.as('esg').post('/api/v1/periods/2024/boundary', { rules: [{ category: 'imaging', regions: ['USCAN'] }], note: 'test' });
    expect(set.status).toBe(200);
    const bounded = (await b.as('viewer').get('/api/v1/reports/downstream?year=2024')).body;
    const kpis = (await b.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31')).body.totals;
    const g = (kg: number) => Math.round(kg * 1000);
    expect(bounded.scope.outOfBoundary.events).toBeGreaterThan(0);
    expect(g(bounded.totals.outgoingKg) + g(bounded.scope.outOfBoundary.kg)).toBe(g(everything.totals.outgoingKg));
    expect(g(bounded.totals.outgoingKg)).toBe(g(kpis.recycledKg) + g(kpis.energyRecoveredKg) + g(kpis.landfilledKg));
    expect(bounded.scope.statement).toContain('within the reporting boundary (Imaging from USCAN)');
    const none = (await b.as('viewer').get('/api/v1/reports/downstream?year=2024&boundary=none')).body;
    expect(none.totals).toEqual(everything.totals);
    expect(none.scope.outOfBoundary).toEqual({ events: 0, kg: 0 });
  });

  it('when the report and /kpis read the same year, then outgoingKg is recycled + energy-recovered + landfilled of /kpis, to the gram', async () => {
    for (const [year, china] of [[2023, false], [2024, false], [2024, true]] as const) {
      const d = (await report(`year=${year}&includeChina=${china}`)).body.totals;
      const k = (await t.as('viewer').get(`/api/v1/kpis?from=${year}-01-01&to=${year}-12-31&includeChina=${china}`)).body.totals;
      const g = (kg: number) => Math.round(kg * 1000);
      expect(g(d.outgoingKg)).toBe(g(k.recycledKg) + g(k.energyRecoveredKg) + g(k.landfilledKg));
      expect([d.kg.recycled, d.kg.energyRecovered, d.kg.landfilled]).toEqual([k.recycledKg, k.energyRecoveredKg, k.landfilledKg]);
    }
  });

  it('when China is included, then its recycling counts as certified and its landfill after the certificate as not', async () => {
    const res = await report('year=2024&includeChina=true');
    expect(res.body.scope.excluded).toEqual({ events: 0, kg: 0 });
    expect(res.body.totals).toMatchObject({ outgoingKg: 1200, toVendorsKg: 1180, certifiedKg: 1110, receiptedKg: 800 });
    expect(res.body.vendors.find((v: { vendorCode: string }) => v.vendorCode === 'R-1')).toMatchObject({ totalKg: 860, certifiedKg: 860, shippedKg: 800 });
  });

  it('when 2023 is asked, then its load counts there (by event date) although its receipt came in 2024', async () => {
    const res = await report('year=2023');
    expect(res.body.totals).toMatchObject({ outgoingKg: 100, certifiedKg: 100, receiptedKg: 100, receiptedShare: 1 });
  });

  it('when a year has no outgoing mass, then the shares are null and no vendor is listed', async () => {
    const res = await report('year=2021');
    expect(res.body).toMatchObject({ vendors: [], totals: { outgoingKg: 0, certifiedShare: null, receiptedShare: null } });
  });

  it.each([['year=24'], [''], ['year=2024&includeChina=yes'], ['year=2024&vendor=R-1']])('when the query is %s, then 400 validation.failed', async (qs) => {
    const res = await report(qs);
    expect([res.status, res.body.code]).toEqual([400, 'validation.failed']);
  });
});
