import { describe, expect, it } from 'vitest';
import { estimateMagnetUpgrade } from '../../src/modules/magnet-upgrades/co2-model.js';
import { defaultFactorSet } from '../../src/modules/magnet-upgrades/default-factor-set.js';
import { defaultFactorSet2026_2 as set } from '../../src/modules/magnet-upgrades/default-factor-set-2026-2.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';
import { describeMethod, mustPlan, planMethod } from '../../src/modules/magnet-upgrades/method.js';
import { simulate } from '../../src/modules/magnet-upgrades/monte-carlo.js';

// Worked out here from 2026.2's values, in kg CO2e, then rounded as the model
// promises (each part to the whole kg; the total is the sum of the parts).
// The six blocks of the default 1.5 T case unrounded (95,639.4 kg; co2-model.test.ts):
// each term is computed unrounded and rounded once, like every part.
const EMBODIED_1_5T_KG = 33_696 + 80 * 1000 * 0.4 + 3000 * 2.5 + 2500 * 5 + 8 * 1000 + 6 * (500 * 0.107 + 12_000 * 0.0154 + 800 * 0.107);
const D = 10; // reference design life, years
const PROCESSING_KG = 4500 * 0.05; // the 1.5 T reference magnet × end-of-life processing
const CREDITS_KG = 1200 * 2.6 + 250 * 0 + 1500 * 1.5 + 600 * 10 + 700 * 1.5 + 250 * 0; // masses × recycling credits
const t = (kg: number) => (Math.round(kg) + 0) / 1000;
const base: MagnetUpgradeInputs = { fieldStrengthT: 1.5 };

