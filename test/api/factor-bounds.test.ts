import { describe, expect, it } from 'vitest';
import { FACTOR_KEYS, FACTOR_SPECS } from '../../src/modules/magnet-upgrades/factor-set.schemas.js';
import { assertFiniteFigures } from '../../src/modules/magnet-upgrades/finite.js';
import { DomainError } from '../../src/domain/errors.js';
import { createTestApp, tableCounts } from '../helpers/test-app.js';
import { defaultSet, upgradeBody } from './magnet-upgrades.helpers.js';

// Issue 10, finding 4: unbounded factors stored 1e308-sized values and turned co2AvoidedT
// into null in JSON and "Infinity" in CSV. Every factor has a bound, and every computed
// figure is finite or the request is 400.

const t = createTestApp();
const at = (f: Record<string, unknown>, v: number) => Object.assign(f, { value: v, low: v, mode: v, high: v });

describe('factor bounds', () => {
  it('when the factor list is read, then every factor has a ceiling', () => {
    for (const k of FACTOR_KEYS) expect((FACTOR_SPECS[k] as { max?: number }).max, k).toBeGreaterThan(0);
  });

  it.each(FACTOR_KEYS)('when %s is 1e300 in a new set, then 400 naming it and nothing is stored', async (key) => {
    const body = structuredClone(await defaultSet(t));
    at(body.factors[key]!, 1e300);
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: `huge-${key}` });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(`factors.${key}.value`);
    expect(res.body.errors.find((e: { path: string }) => e.path === `factors.${key}.value`).message).toMatch(/must be at most \d/);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it.each([
    ['magnetMass1_5T', 4.5, 'tonnes typed as kilograms'],
    ['fabricationUplift', 0.5, 'an uplift that would shrink the materials'],
    ['grossFreightMass1_5T', 0.01, 'kilograms typed as tonnes… backwards'],
  ])('when %s is %s (%s), then 400 under its floor', async (key, value) => {
    const body = structuredClone(await defaultSet(t));
    at(body.factors[key]!, value);
    const res = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: `low-${key}` });
    expect(res.status).toBe(400);
    expect(res.body.errors.find((e: { path: string }) => e.path === `factors.${key}.value`).message).toMatch(/must be at least/);
  });

  it('when every factor and input sits at its bound, then the estimate, the recorded upgrade, the KPIs and their CSV hold finite numbers', async () => {
    const body = structuredClone(await defaultSet(t));
    for (const k of FACTOR_KEYS) at(body.factors[k]!, (FACTOR_SPECS[k] as { max: number }).max);
    const created = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: 'all-at-max' });
    expect(created.status).toBe(201);
    const inputs = {
      fieldStrengthT: 3,
      magnetMassKg: 50_000,
      transportLegs: Array.from({ length: 20 }, () => ({ mode: 'air', km: 40_000 })),
      factorSetId: created.body.id,
    };
    const est = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { ...inputs, iterations: 100, seed: 7 });
    expect(est.status).toBe(200);
    expect(Number.isFinite(est.body.totalT)).toBe(true);
    expect(est.body.totalT).toBeGreaterThan(100_000);
    for (const v of [...Object.values(est.body.breakdown), ...Object.values(est.body.monteCarlo)]) expect(Number.isFinite(v)).toBe(true);
    const up = await t.as('engineer').post('/api/v1/magnet-upgrades', upgradeBody({ ...inputs, completedAt: '2025-01-10' }));
    expect(up.status).toBe(201);
    expect(up.body.avoidedT).toBe(est.body.totalT);
    const kpis = await t.as('viewer').get('/api/v1/kpis?from=2025-01-01&to=2025-12-31&groupBy=year');
    expect(kpis.body.totals.co2AvoidedT).toBe(est.body.totalT);
    const csv = await t.as('viewer').get('/api/v1/kpis?from=2025-01-01&to=2025-12-31&groupBy=year&format=csv');
    expect(csv.text).not.toMatch(/Infinity|NaN/);
    expect(csv.text).toContain(String(est.body.totalT));
  });
});

describe('the finite check', () => {
  it.each([[Infinity], [-Infinity], [NaN]])('when a figure is %s, then 400 validation.failed naming its path', (bad) => {
    try {
      assertFiniteFigures({ totalT: 1, breakdown: { transportT: bad } }, 'the estimate');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('validation.failed');
      expect((err as DomainError).errors).toEqual([{ path: 'breakdown.transportT', message: expect.stringContaining('not a finite number') }]);
    }
  });

  it('when every figure is finite, then the value passes through unchanged', () => {
    const v = { a: 1, b: [2, { c: 3 }], d: 'text', e: null };
    expect(assertFiniteFigures(v)).toBe(v);
  });
});
