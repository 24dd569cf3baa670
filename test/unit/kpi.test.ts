import { describe, expect, it } from 'vitest';
import {
  computeKpis,
  diversionRate,
  emptySums,
  toTotals,
  type KpiOptions,
  type OpeningRow,
  type RollupRow,
  type Sums,
  type UpgradeRow,
} from '../../src/modules/kpis/kpi.js';

const row = (over: Partial<RollupRow>): RollupRow => ({
  ...emptySums(),
  month: '2024-01',
  region: 'EMEA',
  category: 'imaging',
  modality: 'CT',
  siteCode: 'HU-EROC',
  ...over,
});
const sums = (over: Partial<Sums>): Sums => ({ ...emptySums(), ...over });
const opts = (over: Partial<KpiOptions> = {}): KpiOptions => ({ from: '2024-01-01', to: '2024-12-31', includeChina: false, ...over });
const upgrade = (over: Partial<UpgradeRow>): UpgradeRow => ({
  id: 'mu_1',
  completedAt: '2024-06-01',
  region: 'USCAN',
  avoidedKg: 100_000,
  factorSetId: 'fs_1',
  factorSetName: 'default',
  factorSetVersion: '1',
  ...over,
});

describe('diversionRate', () => {
  it.each([
    [7_803_106_000, 8_278_048_000, 0.9426],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [5, 5, 1],
    [0, 5, 0],
    [0, 0, null],
  ])('when reused is %d g of %d g, then the rate is %s', (reused, total, rate) => {
    expect(diversionRate(reused, total)).toBe(rate);
  });
});

describe('toTotals', () => {
  it('when grams are summed, then kilograms come out once at the end with reused and total derived', () => {
    const t = toTotals(sums({ refurbishedG: 1_000_001, harvestedG: 250, recycledG: 2_000_000, landfilledG: 99_999, unitsClosed: 2 }), 5_000, {
      count: 2,
      avoidedKg: 201_500,
    });
    expect(t).toMatchObject({
      refurbishedKg: 1000.001,
      harvestedKg: 0.25,
      recycledKg: 2000,
      reusedKg: 3000.251,
      landfilledKg: 99.999,
      totalKg: 3100.25,
      diversionRate: 0.9677,
      pendingKg: 5,
      unitsClosed: 2,
      magnetUpgrades: 2,
      co2AvoidedT: 201.5,
    });
  });
  it('when nothing moved, then the diversion rate is null', () => {
    expect(toTotals(emptySums(), 0).diversionRate).toBeNull();
  });
});

