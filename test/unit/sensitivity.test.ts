import { describe, expect, it } from 'vitest';
import { estimateMagnetUpgrade } from '../../src/modules/magnet-upgrades/co2-model.js';
import { defaultFactorSet2026_2 as set } from '../../src/modules/magnet-upgrades/default-factor-set-2026-2.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';
import { mustPlan } from '../../src/modules/magnet-upgrades/method.js';
import { simulate } from '../../src/modules/magnet-upgrades/monte-carlo.js';
import { analyseSensitivity, tornado } from '../../src/modules/magnet-upgrades/sensitivity.js';

const cases: { name: string; inputs: MagnetUpgradeInputs }[] = [
  { name: 'the default 1.5 T case', inputs: { fieldStrengthT: 1.5 } },
  { name: '3 T, 6,500 kg, road + air', inputs: { fieldStrengthT: 3, magnetMassKg: 6500, transportLegs: [{ mode: 'road', km: 300 }, { mode: 'air', km: 9000 }] } },
  {
    name: 'every method input, the kept system drawing more',
    inputs: { fieldStrengthT: 1.5, remainingLifeYears: 6, useEnergyDeltaMWhPerYear: 15, gridCountry: 'US', endOfLife: { approach: 'avoided_burden' } },
  },
  {
    name: 'every method input, the kept system drawing less, over a timeframe',
    inputs: { fieldStrengthT: 3, timeframeYears: 12, remainingLifeYears: 9, useEnergyDeltaMWhPerYear: -20, gridCountry: 'IN', endOfLife: { approach: 'cut_off' } },
  },
];

describe('tornado', () => {
  it.each(cases)('when $name is analysed, then each factor moves the total one way: low ≤ total ≤ high for a positive effect, reversed for a negative one', ({ inputs }) => {
    const plan = mustPlan(set, inputs);
    const { totalT, rows } = tornado(set, inputs, plan);
    expect(totalT).toBe(estimateMagnetUpgrade(set, inputs).totalT);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const [lo, hi] = r.totalAtHighT >= r.totalAtLowT ? [r.totalAtLowT, r.totalAtHighT] : [r.totalAtHighT, r.totalAtLowT];
      expect(lo, r.factor).toBeLessThanOrEqual(totalT);
      expect(hi, r.factor).toBeGreaterThanOrEqual(totalT);
      expect(r.swingT).toBeCloseTo(Math.abs(r.totalAtHighT - r.totalAtLowT), 9);
      expect(r.swingT).toBeGreaterThan(0);
    }
  });

  it.each(cases)('when $name is analysed, then the rows are sorted by swing, largest first', ({ inputs }) => {
    const swings = tornado(set, inputs, mustPlan(set, inputs)).rows.map((r) => r.swingT);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
  });

  it('when the default 1.5 T case is analysed, then the calibration levers lead, and what it does not use has no effect', () => {
    const { rows, noEffect } = tornado(set, { fieldStrengthT: 1.5 }, mustPlan(set, { fieldStrengthT: 1.5 }));
    // Manufacturing energy × grid: 20–150 MWh and 0.05–0.7 kg/kWh both swing the total by 52 t.
    expect(rows.slice(0, 2).map((r) => r.factor).sort()).toEqual(['gridIntensity', 'manufacturingEnergy']);
    expect(rows[0]).toMatchObject({ swingT: 52, unit: expect.any(String), basis: 'assumption' });
    expect(rows.find((r) => r.factor === 'gridIntensity')).toMatchObject({ low: 0.05, high: 0.7, totalAtLowT: 67.639, totalAtHighT: 119.639 });
    // No air or rail leg, a 1.5 T magnet, no method input: these cannot move the total.
    expect(noEffect).toEqual(expect.arrayContaining(['freightAir', 'freightRail', 'magnetMass3T', 'heliumVolume3T', 'grossFreightMass3T', 'referenceDesignLife', 'copperRecyclingCredit', 'gridFactors.US']));
    expect(rows.map((r) => r.factor)).not.toContain('freightAir');
  });

  it('when the kept system draws more on the US grid, then a larger design life and a dirtier grid lower the total', () => {
    const inputs = cases[2]!.inputs;
    const rows = tornado(set, inputs, mustPlan(set, inputs)).rows;
    const by = (f: string) => rows.find((r) => r.factor === f)!;
    expect(by('referenceDesignLife').totalAtHighT).toBeLessThan(by('referenceDesignLife').totalAtLowT);
    expect(by('gridFactors.US').totalAtHighT).toBeLessThan(by('gridFactors.US').totalAtLowT);
    expect(by('copperRecyclingCredit').totalAtHighT).toBeLessThan(by('copperRecyclingCredit').totalAtLowT);
    expect(rows.map((r) => r.factor)).not.toContain('gridFactors.HU');
  });
});

