import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateMagnetUpgrade } from '../../src/modules/magnet-upgrades/co2-model.js';
import { defaultFactorSet } from '../../src/modules/magnet-upgrades/default-factor-set.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';
import { MATERIALS, TRANSPORT_MODES } from '../../src/modules/magnet-upgrades/factor-set.schemas.js';
import {
  breakdownToT,
  computeFigure,
  materialsExceedMagnet,
  resolvedAssumptions,
  sameFigure,
} from '../../src/modules/magnet-upgrades/figures.js';
import { fieldStrengthOf, modelInputsOf, storedInputsOf } from '../../src/modules/magnet-upgrades/upgrade-inputs.js';

describe('computeFigure', () => {
  it('when the default 1.5 T case is computed, then it is the estimate in whole kg, and the blocks add up to the total', () => {
    const f = computeFigure(defaultFactorSet, { fieldStrengthT: 1.5 });
    expect(f).toEqual({
      avoidedKg: 95_639,
      breakdownKg: { materialsKg: 33_696, manufacturingEnergyKg: 32_000, heliumKg: 7500, retainedSubsystemsKg: 12_500, siteWorksKg: 8000, transportKg: 1943 },
    });
    expect(Object.values(f.breakdownKg).reduce((a, b) => a + b, 0)).toBe(f.avoidedKg);
    expect(breakdownToT(f.breakdownKg)).toEqual(estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 1.5 }).breakdown);
  });

  it('when two figures differ in one block only, then they are not the same figure', () => {
    const a = computeFigure(defaultFactorSet, { fieldStrengthT: 1.5 });
    const b = { avoidedKg: a.avoidedKg, breakdownKg: { ...a.breakdownKg, heliumKg: a.breakdownKg.heliumKg + 1, siteWorksKg: a.breakdownKg.siteWorksKg - 1 } };
    expect(sameFigure(a, structuredClone(a))).toBe(true);
    expect(sameFigure(a, b)).toBe(false);
  });
});

describe('stored inputs', () => {
  const leg = fc.record({ mode: fc.constantFrom(...TRANSPORT_MODES), km: fc.double({ min: 0.001, max: 40_000, noNaN: true }) });
  const materials = fc.record(Object.fromEntries(MATERIALS.map((m) => [m, fc.double({ min: 0, max: 500, noNaN: true })])), { requiredKeys: [] });
  const inputsArb: fc.Arbitrary<MagnetUpgradeInputs> = fc.record(
    {
      fieldStrengthT: fc.constantFrom(1.5 as const, 3 as const),
      magnetMassKg: fc.double({ min: 3000, max: 50_000, noNaN: true }),
      materials,
      transportLegs: fc.array(leg, { minLength: 1, maxLength: 20 }),
    },
    { requiredKeys: ['fieldStrengthT'] },
  );

  it('when any valid inputs are stored as JSON and read back, then recomputing gives the very same figure', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const stored = JSON.parse(JSON.stringify(storedInputsOf(inputs)));
        const reread = { fieldStrengthT: fieldStrengthOf(String(inputs.fieldStrengthT)), ...stored };
        expect(computeFigure(defaultFactorSet, reread)).toEqual(computeFigure(defaultFactorSet, inputs));
      }),
      { numRuns: 300 },
    );
  });

  it('when a request body is reduced to model inputs, then only the given model fields remain', () => {
    const body = { fieldStrengthT: 3 as const, magnetMassKg: 6000, factorSetId: 'fs_x', seed: 4, iterations: 100, magnetSerial: 'M' };
    expect(modelInputsOf(body)).toEqual({ fieldStrengthT: 3, magnetMassKg: 6000 });
    expect(storedInputsOf(body)).toEqual({ magnetMassKg: 6000 });
  });

  it.each(['2', '', 'abc'])('when a stored field strength is %j, then reading it fails loudly', (s) => {
    expect(() => fieldStrengthOf(s)).toThrow(/neither 1.5 nor 3/);
  });
});

describe('assumptions and plausibility', () => {
  it('when no mass or route is given, then the reference magnet of that field strength and the default route are reported', () => {
    expect(resolvedAssumptions(defaultFactorSet, { fieldStrengthT: 3 })).toEqual({
      magnetMassKg: 7000,
      magnetMassSource: 'factor_set_reference',
      transportLegs: defaultFactorSet.defaults.transportRoute,
      transportRouteSource: 'factor_set_default',
    });
  });

  it.each([
    [{ fieldStrengthT: 1.5, materials: { copper: 4000, nbti: 500 } }, null],
    [{ fieldStrengthT: 1.5, materials: { copper: 4000, nbti: 500.001 } }, 'materials'],
    [{ fieldStrengthT: 1.5, magnetMassKg: 3000, materials: { copper: 3000 } }, null],
    [{ fieldStrengthT: 1.5, magnetMassKg: 3000, materials: { copper: 2000, other: 1001 } }, 'materials'],
  ] as const)('when the given materials are %j, then the problem path is %s', (inputs, path) => {
    expect(materialsExceedMagnet(defaultFactorSet, inputs as MagnetUpgradeInputs)?.path ?? null).toBe(path);
  });
});
