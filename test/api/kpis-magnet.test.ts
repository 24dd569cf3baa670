import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Magnet upgrades are recorded by another module; these rows are written directly so
 * the report's query is proven against the tables it will read.
 */
let t: TestApp;

function insertSet(id: string, version: string) {
  t.db.$client
    .prepare(`INSERT INTO factor_sets (id, name, version, is_default, body, created_at, created_by) VALUES (?, 'screening-lca', ?, 0, '{}', '2026-01-01T00:00:00Z', 'key_x')`)
    .run(id, version);
}
function insertUpgrade(id: string, siteCountry: string, region: string, completedAt: string) {
  t.db.$client
    .prepare(
      `INSERT INTO magnet_upgrades (id, magnet_serial, site_country, region, field_strength_t, completed_at, inputs, created_at, created_by)
       VALUES (?, ?, ?, ?, '1.5', ?, '{}', '2026-01-01T00:00:00Z', 'key_x')`,
    )
    .run(id, `MAG-${id}`, siteCountry, region, completedAt);
}
function insertFigure(upgradeId: string, factorSetId: string, avoidedKg: number, kind: 'initial' | 'recalculation') {
  t.db.$client
    .prepare(
      `INSERT INTO magnet_upgrade_figures (upgrade_id, factor_set_id, avoided_kg, breakdown, kind, computed_at, computed_by)
       VALUES (?, ?, ?, '{}', ?, '2026-01-01T00:00:00Z', 'key_x')`,
    )
    .run(upgradeId, factorSetId, avoidedKg, kind);
}

beforeAll(() => {
  t = createTestApp();
  insertSet('fs_v1', '1.0');
  insertSet('fs_v2', '2.0');
  insertUpgrade('mu_us', 'US', 'USCAN', '2024-03-10');
  insertFigure('mu_us', 'fs_v1', 98_500, 'initial');
  insertFigure('mu_us', 'fs_v2', 101_250, 'recalculation'); // the latest figure wins
  insertUpgrade('mu_de', 'DE', 'EMEA', '2024-11-30');
  insertFigure('mu_de', 'fs_v1', 99_001, 'initial');
  insertUpgrade('mu_cn', 'CN', 'CHINA', '2024-06-01');
  insertFigure('mu_cn', 'fs_v1', 97_000, 'initial');
  insertUpgrade('mu_late', 'JP', 'JAPAN', '2025-01-01');
  insertFigure('mu_late', 'fs_v1', 100_000, 'initial');
});

describe('magnet upgrades in /kpis', () => {
  it('when upgrades completed in 2024, then they count once each with their latest figure, China left out', async () => {
    const res = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31');
    expect(res.body.totals).toMatchObject({ magnetUpgrades: 2, co2AvoidedT: 200.251 });
    expect(res.body.excluded).toEqual({ units: 0, kg: 0, magnetUpgrades: 1 });
    expect(res.body.factorSets).toEqual([
      { id: 'fs_v1', name: 'screening-lca', version: '1.0', upgrades: 1 },
      { id: 'fs_v2', name: 'screening-lca', version: '2.0', upgrades: 1 },
    ]);
  });

  it('when China is included, then the Chinese upgrade counts too', async () => {
    const res = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&includeChina=true');
    expect(res.body.totals).toMatchObject({ magnetUpgrades: 3, co2AvoidedT: 297.251 });
    expect(res.body.excluded.magnetUpgrades).toBe(0);
  });

  it('when grouped by quarter and by region, then each upgrade lands in its own group', async () => {
    const q = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&groupBy=quarter');
    expect(q.body.groups.map((g: { key: string; magnetUpgrades: number; co2AvoidedT: number }) => [g.key, g.magnetUpgrades, g.co2AvoidedT])).toEqual([
      ['2024-Q1', 1, 101.25],
      ['2024-Q2', 0, 0],
      ['2024-Q3', 0, 0],
      ['2024-Q4', 1, 99.001],
    ]);
    const r = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&groupBy=region');
    expect(r.body.groups.map((g: { key: string; magnetUpgrades: number }) => [g.key, g.magnetUpgrades])).toEqual([
      ['EMEA', 1],
      ['USCAN', 1],
    ]);
  });

  it('when a year is locked, then the published figures carry the upgrades', async () => {
    const res = await t.as('esg').post('/api/v1/periods/2024/lock', {});
    expect(res.body.figures).toMatchObject({ magnetUpgrades: 2, co2AvoidedT: 200.251 });
  });
});
