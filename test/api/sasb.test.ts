import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { buildLedger } from './kpis-ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = createTestApp();
  await buildLedger(t);
});

describe('GET /reports/sasb/hc-ms-410a-2', () => {
  it('when asked for 2024, then reused, recycled and donated add up to the diverted total of /kpis', async () => {
    const res = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024');
    expect(res.status).toBe(200);
    const kpis = (await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31')).body.totals;
    expect(res.body).toMatchObject({
      metric: 'HC-MS-410a.2',
      year: 2024,
      units: 3,
      kg: 6760.25,
      // reused: A sold (2,000) + B's harvested part (300.25); donated: F (120); recycled: B, D, E.
      split: { reusedKg: 2300.25, recycledKg: 4340, donatedKg: 120 },
      reused: { refurbishedForSaleOrRedeploymentKg: 2000, harvestedPartsKg: 300.25 },
      unitDetail: { received: 4, recovered: 3, refurbishedForSaleOrRedeployment: 1, donated: 1 },
      landfilledKg: 10,
      totalKg: 6770.25,
      diversionRate: 0.9985,
      period: { locked: false, latestVersion: null },
    });
    const grams = (kg: number) => Math.round(kg * 1000);
    const { reusedKg, recycledKg, donatedKg } = res.body.split;
    expect(grams(reusedKg) + grams(recycledKg) + grams(donatedKg)).toBe(grams(res.body.kg));
    expect(res.body.kg).toBe(kpis.reusedKg);
    expect(res.body.units).toBe(kpis.unitsClosed);
  });

  it('when asked for 2024, then the scope statement can be pasted under the figure', async () => {
    const res = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024');
    expect(res.body.scope).toMatchObject({
      from: '2024-01-01',
      to: '2024-12-31',
      categories: ['imaging', 'ultrasound', 'surgical'],
      regions: ['USCAN', 'LATAM', 'EMEA', 'JAPAN', 'INDIA'],
      chinaExcluded: true,
      excludedUnits: 1,
      excludedKg: 800,
      statement:
        'Covers imaging, ultrasound and surgical systems returned in USCAN, LATAM, EMEA, JAPAN and INDIA in 2024; ' +
        'excludes 1 unit (800 kg) from China, which the China exclusion policy keeps out of refurbishment and out of these figures.',
    });
  });

  it('when the year is locked, then the answer says which version is published', async () => {
    await t.as('esg').post('/api/v1/periods/2023/lock', {});
    const res = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2023');
    expect(res.body).toMatchObject({ units: 0, kg: 0, landfilledKg: 50, diversionRate: 0, period: { locked: true, latestVersion: 1 } });
  });
});
