import { describe, expect, it } from 'vitest';
import { createTestApp, dump, tableCounts, type TestApp } from '../helpers/test-app.js';
import { defaultSet } from './magnet-upgrades.helpers.js';

const ESTIMATE = '/api/v1/estimates/magnet-upgrade';
const SENSITIVITY = '/api/v1/estimates/magnet-upgrade/sensitivity';
const FIRST_SET = async (t: TestApp) => (await defaultSet(t)).supersedes as string; // circularity-default 2026.1

describe('bad method inputs, on the estimate and on the sensitivity', () => {
  // [what, body overrides, the path the 400 names, its message]
  const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['a timeframe of 0 years', { timeframeYears: 0 }, 'timeframeYears', /greater than 0/],
    ['a negative timeframe', { timeframeYears: -5 }, 'timeframeYears', /greater than 0/],
    ['a timeframe in months (120)', { timeframeYears: 120 }, 'timeframeYears', /at most 50/],
    ['a timeframe as text', { timeframeYears: '10' }, 'timeframeYears', /number/],
    ['a negative remaining life', { remainingLifeYears: -1 }, 'remainingLifeYears', /at least 0/],
    ['a remaining life in months (96)', { remainingLifeYears: 96 }, 'remainingLifeYears', /at most 50/],
    ['a use-phase delta in kWh (15,000)', { useEnergyDeltaMWhPerYear: 15_000, gridFactorKgPerKWh: 0.4 }, 'useEnergyDeltaMWhPerYear', /at most 500/],
    ['a use-phase delta below -500', { useEnergyDeltaMWhPerYear: -501, gridFactorKgPerKWh: 0.4 }, 'useEnergyDeltaMWhPerYear', /at least -500/],
    ['a grid factor in g/kWh (400)', { useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 400 }, 'gridFactorKgPerKWh', /at most 2/],
    ['a negative grid factor', { useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: -0.1 }, 'gridFactorKgPerKWh', /at least 0/],
    ['a grid country in lower case', { useEnergyDeltaMWhPerYear: 5, gridCountry: 'us' }, 'gridCountry', /ISO 3166-1 alpha-2/],
    ['an unknown grid country', { useEnergyDeltaMWhPerYear: 5, gridCountry: 'XX' }, 'gridCountry', /not a known ISO 3166-1/],
    ['an unknown end-of-life approach', { endOfLife: { approach: 'landfill' } }, 'endOfLife.approach', /cut_off|avoided_burden/],
    ['an end of life given as a bare string', { endOfLife: 'cut_off' }, 'endOfLife', /object/],
    ['an unknown field in end of life', { endOfLife: { approach: 'cut_off', rate: 0.9 } }, 'endOfLife', /unknown field "rate"/],
    ['both a grid factor and a grid country', { useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 0.3, gridCountry: 'US' }, 'gridCountry', /not both/],
    ['a grid factor without a use phase', { gridFactorKgPerKWh: 0.3 }, 'gridFactorKgPerKWh', /only used with useEnergyDeltaMWhPerYear/],
    ['a grid country without a use phase', { gridCountry: 'HU' }, 'gridCountry', /only used with useEnergyDeltaMWhPerYear/],
    ['a use phase without any grid', { useEnergyDeltaMWhPerYear: 5 }, 'useEnergyDeltaMWhPerYear', /needs gridFactorKgPerKWh or gridCountry/],
    ['a grid country the set has no factor for', { useEnergyDeltaMWhPerYear: 5, gridCountry: 'DE' }, 'gridCountry', /no grid factor for DE; it has HU, IN, JP, US/],
  ];

  describe.each([ESTIMATE, SENSITIVITY])('%s', (url) => {
    it.each(bad)('when the body has %s, then 400 validation.failed naming the field, and nothing changes', async (_n, over, path, message) => {
      const t = createTestApp();
      const before = dump(t.db);
      const res = await t.as('engineer').post(url, { fieldStrengthT: 1.5, iterations: 100, seed: 1, ...over });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'validation.failed', title: expect.any(String), detail: expect.any(String) });
      expect(res.body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
      expect(dump(t.db)).toBe(before);
    });

    it.each([
      ['a remaining life', { remainingLifeYears: 4 }, 'remainingLifeYears', /"circularity-default" 2026\.1 has no referenceDesignLife/],
      ['an end of life', { endOfLife: { approach: 'avoided_burden' } }, 'endOfLife', /has no endOfLifeProcessing, copperRecyclingCredit/],
      ['a use phase with no timeframe', { useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 0.3 }, 'timeframeYears', /no referenceDesignLife to take it from/],
      ['a grid country', { useEnergyDeltaMWhPerYear: 5, gridCountry: 'US', timeframeYears: 10 }, 'gridCountry', /no grid factor for US; it has none/],
    ])('when %s is asked of 2026.1, which lacks the factors, then 400 naming what is missing', async (_n, over, path, message) => {
      const t = createTestApp();
      const res = await t.as('engineer').post(url, { fieldStrengthT: 1.5, iterations: 100, seed: 1, factorSetId: await FIRST_SET(t), ...over });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
    });

    it('when several inputs are wrong at once, then every problem is listed', async () => {
      const t = createTestApp();
      const res = await t.as('engineer').post(url, { fieldStrengthT: 1.5, materials: { copper: 9000 }, gridCountry: 'US', remainingLifeYears: 3, factorSetId: await FIRST_SET(t) });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['gridCountry', 'materials', 'remainingLifeYears']);
    });
  });
});

