import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';

// The two halves built apart: recorded upgrades (magnet-upgrades module) must show in /kpis.
describe('magnet upgrades in the KPIs', () => {
  it('when upgrades are recorded and one is recalculated, then /kpis counts them by year and region with the latest figures', async () => {
    const t = createTestApp();
    const up = (body: object) => t.as('engineer').post('/api/v1/magnet-upgrades', body);
    const a = await up({ magnetSerial: 'M-1', siteCountry: 'DE', fieldStrengthT: 1.5, completedAt: '2024-02-01' });
    const b = await up({ magnetSerial: 'M-2', siteCountry: 'US', fieldStrengthT: 3, completedAt: '2024-05-01' });
    const cn = await up({ magnetSerial: 'M-3', siteCountry: 'CN', fieldStrengthT: 1.5, completedAt: '2024-06-01' });
    const other = await up({ magnetSerial: 'M-4', siteCountry: 'DE', fieldStrengthT: 1.5, completedAt: '2023-06-01' });
    for (const r of [a, b, cn, other]) expect(r.status).toBe(201);

    const kpis = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&groupBy=region');
    expect(kpis.status).toBe(200);
    const expectedT = Math.round((a.body.avoidedT + b.body.avoidedT) * 1000) / 1000;
    expect(kpis.body.totals.magnetUpgrades).toBe(2);
    expect(kpis.body.totals.co2AvoidedT).toBeCloseTo(expectedT, 3);
    expect(kpis.body.excluded.magnetUpgrades).toBe(1);
    const byRegion = Object.fromEntries(kpis.body.groups.map((g: { key: string; magnetUpgrades: number }) => [g.key, g.magnetUpgrades]));
    expect(byRegion).toMatchObject({ EMEA: 1, USCAN: 1 });
    expect(JSON.stringify(kpis.body.factorSets)).toContain(a.body.factorSetId);

    const withChina = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&includeChina=true');
    expect(withChina.body.totals.magnetUpgrades).toBe(3);

    // A recalculation applied with a new set: KPIs read each upgrade's latest figure.
    const set = await t.as('viewer').get(`/api/v1/factor-sets/${a.body.factorSetId}`);
    const { id: _i, createdAt: _c, createdBy: _b, ...body } = set.body;
    body.version = '2026.3';
    body.supersedes = set.body.id;
    body.factors.siteWorks = { ...body.factors.siteWorks, value: 10, mode: 10 };
    const newSet = await t.as('engineer').post('/api/v1/factor-sets', body);
    expect(newSet.status).toBe(201);
    const rec = await t.as('engineer').post('/api/v1/magnet-upgrades/recalculate', { factorSetId: newSet.body.id, year: 2024, apply: true });
    expect(rec.status).toBe(200);
    const after = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31');
    // siteWorks +2 t per upgrade, two upgrades in scope.
    expect(after.body.totals.co2AvoidedT).toBeCloseTo(expectedT + 4, 3);
    expect(JSON.stringify(after.body.factorSets)).toContain(newSet.body.id);
  });
});
