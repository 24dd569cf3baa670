import { describe, expect, it } from 'vitest';
import { createTestApp, tableCounts, type TestApp } from '../helpers/test-app.js';
import { defaultSet, recordUpgrade, upgradeBody } from './magnet-upgrades.helpers.js';

const UPGRADES = '/api/v1/magnet-upgrades';
const RECALCULATE = '/api/v1/magnet-upgrades/recalculate';

/** The default set posted back with one grid factor changed: every upgrade whose use phase is on that grid moves by that term only. */
async function postGridVariant(t: TestApp, country: string, kgPerKWh: number) {
  const base = await defaultSet(t);
  const body = structuredClone(base) as typeof base & { gridFactors: Record<string, Record<string, number>> };
  Object.assign(body.gridFactors[country]!, { value: kgPerKWh, mode: kgPerKWh, low: Math.min(kgPerKWh, body.gridFactors[country]!.low!) });
  const res = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: `grid-${country}-${kgPerKWh}`, supersedes: base.id });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('recorded upgrades with method inputs', () => {
  it("when an upgrade gives a use phase only, then its site's grid is used, the inputs are stored as given, and the figure equals the estimate with that country", async () => {
    const t = createTestApp();
    const inputs = { remainingLifeYears: 7, useEnergyDeltaMWhPerYear: 8, endOfLife: { approach: 'avoided_burden' } };
    const up = await recordUpgrade(t, { siteCountry: 'JP', ...inputs });
    const estimate = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 1.5, ...inputs, gridCountry: 'JP', iterations: 100, seed: 1 });
    expect(up).toMatchObject({ inputs, avoidedT: estimate.body.totalT, breakdown: estimate.body.breakdown });
    expect(up.method).toEqual(estimate.body.method);
    expect(up.method).toMatchObject({ gridCountry: 'JP', gridFactorSource: 'factor_set_country', proRataFactor: 0.7 });
    const stored = t.db.$client.prepare('SELECT inputs FROM magnet_upgrades WHERE id = ?').pluck().get(up.id) as string;
    expect(JSON.parse(stored)).toEqual(inputs);
    const figure = t.db.$client.prepare('SELECT breakdown FROM magnet_upgrade_figures WHERE upgrade_id = ?').pluck().get(up.id) as string;
    expect(Object.keys(JSON.parse(figure)).sort()).toEqual(
      ['endOfLifeKg', 'heliumKg', 'manufacturingEnergyKg', 'materialsKg', 'remainingLifeKg', 'retainedSubsystemsKg', 'siteWorksKg', 'transportKg', 'usePhaseKg'],
    );
    const read = await t.as('viewer').get(`${UPGRADES}/${up.id}`);
    expect(read.body).toMatchObject({ inputs, method: up.method, breakdown: up.breakdown });
  });

  it.each([
    ["a use phase at a site whose country's grid the set lacks", { siteCountry: 'DE', useEnergyDeltaMWhPerYear: 8 }, 'useEnergyDeltaMWhPerYear', /no grid factor for DE \(the site's country\)/],
    ['a negative remaining life', { remainingLifeYears: -2 }, 'remainingLifeYears', /at least 0/],
    ['an unknown end-of-life approach', { endOfLife: { approach: 'reuse' } }, 'endOfLife.approach', /cut_off/],
    ['a grid factor with no use phase', { gridFactorKgPerKWh: 0.5 }, 'gridFactorKgPerKWh', /only used with/],
  ])('when an upgrade has %s, then 400 naming the field and nothing is stored', async (_n, over, path, message) => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    const res = await t.as('operator').post(UPGRADES, upgradeBody(over));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when a grid factor is given for a site the set does not cover, then the upgrade is recorded with it', async () => {
    const t = createTestApp();
    const up = await recordUpgrade(t, { siteCountry: 'DE', useEnergyDeltaMWhPerYear: 8, gridFactorKgPerKWh: 0.35 });
    expect(up.breakdown).toMatchObject({ usePhaseT: -(8 * 1000 * 0.35 * 10) / 1000 });
    expect(up.method).toMatchObject({ gridFactorSource: 'inputs', gridCountry: null, gridFactorKgPerKWh: 0.35 });
  });
});

