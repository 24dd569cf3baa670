import { beforeAll, describe, expect, it } from 'vitest';
import { addEvent } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { buildDownstreamLedger } from './downstream-ledger.js';
import { LATER_ZERO, ZERO } from './kpis-ledger.js';

let t: TestApp;
let ledger: Awaited<ReturnType<typeof buildDownstreamLedger>>;
beforeAll(async () => {
  t = createTestApp();
  ledger = await buildDownstreamLedger(t);
});
const kpis = (qs: string) => t.as('viewer').get(`/api/v1/kpis?${qs}`);

// 2024 in default scope (U2 is from China): U1 received; 820 kg recycled, 200 energy-recovered, 80 landfilled.
const Y2024 = {
  ...ZERO,
  unitsReceived: 1,
  recycledKg: 820,
  reusedKg: 820,
  landfilledKg: 80,
  energyRecoveredKg: 200,
  totalKg: 1100, // reused + energy-recovered + landfilled
  diversionRate: 0.7455, // 820 / 1,100
  recoveryRate: 0.9273, // (820 + 200) / 1,100
  pendingKg: 300, // U1 200 + U3 100
  ...LATER_ZERO,
};

describe('KPIs with energy recovery', () => {
  it('when 2024 is asked, then energy recovery counts in totalKg and recoveryRate but not in reusedKg or diversion', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31');
    expect(res.body.totals).toEqual(Y2024);
    expect(res.body.excluded).toEqual({ units: 1, kg: 100, magnetUpgrades: 0 });
    expect(res.body.notes.recoveryRate).toContain('(reusedKg + energyRecoveredKg) / totalKg');
  });

  it('when grouped by month and by site, then each group carries its energy recovery and the groups add up', async () => {
    const months = (await kpis('from=2024-01-01&to=2024-04-30&groupBy=month')).body.groups;
    expect(months.map((g: Record<string, unknown>) => [g.key, g.recycledKg, g.energyRecoveredKg, g.landfilledKg, g.totalKg, g.diversionRate, g.recoveryRate, g.pendingKg])).toEqual([
      ['2024-01', 300, 0, 0, 300, 1, 1, 100],
      ['2024-02', 0, 0, 0, 0, null, null, 1100],
      ['2024-03', 500, 200, 50, 750, 0.6667, 0.9333, 350],
      ['2024-04', 20, 0, 30, 50, 0.4, 0.4, 300],
    ]);
    const sites = (await kpis('from=2024-01-01&to=2024-12-31&groupBy=site')).body.groups;
    expect(sites.map((g: Record<string, unknown>) => [g.key, g.energyRecoveredKg, g.totalKg])).toEqual([
      ['HU-EROC', 200, 800],
      ['US-ROC', 0, 300],
    ]);
  });

  it('when asked for CSV, then the v1.1 columns follow the v1.0 ones (and v1.2’s follow them)', async () => {
    const res = await kpis('from=2024-01-01&to=2024-12-31&format=csv');
    const [header, row] = res.text.trim().split('\n');
    expect(header!.split(',').slice(-6)).toEqual(['magnetUpgrades', 'co2AvoidedT', 'energyRecoveredKg', 'recoveryRate', 'incineratedKg', 'otherDisposalKg']);
    expect(row).toBe('total,1,0,0,0,0,0,820,820,80,1100,0.7455,300,0,0,200,0.9273,0,0');
  });

  it('when the daily roll-up is summed, then its energy-recovered grams equal the units’ to the gram', () => {
    const q = (sql: string) => t.db.$client.prepare(sql).pluck().get();
    expect(q('SELECT sum(energy_recovered_g) FROM kpi_daily')).toBe(200_000);
    expect(q('SELECT sum(energy_recovered_g) FROM units')).toBe(200_000);
  });

  it('when the SASB figure is asked, then energy recovery is shown for context, outside the reused/recycled/donated figure', async () => {
    const res = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024');
    expect(res.body).toMatchObject({ kg: 820, split: { reusedKg: 0, recycledKg: 820, donatedKg: 0 }, energyRecoveredKg: 200, landfilledKg: 80, totalKg: 1100, diversionRate: 0.7455 });
    expect(res.body.notes.energyRecoveredKg).toContain('not part of the SASB figure');
  });
});

describe('periods carry energy recovery', () => {
  it('when 2024 is published and its energy recovery is then voided, then the version keeps it and differences show the move', async () => {
    const locked = await t.as('esg').post('/api/v1/periods/2024/lock', { note: 'FY2024' });
    expect(locked.body.figures).toEqual(Y2024);
    await t.as('admin').post('/api/v1/periods/2024/unlock', { reason: 'the plant returned the load' });
    // Its shipment is still open, so the event can be voided.
    const v = await addEvent(t, ledger.u1.id, { type: 'voided', occurredAt: '2024-04-05', eventId: ledger.events.e200.id, reason: 'load refused by the plant' });
    expect(v.status).toBe(201);
    const p = (await t.as('viewer').get('/api/v1/periods/2024')).body;
    expect(p.versions[0].figures).toEqual(Y2024);
    expect(p.differences).toEqual({
      energyRecoveredKg: { published: 200, current: 0, delta: -200 },
      totalKg: { published: 1100, current: 900, delta: -200 },
      diversionRate: { published: 0.7455, current: 0.9111, delta: 0.1656 },
      recoveryRate: { published: 0.9273, current: 0.9111, delta: -0.0162 },
      pendingKg: { published: 300, current: 500, delta: 200 },
    });
  });

  it('when a version was published before energy recovery existed (v1.0 figures), then it reads with energyRecoveredKg 0 and recoveryRate = diversionRate, and no difference appears', async () => {
    const now = (await kpis('from=2023-01-01&to=2023-12-31')).body.totals;
    const { energyRecoveredKg: _e, recoveryRate: _r, incineratedKg: _i, otherDisposalKg: _o, ...v10Figures } = now;
    t.db.$client
      .prepare("INSERT INTO period_versions (year, version, published_at, published_by, note, figures) VALUES (2023, 1, '2025-01-31T00:00:00.000Z', 'key_old', 'v1.0', ?)")
      .run(JSON.stringify(v10Figures));
    const p = (await t.as('viewer').get('/api/v1/periods/2023')).body;
    expect(p.versions[0].figures).toEqual({ ...v10Figures, energyRecoveredKg: 0, recoveryRate: v10Figures.diversionRate, ...LATER_ZERO });
    expect(p.differences).toEqual({});
    // The stored row is untouched.
    expect(JSON.parse(t.db.$client.prepare('SELECT figures FROM period_versions WHERE year = 2023').pluck().get() as string)).toEqual(v10Figures);
  });
});