describe('the method terms of the pure model (factor set 2026.2)', () => {
  it.each([
    { name: 'no method input (the published case)', inputs: {}, terms: {} },
    { name: 'a remaining life of 0', inputs: { remainingLifeYears: 0 }, terms: { remainingLifeT: t(-EMBODIED_1_5T_KG) } },
    { name: 'a remaining life of 6 of 10 years', inputs: { remainingLifeYears: 6 }, terms: { remainingLifeT: t(-0.4 * EMBODIED_1_5T_KG) } },
    { name: 'a remaining life equal to the design life', inputs: { remainingLifeYears: D }, terms: { remainingLifeT: 0 } },
    { name: 'a remaining life over the design life (capped at 1)', inputs: { remainingLifeYears: 25 }, terms: { remainingLifeT: 0 } },
    {
      name: 'a kept system drawing 15 MWh a year more, at a given 0.4 kg/kWh, over the design life',
      inputs: { useEnergyDeltaMWhPerYear: 15, gridFactorKgPerKWh: 0.4 },
      terms: { usePhaseT: t(-15 * 1000 * 0.4 * D) },
    },
    {
      name: 'a kept system drawing 10 MWh a year less, on the US grid of the set, over 5 years',
      inputs: { useEnergyDeltaMWhPerYear: -10, gridCountry: 'US', timeframeYears: 5 },
      terms: { usePhaseT: t(10 * 1000 * 0.39 * 5) },
    },
    {
      name: 'a use phase bounded by a remaining life shorter than the timeframe',
      inputs: { useEnergyDeltaMWhPerYear: 12, gridCountry: 'HU', timeframeYears: 8, remainingLifeYears: 3 },
      terms: { remainingLifeT: t(-0.7 * EMBODIED_1_5T_KG), usePhaseT: t(-12 * 1000 * 0.26 * 3) },
    },
    { name: 'end of life, cut-off', inputs: { endOfLife: { approach: 'cut_off' } }, terms: { endOfLifeT: t(PROCESSING_KG) } },
    {
      name: 'end of life, avoided burden',
      inputs: { endOfLife: { approach: 'avoided_burden' } },
      terms: { endOfLifeT: t(PROCESSING_KG - CREDITS_KG) },
    },
    {
      name: 'end of life, avoided burden, pro-rated by a remaining life of 5 years',
      inputs: { remainingLifeYears: 5, endOfLife: { approach: 'avoided_burden' } },
      terms: { remainingLifeT: t(-0.5 * EMBODIED_1_5T_KG), endOfLifeT: t(0.5 * (PROCESSING_KG - CREDITS_KG)) },
    },
  ] as const)('when $name, then the six blocks stay and the terms are exact', ({ inputs, terms }) => {
    const e = estimateMagnetUpgrade(set, { ...base, ...inputs } as MagnetUpgradeInputs);
    const published = estimateMagnetUpgrade(set, base);
    expect(e.breakdown).toEqual({ ...published.breakdown, ...terms });
    const sumKg = Object.values(e.breakdown).reduce((s, x) => s + Math.round(x * 1000), 0);
    expect(Math.round(e.totalT * 1000)).toBe(sumKg);
  });

  it('when the remaining life is 0 and nothing else is given, then nothing is avoided (to the rounding of the parts)', () => {
    // −95,639.4 rounds to −95,639, the blocks to 95,639: the parts still add up.
    expect(estimateMagnetUpgrade(set, { ...base, remainingLifeYears: 0 }).totalT).toBe(0);
  });

  it.each([1.5, 3] as const)('when %s T is estimated without method inputs, then 2026.2 gives exactly what 2026.1 gives, Monte Carlo included', (fieldStrengthT) => {
    const inputs: MagnetUpgradeInputs = { fieldStrengthT };
    expect(estimateMagnetUpgrade(set, inputs)).toEqual(estimateMagnetUpgrade(defaultFactorSet, inputs));
    expect(estimateMagnetUpgrade(set, inputs).totalT).toBe(fieldStrengthT === 1.5 ? 95.639 : 134.206);
    expect(simulate(set, inputs, { iterations: 2000, seed: 42 })).toEqual(simulate(defaultFactorSet, inputs, { iterations: 2000, seed: 42 }));
  });

  it('when a method input is added, then the core factors meet the same draws: a use phase with a constant grid moves every percentile by exactly its term', () => {
    const plain = simulate(set, base, { iterations: 3000, seed: 9 });
    // A given grid factor and delta are constants and draw nothing themselves, but
    // the method factors are drawn (stream 2); stream 1 is untouched.
    const withUse = simulate(set, { ...base, useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 0.2, timeframeYears: 10 }, { iterations: 3000, seed: 9 });
    for (const k of ['p5', 'p50', 'p95', 'mean'] as const) expect(withUse[k]).toBeCloseTo(plain[k] - 10, 6);
  });
});