describe('the method and its terms in the estimate', () => {
  it('when no method input is given, then the figure is the published one and the method says what that assumes', async () => {
    const t = createTestApp();
    const res = await t.as('esg').post(ESTIMATE, { fieldStrengthT: 1.5, iterations: 100, seed: 1 });
    expect(res.status).toBe(200);
    expect(res.body.totalT).toBe(95.639);
    expect(Object.keys(res.body.breakdown).sort()).toEqual(['heliumT', 'manufacturingEnergyT', 'materialsT', 'retainedSubsystemsT', 'siteWorksT', 'transportT']);
    expect(res.body.method).toMatchObject({
      timeframeYears: 10,
      timeframeSource: 'reference_design_life',
      allocation: 'full_burden',
      proRataFactor: 1,
      usePhase: 'same_energy_assumed',
      endOfLifeApproach: 'not_included',
    });
    expect(res.body.method.statement).toMatch(/Equal remaining life assumed.*Same use-phase energy assumed\. End of life not included\./s);
  });

  it('when every method input is given, then each term is in the breakdown, the parts add up, and the inputs are echoed', async () => {
    const t = createTestApp();
    const inputs = { timeframeYears: 8, remainingLifeYears: 6, useEnergyDeltaMWhPerYear: 12, gridCountry: 'US', endOfLife: { approach: 'cut_off' } };
    const res = await t.as('engineer').post(ESTIMATE, { fieldStrengthT: 1.5, iterations: 500, seed: 2, ...inputs });
    expect(res.status).toBe(200);
    expect(res.body.inputs).toEqual(inputs);
    const b = res.body.breakdown;
    expect(b.remainingLifeT).toBeCloseTo(-0.4 * 95.6394, 3); // 4 of 10 years deferred
    expect(b.usePhaseT).toBe(-(12 * 1000 * 0.39 * 6) / 1000); // min(8, 6) years on the US grid
    expect(b.endOfLifeT).toBe((0.6 * 4500 * 0.05) / 1000); // processing only, pro-rated
    const sumKg = Object.values(b as Record<string, number>).reduce((s, x) => s + Math.round(x * 1000), 0);
    expect(Math.round(res.body.totalT * 1000)).toBe(sumKg);
    expect(res.body.method).toMatchObject({ allocation: 'pro_rata_remaining_life', proRataFactor: 0.6, usePhase: 'included', usePhaseYears: 6, gridFactorKgPerKWh: 0.39, gridFactorSource: 'factor_set_country', gridCountry: 'US', endOfLifeApproach: 'cut_off' });
    expect(res.body.monteCarlo.p5).toBeLessThan(res.body.monteCarlo.p95);
  });

  it('when a factor set makes the arithmetic overflow, then 400 says the figure is not finite, and nothing changes', async () => {
    const t = createTestApp();
    const body = structuredClone(await defaultSet(t));
    Object.assign(body.factors.copperFactor!, { value: 1e308, low: 1e308, mode: 1e308, high: 1e308 });
    // The factor bounds refuse such a set at the API; the finite check is the second line,
    // for a set that reached the file another way.
    const refused = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: 'overflow' });
    expect(refused.status).toBe(400);
    const hugeId = storeSetBehindTheApi(t, { ...body, version: 'overflow' }, 'fs_overflow');
    const before = tableCounts(t.db);
    for (const url of [ESTIMATE, SENSITIVITY]) {
      const res = await t.as('engineer').post(url, { fieldStrengthT: 1.5, factorSetId: hugeId, iterations: 100, seed: 1 });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'factorSetId', message: expect.stringMatching(/not a finite number \(materialsT, totalT\)/) }]);
    }
    const rec = await t.as('operator').post('/api/v1/magnet-upgrades', { magnetSerial: 'M-INF', siteCountry: 'US', fieldStrengthT: 1.5, completedAt: '2025-01-02', factorSetId: hugeId });
    expect(rec.status).toBe(400);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when only the range of a factor overflows, then the estimate at the values is finite but its Monte Carlo is not: 400 on both endpoints', async () => {
    const t = createTestApp();
    const body = structuredClone(await defaultSet(t));
    Object.assign(body.factors.copperFactor!, { high: 1e308 });
    expect((await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: 'wide' })).status).toBe(400);
    const wideId = storeSetBehindTheApi(t, { ...body, version: 'wide' }, 'fs_wide');
    for (const url of [ESTIMATE, SENSITIVITY]) {
      const res = await t.as('engineer').post(url, { fieldStrengthT: 1.5, factorSetId: wideId, iterations: 100, seed: 1 });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'factorSetId', message: expect.stringMatching(/not a finite number \(.*monteCarlo\.mean/) }]);
    }
  });
});