describe('computeKpis', () => {
  const rows: RollupRow[] = [
    row({ month: '2024-01', unitsReceived: 2, intakeG: 3_000_000, recycledG: 700_000, unitsClosed: 1 }),
    row({ month: '2024-05', region: 'USCAN', siteCode: 'US-ROC', modality: '', category: 'ultrasound', refurbishedG: 100_000, refurbishedUnits: 1 }),
    row({ month: '2024-05', region: 'CHINA', unitsReceived: 4, intakeG: 4_000_000, recycledG: 800_000, landfilledG: 200_000 }),
  ];
  // Still pending before `from`: 700 kg in EMEA, 9 t in China.
  const openings: OpeningRow[] = [
    { region: 'EMEA', category: 'imaging', modality: 'CT', siteCode: 'HU-EROC', pendingG: 700_000 },
    { region: 'CHINA', category: 'imaging', modality: 'CT', siteCode: 'HU-EROC', pendingG: 9_000_000 },
  ];

  it('when China is excluded, then its rows move to `excluded` and nothing else counts them', () => {
    const r = computeKpis(rows, openings, [], opts());
    expect(r.totals).toMatchObject({ unitsReceived: 2, unitsClosed: 1, recycledKg: 700, refurbishedKg: 100, totalKg: 800, pendingKg: 2900 });
    expect(r.excluded).toEqual({ units: 4, kg: 1000, magnetUpgrades: 0 });
    expect(r.present).toEqual({ categories: ['imaging', 'ultrasound'], regions: ['EMEA', 'USCAN'] });
  });

  it('when a site is in China, then its rows and opening balance are left out too, each row counted once in excluded', () => {
    const atCn = [...rows, row({ month: '2024-06', region: 'EMEA', siteCode: 'CN-SZ', unitsReceived: 1, intakeG: 50_000, recycledG: 50_000 }), row({ month: '2024-06', region: 'CHINA', siteCode: 'CN-SZ', unitsReceived: 1, intakeG: 7_000, landfilledG: 7_000 })];
    const opens = [...openings, { region: 'EMEA', category: 'imaging', modality: 'CT', siteCode: 'CN-SZ', pendingG: 123_000 }];
    const r = computeKpis(atCn, opens, [], opts(), new Set(['CN-SZ']));
    expect(r.totals).toMatchObject({ unitsReceived: 2, recycledKg: 700, pendingKg: 2900 });
    expect(r.excluded).toEqual({ units: 6, kg: 1057, magnetUpgrades: 0 });
    const all = computeKpis(atCn, opens, [], opts({ includeChina: true }), new Set(['CN-SZ']));
    expect(all.totals).toMatchObject({ unitsReceived: 8, pendingKg: 2900 + 9000 + 3000 + 123 });
  });

  it('when China is included, then it counts like any region and nothing is excluded', () => {
    const r = computeKpis(rows, openings, [], opts({ includeChina: true }));
    expect(r.totals).toMatchObject({ unitsReceived: 6, recycledKg: 1500, landfilledKg: 200, pendingKg: 2900 + 9000 + 3000 });
    expect(r.excluded).toEqual({ units: 0, kg: 0, magnetUpgrades: 0 });
  });

  it.each([
    ['quarter', ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'], [2600, 2500, 2500, 2500]],
    ['year', ['2024'], [2500]],
  ] as const)('when grouped by %s, then every bucket is listed and pending is what is left at its end', (groupBy, keys, pending) => {
    const r = computeKpis(rows, openings, [], opts({ groupBy }));
    expect(r.groups.map((g) => g.key)).toEqual(keys);
    expect(r.groups.map((g) => g.pendingKg)).toEqual(pending.map((p) => p + 400));
  });

  it('when grouped by a dimension, then only keys with figures appear and each has its own pending', () => {
    const r = computeKpis(rows, openings, [], opts({ groupBy: 'modality' }));
    expect(r.groups.map((g) => [g.key, g.unitsReceived, g.reusedKg, g.pendingKg])).toEqual([
      ['CT', 2, 700, 3000],
      ['none', 0, 100, -100],
    ]);
  });

  it('when grouped, then the groups add up to the totals', () => {
    const r = computeKpis(rows, openings, [upgrade({})], opts({ groupBy: 'site' }));
    const sum = (f: 'totalKg' | 'unitsReceived' | 'magnetUpgrades') => r.groups.reduce((a, g) => a + g[f], 0);
    expect([sum('totalKg'), sum('unitsReceived'), sum('magnetUpgrades')]).toEqual([r.totals.totalKg, r.totals.unitsReceived, 1]);
    expect(r.groups.map((g) => g.key)).toEqual(['HU-EROC', 'US-ROC', 'customer_site']);
  });

  describe('magnet upgrades', () => {
    const ups = [
      upgrade({ id: 'a', avoidedKg: 98_765 }),
      upgrade({ id: 'b', avoidedKg: 101_235, factorSetId: 'fs_2', factorSetVersion: '2' }),
      upgrade({ id: 'c', region: 'CHINA', avoidedKg: 90_000 }),
      upgrade({ id: 'd', completedAt: '2025-01-01', avoidedKg: 1 }),
      upgrade({ id: 'e', avoidedKg: null, factorSetId: null }),
    ];
    it('when upgrades are in range, then they count with the latest figure and the factor sets used', () => {
      const r = computeKpis([], [], ups, opts());
      expect(r.totals).toMatchObject({ magnetUpgrades: 3, co2AvoidedT: 200 });
      expect(r.excluded.magnetUpgrades).toBe(1);
      expect(r.factorSets).toEqual([
        { id: 'fs_1', name: 'default', version: '1', upgrades: 1 },
        { id: 'fs_2', name: 'default', version: '2', upgrades: 1 },
      ]);
    });
    it.each([
      [{ siteCode: 'US-ROC' }, 0],
      [{ category: 'surgical' }, 0],
      [{ category: 'magnet' }, 3],
      [{ region: 'USCAN' }, 3],
      [{ region: 'EMEA' }, 0],
      [{ includeChina: true }, 4],
    ])('when the filter is %j, then %d upgrades count', (filter, n) => {
      expect(computeKpis([], [], ups, opts(filter)).totals.magnetUpgrades).toBe(n);
    });
    it('when grouped by modality, then upgrades count under MR', () => {
      const r = computeKpis([], [], ups, opts({ groupBy: 'modality' }));
      expect(r.groups.map((g) => [g.key, g.magnetUpgrades, g.co2AvoidedT])).toEqual([['MR', 3, 200]]);
    });
  });
});