describe('recalculation of upgrades with method inputs', () => {
  it('when a set changes one grid factor, then only the use-phase term moves, per upgrade and in total, and applying records it beside the old figure', async () => {
    const t = createTestApp();
    const us = await recordUpgrade(t, { magnetSerial: 'US-1', siteCountry: 'US', useEnergyDeltaMWhPerYear: 10, remainingLifeYears: 4 });
    const hu = await recordUpgrade(t, { magnetSerial: 'HU-1', siteCountry: 'HU', useEnergyDeltaMWhPerYear: 10 });
    const plain = await recordUpgrade(t, { magnetSerial: 'P-1', siteCountry: 'US' });
    const variant = await postGridVariant(t, 'US', 0.3); // 0.39 → 0.3
    const res = await t.as('engineer').post(RECALCULATE, { factorSetId: variant.id });
    expect(res.status).toBe(200);
    const item = (id: string) => res.body.items.find((i: { id: string }) => i.id === id);
    // 10 MWh a year × 4 years (remaining life) × (0.39 − 0.3) kg/kWh less drawn-against: +3.6 t avoided.
    expect(item(us.id).deltaBreakdown).toEqual({ materialsT: 0, manufacturingEnergyT: 0, heliumT: 0, retainedSubsystemsT: 0, siteWorksT: 0, transportT: 0, remainingLifeT: 0, usePhaseT: 3.6 });
    expect(item(us.id).deltaT).toBe(3.6);
    expect(item(hu.id)).toMatchObject({ deltaT: 0, deltaBreakdown: expect.objectContaining({ usePhaseT: 0 }) });
    expect(item(plain.id).deltaBreakdown).toEqual({ materialsT: 0, manufacturingEnergyT: 0, heliumT: 0, retainedSubsystemsT: 0, siteWorksT: 0, transportT: 0 });
    expect(res.body.totals).toMatchObject({ deltaT: 3.6, deltaBreakdown: expect.objectContaining({ usePhaseT: 3.6, remainingLifeT: 0, materialsT: 0 }) });

    const applied = await t.as('engineer').post(RECALCULATE, { factorSetId: variant.id, apply: true });
    expect(applied.status).toBe(200);
    const read = await t.as('viewer').get(`${UPGRADES}/${us.id}`);
    expect(read.body.figures.map((f: { avoidedT: number }) => f.avoidedT)).toEqual([us.avoidedT, Math.round((us.avoidedT + 3.6) * 1000) / 1000]);
    expect(read.body.method).toMatchObject({ gridFactorKgPerKWh: 0.3, gridCountry: 'US' });
    expect(read.body.inputs).toEqual({ useEnergyDeltaMWhPerYear: 10, remainingLifeYears: 4 });
  });

  it('when the set lacks factors an upgrade needs, then 400 names the upgrade and the input, and nothing is stored', async () => {
    const t = createTestApp();
    const first = (await defaultSet(t)).supersedes as string; // 2026.1: no design life, no grid factors
    const up = await recordUpgrade(t, { magnetSerial: 'R-1', siteCountry: 'US', remainingLifeYears: 6 });
    await recordUpgrade(t, { magnetSerial: 'P-2' });
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post(RECALCULATE, { factorSetId: first, apply: true });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'factorSetId', message: expect.stringMatching(new RegExp(`upgrade ${up.id} \\(R-1\\), remainingLifeYears: .*no referenceDesignLife`)) }]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when an upgrade recorded without method inputs is recalculated under 2026.1 and back, then its figure is the same throughout', async () => {
    const t = createTestApp();
    const up = await recordUpgrade(t, { magnetSerial: 'OLD-1' });
    const first = (await defaultSet(t)).supersedes as string;
    const res = await t.as('engineer').post(RECALCULATE, { factorSetId: first });
    expect(res.body.items[0]).toMatchObject({ id: up.id, deltaT: 0, newFigure: true });
    expect(res.body.items[0].after.breakdown).toEqual(up.breakdown);
  });
});