describe('planMethod: what the inputs need from each other and from the set', () => {
  const cases: Array<[string, Partial<MagnetUpgradeInputs>, string | undefined, string, RegExp]> = [
    ['both grid inputs', { useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 0.3, gridCountry: 'US' }, undefined, 'gridCountry', /not both/],
    ['a grid factor without a use phase', { gridFactorKgPerKWh: 0.3 }, undefined, 'gridFactorKgPerKWh', /only used with useEnergyDeltaMWhPerYear/],
    ['a grid country without a use phase', { gridCountry: 'US' }, undefined, 'gridCountry', /only used with useEnergyDeltaMWhPerYear/],
    ['a use phase without a grid', { useEnergyDeltaMWhPerYear: 5 }, undefined, 'useEnergyDeltaMWhPerYear', /needs gridFactorKgPerKWh or gridCountry/],
    ['a country the set has no grid factor for', { useEnergyDeltaMWhPerYear: 5, gridCountry: 'DE' }, undefined, 'gridCountry', /no grid factor for DE; it has HU, IN, JP, US/],
    ["a site's country the set has no grid factor for", { useEnergyDeltaMWhPerYear: 5 }, 'DE', 'useEnergyDeltaMWhPerYear', /no grid factor for DE \(the site's country\)/],
  ];
  it.each(cases)('when %s, then the problem is at %s', (_n, inputs, siteCountry, path, message) => {
    const { problems } = planMethod(set, { ...base, ...inputs }, siteCountry);
    expect(problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it.each([
    ['a remaining life', { remainingLifeYears: 5 }, 'remainingLifeYears', /has no referenceDesignLife/],
    ['end of life, cut-off', { endOfLife: { approach: 'cut_off' } }, 'endOfLife', /has no endOfLifeProcessing;/],
    ['end of life, avoided burden', { endOfLife: { approach: 'avoided_burden' } }, 'endOfLife', /has no endOfLifeProcessing, copperRecyclingCredit, .*otherRecyclingCredit; name a set that has them/],
    ['a use phase with no timeframe to take', { useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 0.3 }, 'timeframeYears', /has no referenceDesignLife to take it from/],
  ] as const)('when %s is asked of 2026.1, which lacks the factors, then the problem names them at %s', (_n, inputs, path, message) => {
    const { problems } = planMethod(defaultFactorSet, { ...base, ...inputs } as MagnetUpgradeInputs);
    expect(problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it("when a recorded upgrade gives a use phase only, then its site's country gives the grid", () => {
    const plan = mustPlan(set, { ...base, useEnergyDeltaMWhPerYear: 5 }, 'JP');
    expect(plan.usePhase).toEqual({ deltaMWhPerYear: 5, years: 10, grid: { source: 'factor_set_country', country: 'JP', key: 'gridFactors.JP' } });
  });

  it('when a use phase comes with a timeframe under 2026.1, then it is planned (the timeframe stands in for the design life)', () => {
    expect(planMethod(defaultFactorSet, { ...base, useEnergyDeltaMWhPerYear: 5, gridFactorKgPerKWh: 0.3, timeframeYears: 7 }).problems).toEqual([]);
  });
});

describe('describeMethod: what a reviewer reads', () => {
  it('when no method input is given, then the method is the published case, stated', () => {
    const m = describeMethod(set, 1.5, mustPlan(set, base));
    expect(m).toMatchObject({
      timeframeYears: 10,
      timeframeSource: 'reference_design_life',
      allocation: 'full_burden',
      proRataFactor: 1,
      usePhase: 'same_energy_assumed',
      endOfLifeApproach: 'not_included',
      gridFactorKgPerKWh: null,
    });
    expect(m.referenceScenario).toMatch(/new 1\.5 T MR system installed instead/);
    expect(m.statement).toMatch(/over 10 years of service \(the reference design life\)\. Equal remaining life assumed.*Same use-phase energy assumed\. End of life not included\./);
  });

  it('when every method input is given, then each is named with its figure', () => {
    const inputs: MagnetUpgradeInputs = { fieldStrengthT: 3, timeframeYears: 8, remainingLifeYears: 6, useEnergyDeltaMWhPerYear: -4, gridCountry: 'IN', endOfLife: { approach: 'cut_off' } };
    const m = describeMethod(set, 3, mustPlan(set, inputs));
    expect(m).toMatchObject({ timeframeYears: 8, timeframeSource: 'inputs', allocation: 'pro_rata_remaining_life', proRataFactor: 0.6, usePhaseYears: 6, gridFactorKgPerKWh: 0.727, gridCountry: 'IN', endOfLifeApproach: 'cut_off' });
    expect(m.statement).toContain('6 years ÷ 10 years = 0.6; the rest is deferred, not avoided');
    expect(m.statement).toContain('draws 4 MWh a year less than a new one, at 0.727 kg CO2e/kWh (IN grid, from the factor set), over 6 years');
    expect(m.statement).toContain('cut-off');
  });

  it('when the set has no design life and no timeframe is given, then the timeframe is said to be unstated', () => {
    const m = describeMethod(defaultFactorSet, 1.5, mustPlan(defaultFactorSet, base));
    expect(m).toMatchObject({ timeframeYears: null, timeframeSource: null, referenceDesignLifeYears: null });
    expect(m.statement).toMatch(/no timeframe stated/);
  });
});