describe('contribution to variance', () => {
  it.each(cases)('when $name is analysed, then the shares of the tornado factors add up to 1 within rounding, each its rho squared over the sum', ({ inputs }) => {
    const r = analyseSensitivity(set, inputs, mustPlan(set, inputs), { iterations: 4000, seed: 11 });
    expect(r.contributionToVariance.map((c) => c.factor).sort()).toEqual(r.tornado.map((t) => t.factor).sort());
    const sum = r.contributionToVariance.reduce((s, c) => s + c.varianceShare, 0);
    expect(Math.abs(sum - 1)).toBeLessThanOrEqual(0.00005 * r.contributionToVariance.length);
    const sumSq = r.contributionToVariance.reduce((s, c) => s + c.rankCorrelation ** 2, 0);
    for (const c of r.contributionToVariance) expect(c.varianceShare).toBeCloseTo(c.rankCorrelation ** 2 / sumSq, 3);
    const shares = r.contributionToVariance.map((c) => c.varianceShare);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });

  it('when the default 1.5 T case is analysed, then the two levers with the widest swing carry the most variance, with a positive rank correlation', () => {
    const r = analyseSensitivity(set, { fieldStrengthT: 1.5 }, mustPlan(set, { fieldStrengthT: 1.5 }), { iterations: 20_000, seed: 3 });
    expect(r.contributionToVariance.slice(0, 2).map((c) => c.factor).sort()).toEqual(['gridIntensity', 'manufacturingEnergy']);
    for (const c of r.contributionToVariance.slice(0, 2)) expect(c.rankCorrelation).toBeGreaterThan(0.4);
  });

  it('when a factor lowers the total, then its rank correlation is negative', () => {
    const inputs = cases[2]!.inputs;
    const r = analyseSensitivity(set, inputs, mustPlan(set, inputs), { iterations: 20_000, seed: 5 });
    expect(r.contributionToVariance.find((c) => c.factor === 'referenceDesignLife')!.rankCorrelation).toBeLessThan(-0.1);
    expect(r.contributionToVariance.find((c) => c.factor === 'gridFactors.US')!.rankCorrelation).toBeLessThan(-0.1);
  });

  it('when it runs twice with a seed, then the answers are deep-equal, its Monte Carlo is the estimate\'s, and another seed moves the shares', () => {
    const inputs = cases[3]!.inputs;
    const plan = mustPlan(set, inputs);
    const a = analyseSensitivity(set, inputs, plan, { iterations: 3000, seed: 77 });
    expect(analyseSensitivity(set, inputs, plan, { iterations: 3000, seed: 77 })).toEqual(a);
    expect(a.monteCarlo).toEqual(simulate(set, inputs, { iterations: 3000, seed: 77 }));
    const b = analyseSensitivity(set, inputs, plan, { iterations: 3000, seed: 78 });
    expect(b.tornado).toEqual(a.tornado);
    expect(b.contributionToVariance).not.toEqual(a.contributionToVariance);
  });
});
