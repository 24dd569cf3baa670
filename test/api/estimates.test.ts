import { describe, expect, it } from 'vitest';
import { createTestApp, dump, tableCounts } from '../helpers/test-app.js';
import { postVariantSet } from './magnet-upgrades.helpers.js';

const URL = '/api/v1/estimates/magnet-upgrade';

describe('POST /estimates/magnet-upgrade', () => {
  it('when the default 1.5 T case is estimated with seed 42, then the figures are pinned and nothing is saved', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await t.as('esg').post(URL, { fieldStrengthT: 1.5, seed: 42 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      factorSetId: expect.stringMatching(/^fs_/),
      factorSet: { name: 'circularity-default', version: '2026.2' },
      fieldStrengthT: 1.5,
      inputs: {},
      assumptions: {
        magnetMassKg: 4500,
        magnetMassSource: 'factor_set_reference',
        transportLegs: [{ mode: 'road', km: 500 }, { mode: 'sea', km: 12_000 }, { mode: 'road', km: 800 }],
        transportRouteSource: 'factor_set_default',
      },
      totalT: 95.639,
      breakdown: { materialsT: 33.696, manufacturingEnergyT: 32, heliumT: 7.5, retainedSubsystemsT: 12.5, siteWorksT: 8, transportT: 1.943 },
      // The pinned figures of test/unit/monte-carlo.test.ts: the API adds nothing to the draw.
      monteCarlo: { p5: 83.239, p50: 111.646, p95: 148.505, mean: 113.074, iterations: 10_000, seed: 42 },
    });
    expect(res.body.notes.comparison).toMatch(/installing a new system.*apart from any Scope 1–3 inventory/s);
    expect(res.body.notes.totalT).toMatch(/most likely value/);
    expect(dump(t.db)).toBe(before);
  });

  it('when the same request is sent twice with a seed, then the answers are identical; another seed gives other percentiles', async () => {
    const t = createTestApp();
    const body = { fieldStrengthT: 3, magnetMassKg: 6500, transportLegs: [{ mode: 'air', km: 9000 }], iterations: 2000, seed: 7 };
    const a = await t.as('engineer').post(URL, body);
    const b = await t.as('engineer').post(URL, body);
    const c = await t.as('engineer').post(URL, { ...body, seed: 8 });
    expect(b.body).toEqual(a.body);
    expect(c.body.totalT).toBe(a.body.totalT);
    expect(c.body.monteCarlo.p50).not.toBe(a.body.monteCarlo.p50);
  });

  it('when no seed is sent, then one is chosen and answered, and sending it back repeats the run', async () => {
    const t = createTestApp();
    const first = await t.as('engineer').post(URL, { fieldStrengthT: 1.5, iterations: 500 });
    const { seed } = first.body.monteCarlo;
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff).toBe(true);
    const again = await t.as('engineer').post(URL, { fieldStrengthT: 1.5, iterations: 500, seed });
    expect(again.body.monteCarlo).toEqual(first.body.monteCarlo);
  });

  it('when transport legs are given, then they replace the default route', async () => {
    const t = createTestApp();
    const res = await t.as('engineer').post(URL, { fieldStrengthT: 1.5, transportLegs: [{ mode: 'rail', km: 1000 }], iterations: 100, seed: 1 });
    expect(res.body.breakdown.transportT).toBe(0.18); // 6 t × 1,000 km × 0.03
    expect(res.body.assumptions).toMatchObject({ transportLegs: [{ mode: 'rail', km: 1000 }], transportRouteSource: 'inputs' });
    expect(res.body.inputs).toEqual({ transportLegs: [{ mode: 'rail', km: 1000 }] });
  });

  it('when another factor set is named, then it is used and named in the answer', async () => {
    const t = createTestApp();
    const v2 = await postVariantSet(t, '2026.3', 12);
    const res = await t.as('engineer').post(URL, { fieldStrengthT: 1.5, factorSetId: v2.id, iterations: 100, seed: 1 });
    expect(res.body).toMatchObject({ factorSetId: v2.id, factorSet: { version: '2026.3' }, totalT: 99.639 });
    expect(res.body.breakdown.siteWorksT).toBe(12);
  });

  it('when the iterations are at their bounds (100 and 200,000), then they are accepted', async () => {
    const t = createTestApp();
    for (const iterations of [100, 200_000]) {
      const res = await t.as('engineer').post(URL, { fieldStrengthT: 1.5, iterations, seed: 3 });
      expect(res.status).toBe(200);
      expect(res.body.monteCarlo.iterations).toBe(iterations);
    }
  });
});

describe('bad input on POST /estimates/magnet-upgrade', () => {
  const leg = (over: Record<string, unknown>) => ({ transportLegs: [{ mode: 'road', km: 100, ...over }] });
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a field strength of 2 T', { fieldStrengthT: 2 }, 'fieldStrengthT'],
    ['a field strength sent as text', { fieldStrengthT: '1.5' }, 'fieldStrengthT'],
    ['no field strength', { fieldStrengthT: undefined }, 'fieldStrengthT'],
    ['a negative magnet mass', { magnetMassKg: -4500 }, 'magnetMassKg'],
    ['a zero magnet mass', { magnetMassKg: 0 }, 'magnetMassKg'],
    ['an absurd magnet mass (grams typed as kg)', { magnetMassKg: 4_500_000 }, 'magnetMassKg'],
    ['a negative material mass', { materials: { copper: -1 } }, 'materials.copper'],
    ['an unknown material', { materials: { gold: 10 } }, 'materials'],
    ['materials heavier than the magnet', { magnetMassKg: 4500, materials: { copper: 4000, stainlessSteel: 1000 } }, 'materials'],
    ['materials heavier than the reference magnet', { materials: { copper: 40_000 } }, 'materials'],
    ['an unknown transport mode', leg({ mode: 'pipeline' }), 'transportLegs.0.mode'],
    ['a negative distance', leg({ km: -10 }), 'transportLegs.0.km'],
    ['an absurd distance', leg({ km: 400_000 }), 'transportLegs.0.km'],
    ['an empty route', { transportLegs: [] }, 'transportLegs'],
    ['an unknown field in a leg', leg({ distanceKm: 5 }), 'transportLegs.0'],
    ['99 iterations', { iterations: 99 }, 'iterations'],
    ['200,001 iterations', { iterations: 200_001 }, 'iterations'],
    ['fractional iterations', { iterations: 1000.5 }, 'iterations'],
    ['a negative seed', { seed: -1 }, 'seed'],
    ['a seed above 2^32 - 1', { seed: 2 ** 32 }, 'seed'],
    ['an unknown factor set', { factorSetId: 'fs_nope' }, 'factorSetId'],
    ['an unknown field', { fieldStrength: 1.5 }, '(body)'],
  ];
  it.each(bad)('when the body has %s, then 400 validation.failed naming %s', async (_n, over, path) => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post(URL, { fieldStrengthT: 1.5, iterations: 100, seed: 1, ...over });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'validation.failed', title: expect.any(String), detail: expect.any(String) });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when materials outweigh the magnet, then the message gives both masses', async () => {
    const t = createTestApp();
    const res = await t.as('engineer').post(URL, { fieldStrengthT: 3, materials: { copper: 6000, nbti: 2000 } });
    expect(res.body.errors).toEqual([
      { path: 'materials', message: "the given material masses add up to 8000 kg, more than the set's 3 T reference magnet (7000 kg)" },
    ]);
  });
});