describe('POST /estimates/magnet-upgrade/sensitivity', () => {
  it('when the default 1.5 T case is analysed with a seed, then the tornado is sorted and monotone, the shares add up to 1, and the Monte Carlo is the estimate\'s', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const body = { fieldStrengthT: 1.5, iterations: 2000, seed: 42 };
    const res = await t.as('esg').post(SENSITIVITY, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ factorSetId: expect.stringMatching(/^fs_/), factorSet: { version: '2026.2' }, fieldStrengthT: 1.5, totalT: 95.639 });
    const rows = res.body.tornado as { factor: string; totalAtLowT: number; totalAtHighT: number; swingT: number }[];
    expect(rows[0]).toMatchObject({ swingT: 52 });
    expect(rows.map((r) => r.swingT)).toEqual([...rows.map((r) => r.swingT)].sort((a, b) => b - a));
    for (const r of rows) expect(Math.min(r.totalAtLowT, r.totalAtHighT)).toBeLessThanOrEqual(95.639);
    for (const r of rows) expect(Math.max(r.totalAtLowT, r.totalAtHighT)).toBeGreaterThanOrEqual(95.639);
    expect(res.body.noEffect).toContain('freightAir');
    const shares = res.body.contributionToVariance as { factor: string; varianceShare: number }[];
    expect(shares.map((s) => s.factor).sort()).toEqual(rows.map((r) => r.factor).sort());
    expect(Math.abs(shares.reduce((s, c) => s + c.varianceShare, 0) - 1)).toBeLessThanOrEqual(0.00005 * shares.length);
    expect(res.body.notes.contributionToVariance).toMatch(/Spearman/);
    const estimate = await t.as('esg').post(ESTIMATE, body);
    expect(res.body.monteCarlo).toEqual(estimate.body.monteCarlo);
    expect(res.body.method).toEqual(estimate.body.method);
    expect(dump(t.db)).toBe(before);
  });

  it('when the same body is sent twice, then the answers are identical; without a seed one is chosen and answered', async () => {
    const t = createTestApp();
    const body = { fieldStrengthT: 3, remainingLifeYears: 5, useEnergyDeltaMWhPerYear: -6, gridCountry: 'HU', iterations: 500, seed: 3 };
    const a = await t.as('engineer').post(SENSITIVITY, body);
    expect((await t.as('engineer').post(SENSITIVITY, body)).body).toEqual(a.body);
    expect(a.body.tornado.map((r: { factor: string }) => r.factor)).toEqual(expect.arrayContaining(['referenceDesignLife', 'gridFactors.HU']));
    const unseeded = await t.as('engineer').post(SENSITIVITY, { ...body, seed: undefined });
    const again = await t.as('engineer').post(SENSITIVITY, { ...body, seed: unseeded.body.monteCarlo.seed });
    expect(again.body).toEqual(unseeded.body);
  });

  it('when a viewer or an operator asks, then 403', async () => {
    const t = createTestApp();
    for (const role of ['viewer', 'operator'] as const) {
      const res = await t.as(role).post(SENSITIVITY, { fieldStrengthT: 1.5, iterations: 100 });
      expect(res.status).toBe(403);
    }
  });
});

/** Writes a factor set straight into the file, past the API's bounds (as another tool could). */
function storeSetBehindTheApi(t: TestApp, body: { name?: string; version: string }, id: string): string {
  t.db.$client
    .prepare('INSERT INTO factor_sets (id, name, version, supersedes, is_default, body, created_at, created_by) VALUES (?, ?, ?, NULL, 0, ?, ?, ?)')
    .run(id, body.name ?? 'outside the bounds', body.version, JSON.stringify(body), '2025-01-01T00:00:00.000Z', 'test');
  return id;
}
