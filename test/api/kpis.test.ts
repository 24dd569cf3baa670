import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { buildLedger, v10, ZERO } from './kpis-ledger.js';

let t: TestApp;
let ledger: Awaited<ReturnType<typeof buildLedger>>;
const kpis = (qs: string) => t.as('viewer').get(`/api/v1/kpis?${qs}`);

beforeAll(async () => {
  t = createTestApp();
  ledger = await buildLedger(t);
});

// 2024 in default scope: A, B, D, F received (C is Chinese, E came in 2023); A, E, F closed.
const Y2024 = {
  ...ZERO,
  unitsReceived: 4,
  unitsClosed: 3,
  refurbishedUnits: 2,
  partsHarvested: 1,
  refurbishedKg: 2120,
  harvestedKg: 300.25,
  recycledKg: 4340,
  reusedKg: 6760.25,
  landfilledKg: 10,
  totalKg: 6770.25,
  diversionRate: 0.9985, // 6,760.25 / 6,770.25 = 0.99852…
  pendingKg: 750.25, // B 700.25 + D 50
};

describe('GET /kpis over a hand-built ledger', () => {
  it('when asking for 2024, then every total matches the worked-out figures and China is left out', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31');
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual(v10(Y2024));
    expect(res.body.groups).toEqual([]);
    expect(res.body.excluded).toEqual({ units: 1, kg: 800, magnetUpgrades: 0 });
    expect(res.body.factorSets).toEqual([]);
    expect(res.body.generatedAt).toBe('2026-06-15T12:00:00.000Z');
    expect(res.body.scope).toMatchObject({
      from: '2024-01-01',
      to: '2024-12-31',
      defaultedPeriod: false,
      groupBy: null,
      includeChina: false,
      categories: ['imaging', 'ultrasound', 'surgical'],
      regions: ['USCAN', 'LATAM', 'EMEA', 'JAPAN', 'INDIA'],
    });
    expect(res.body.scope.statement).toBe(
      'Covers imaging, ultrasound and surgical systems returned in USCAN, LATAM, EMEA, JAPAN and INDIA in 2024; ' +
        'excludes 1 unit (800 kg) from China, which the China exclusion policy keeps out of refurbishment and out of these figures.',
    );
    expect(res.body.notes.co2AvoidedT).toMatch(/comparison against installing a new system.*apart from the emissions inventory/);
  });

  it('when the void and the rest of unit B land in 2025, then 2025 counts only the effective events', async () => {
    const res = await kpis('from=2025-01-01&to=2025-12-31');
    expect(res.body.totals).toEqual(
      v10({
        ...ZERO,
        unitsClosed: 1,
        recycledKg: 200,
        reusedKg: 200,
        landfilledKg: 500.25, // the voided 700.25 never counts
        totalKg: 700.25,
        diversionRate: 0.2856,
        pendingKg: 50,
      }),
    );
  });

  it('when grouped by year across the boundary, then each year carries its own flows and its year-end pending', async () => {
    const res = await kpis('from=2023-01-01&to=2025-12-31&groupBy=year');
    expect(res.body.groups).toEqual([
      { key: '2023', ...ZERO, unitsReceived: 1, landfilledKg: 50, totalKg: 50, diversionRate: 0, pendingKg: 300 },
      { key: '2024', ...Y2024 },
      { key: '2025', ...ZERO, unitsClosed: 1, recycledKg: 200, reusedKg: 200, landfilledKg: 500.25, totalKg: 700.25, diversionRate: 0.2856, pendingKg: 50 },
    ].map(v10));
    expect(res.body.totals).toMatchObject({ unitsReceived: 5, unitsClosed: 4, totalKg: 7520.5, pendingKg: 50 });
  });

  it('when grouped by quarter, then empty quarters are listed and pending runs on', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31&groupBy=quarter');
    expect(res.body.groups).toEqual([
      { key: '2024-Q1', ...ZERO, unitsReceived: 1, unitsClosed: 1, recycledKg: 300, reusedKg: 300, totalKg: 300, diversionRate: 1, pendingKg: 2000 },
      { key: '2024-Q2', ...ZERO, unitsReceived: 1, unitsClosed: 2, refurbishedUnits: 2, refurbishedKg: 2120, reusedKg: 2120, totalKg: 2120, diversionRate: 1 },
      { key: '2024-Q3', ...ZERO },
      {
        key: '2024-Q4',
        ...ZERO,
        unitsReceived: 2,
        partsHarvested: 1,
        harvestedKg: 300.25,
        recycledKg: 4040,
        reusedKg: 4340.25,
        landfilledKg: 10,
        totalKg: 4350.25,
        diversionRate: 0.9977,
        pendingKg: 750.25,
      },
    ].map(v10));
  });

  it('when grouped by region, then each region has its own figures and pending', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31&groupBy=region');
    expect(res.body.groups).toEqual([
      { key: 'EMEA', ...ZERO, unitsReceived: 1, partsHarvested: 1, harvestedKg: 300.25, recycledKg: 4000, reusedKg: 4300.25, totalKg: 4300.25, diversionRate: 1, pendingKg: 700.25 },
      { key: 'INDIA', ...ZERO, unitsClosed: 1, recycledKg: 300, reusedKg: 300, totalKg: 300, diversionRate: 1 },
      { key: 'JAPAN', ...ZERO, unitsReceived: 1, recycledKg: 40, reusedKg: 40, landfilledKg: 10, totalKg: 50, diversionRate: 0.8, pendingKg: 50 },
      { key: 'LATAM', ...ZERO, unitsReceived: 1, unitsClosed: 1, refurbishedUnits: 1, refurbishedKg: 120, reusedKg: 120, totalKg: 120, diversionRate: 1 },
      { key: 'USCAN', ...ZERO, unitsReceived: 1, unitsClosed: 1, refurbishedUnits: 1, refurbishedKg: 2000, reusedKg: 2000, totalKg: 2000, diversionRate: 1 },
    ].map(v10));
  });

  it('when grouped by modality, then units without one fall under "none"', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31&groupBy=modality');
    expect(res.body.groups.map((g: { key: string; unitsReceived: number; reusedKg: number; pendingKg: number }) => [g.key, g.unitsReceived, g.reusedKg, g.pendingKg])).toEqual([
      ['CT', 1, 2000, 0],
      ['MR', 1, 4300.25, 700.25],
      ['none', 2, 460, 50],
    ]);
  });

  it('when China is included, then unit C counts and nothing is excluded', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31&includeChina=true&groupBy=site');
    expect(res.body.totals).toEqual(v10({
      ...Y2024,
      unitsReceived: 5,
      unitsClosed: 4,
      recycledKg: 5040,
      reusedKg: 7460.25,
      landfilledKg: 110,
      totalKg: 7570.25,
      diversionRate: 0.9855,
    }));
    expect(res.body.excluded).toEqual({ units: 0, kg: 0, magnetUpgrades: 0 });
    expect(res.body.groups.map((g: { key: string }) => g.key)).toEqual(['HU-EROC', 'IN-RC', 'JP-RC', 'US-ROC']);
    expect(res.body.scope.statement).toContain('includes units from China (includeChina=true)');
  });

  it.each([
    ['category=ultrasound', { ...ZERO, unitsReceived: 2, unitsClosed: 1, refurbishedUnits: 1, refurbishedKg: 120, recycledKg: 40, reusedKg: 160, landfilledKg: 10, totalKg: 170, diversionRate: 0.9412, pendingKg: 50 }, { units: 0, kg: 0, magnetUpgrades: 0 }],
    ['siteCode=US-ROC', { ...ZERO, unitsReceived: 2, unitsClosed: 2, refurbishedUnits: 2, refurbishedKg: 2120, reusedKg: 2120, totalKg: 2120, diversionRate: 1 }, { units: 1, kg: 800, magnetUpgrades: 0 }],
    ['region=CHINA&includeChina=true', { ...ZERO, unitsReceived: 1, unitsClosed: 1, recycledKg: 700, reusedKg: 700, landfilledKg: 100, totalKg: 800, diversionRate: 0.875 }, { units: 0, kg: 0, magnetUpgrades: 0 }],
    ['region=INDIA', { ...ZERO, unitsClosed: 1, recycledKg: 300, reusedKg: 300, totalKg: 300, diversionRate: 1 }, { units: 0, kg: 0, magnetUpgrades: 0 }],
  ])('when filtered by %s, then only that scope counts', async (filter, totals, excluded) => {
    const res = await kpis(`from=2024-01-01&to=2024-12-31&${filter}`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual(v10(totals));
    expect(res.body.excluded).toEqual(excluded);
  });

  it('when from and to are absent, then the current calendar year of the clock is used and the scope says so', async () => {
    const res = await kpis('');
    expect(res.body.scope).toMatchObject({ from: '2026-01-01', to: '2026-12-31', defaultedPeriod: true });
    expect(res.body.scope.statement).toContain('defaults to 2026-01-01 to 2026-12-31');
    expect(res.body.totals).toEqual(v10({ ...ZERO, pendingKg: 50 }));
  });

  it('when only from is given, then to is the end of that year', async () => {
    const res = await kpis('from=2024-06-01');
    expect(res.body.scope).toMatchObject({ from: '2024-06-01', to: '2024-12-31', defaultedPeriod: true });
  });

  it('when asked for CSV, then one row per group comes under a header naming the fields', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31&groupBy=region&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kpis_2024-01-01_2024-12-31_by-region.csv"');
    expect(res.text.trim().split('\n')).toEqual([
      // v1.0's columns in their places; v1.1 adds energyRecoveredKg and recoveryRate at the end, v1.2 incineratedKg and otherDisposalKg after them.
      'key,unitsReceived,unitsClosed,refurbishedUnits,partsHarvested,refurbishedKg,harvestedKg,recycledKg,reusedKg,landfilledKg,totalKg,diversionRate,pendingKg,magnetUpgrades,co2AvoidedT,energyRecoveredKg,recoveryRate,incineratedKg,otherDisposalKg',
      'EMEA,1,0,0,1,0,300.25,4000,4300.25,0,4300.25,1,700.25,0,0,0,1,0,0',
      'INDIA,0,1,0,0,0,0,300,300,0,300,1,0,0,0,0,1,0,0',
      'JAPAN,1,0,0,0,0,0,40,40,10,50,0.8,50,0,0,0,0.8,0,0',
      'LATAM,1,1,1,0,120,0,0,120,0,120,1,0,0,0,0,1,0,0',
      'USCAN,1,1,1,0,2000,0,0,2000,0,2000,1,0,0,0,0,1,0,0',
    ]);
  });

  it('when asked for CSV without groupBy, then the single row is the totals, and a null rate is an empty cell', async () => {
    const res = await kpis('from=2026-01-01&to=2026-12-31&format=csv');
    expect(res.text.trim().split('\n')[1]).toBe('total,0,0,0,0,0,0,0,0,0,0,,50,0,0,0,,0,0');
  });

  it('when the ledger was built, then the units stand where the figures say', async () => {
    const state = async (id: string) => (await t.as('viewer').get(`/api/v1/units/${id}`)).body;
    expect((await state(ledger.b.id)).state).toBe('closed');
    expect((await state(ledger.d.id)).massBalance.remainingKg).toBe(50);
    expect((await state(ledger.c.id)).exclusionReason).toBe('china_policy');
  });
});
