import { describe, expect, it } from 'vitest';
import { estimateMagnetUpgrade, type MagnetUpgradeEstimate } from '../../src/modules/magnet-upgrades/co2-model.js';
import { defaultFactorSet } from '../../src/modules/magnet-upgrades/default-factor-set.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';

// Expected figures are worked out here from the default set's numbers, in kg
// CO2e, then rounded as the model promises: each block to the whole kg.
const t = (kg: number) => Math.round(kg) / 1000;
const MATERIALS_1_5T_KG = (1200 * 4 + 250 * 20 + 1500 * 2.8 + 600 * 15.1 + 700 * 2.3 + 250 * 5) * 1.3;
const DEFAULT_ROUTE_KG_PER_T = 500 * 0.107 + 12_000 * 0.0154 + 800 * 0.107;
const SCALE_3T = 7000 / 4500;

const sumOfBlocksKg = (e: MagnetUpgradeEstimate) =>
  Object.values(e.breakdown).reduce((sum, x) => sum + Math.round(x * 1000), 0);

describe('estimateMagnetUpgrade with the default factor set', () => {
  const cases: { name: string; inputs: MagnetUpgradeInputs; totalT: number; blocksKg: number[] }[] = [
    {
      name: 'the default 1.5 T case',
      inputs: { fieldStrengthT: 1.5 },
      totalT: 95.639,
      blocksKg: [MATERIALS_1_5T_KG, 80 * 1000 * 0.4, 3000 * 2.5, 2500 * 5, 8 * 1000, 6 * DEFAULT_ROUTE_KG_PER_T],
    },
    {
      name: 'the default 3 T case',
      inputs: { fieldStrengthT: 3 },
      totalT: 134.206,
      blocksKg: [
        MATERIALS_1_5T_KG * SCALE_3T,
        80 * 1000 * 0.4 * SCALE_3T,
        3400 * 2.5,
        2500 * 5, // retained subsystems are sized by the bore, not the magnet
        8 * 1000,
        9.3 * DEFAULT_ROUTE_KG_PER_T,
      ],
    },
  ];

  it.each(cases)('when $name is estimated, then every block and the total are pinned', ({ inputs, totalT, blocksKg }) => {
    const e = estimateMagnetUpgrade(defaultFactorSet, inputs);
    const [materials, energy, helium, retained, site, transport] = blocksKg.map(t);
    expect(e.breakdown).toEqual({
      materialsT: materials,
      manufacturingEnergyT: energy,
      heliumT: helium,
      retainedSubsystemsT: retained,
      siteWorksT: site,
      transportT: transport,
    });
    expect(e.totalT).toBe(totalT);
    expect(Math.round(e.totalT * 1000)).toBe(sumOfBlocksKg(e));
  });

  it('when the default 1.5 T case is estimated, then it lands between 80 and 120 t', () => {
    const { totalT } = estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 1.5 });
    expect(totalT).toBeGreaterThanOrEqual(80);
    expect(totalT).toBeLessThanOrEqual(120);
  });

  it('when air replaces sea on the long leg, then transport grows by 6 t × 12,000 km × (air − sea)', () => {
    const base = estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 1.5 });
    const air = estimateMagnetUpgrade(defaultFactorSet, {
      fieldStrengthT: 1.5,
      transportLegs: [
        { mode: 'road', km: 500 },
        { mode: 'air', km: 12_000 },
        { mode: 'road', km: 800 },
      ],
    });
    const addedT = (6 * 12_000 * (0.7 - 0.0154)) / 1000;
    expect(air.totalT - base.totalT).toBeCloseTo(addedT, 2);
    expect(air.breakdown.transportT).toBe(t(6 * (500 * 0.107 + 12_000 * 0.7 + 800 * 0.107)));
  });

  it('when transport legs are given, then they replace the default route rather than add to it', () => {
    const e = estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 1.5, transportLegs: [{ mode: 'rail', km: 1000 }] });
    expect(e.breakdown.transportT).toBe(t(6 * 1000 * 0.03));
  });

  it('when the magnet mass is doubled, then materials, manufacturing energy and freight double and the rest stays', () => {
    const base = estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 1.5 });
    const heavy = estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 1.5, magnetMassKg: 9000 });
    expect(heavy.breakdown).toEqual({
      ...base.breakdown,
      materialsT: t(MATERIALS_1_5T_KG * 2),
      manufacturingEnergyT: t(80 * 1000 * 0.4 * 2),
      transportT: t(12 * DEFAULT_ROUTE_KG_PER_T),
    });
  });

  it('when a 3 T magnet mass is given, then it replaces the 7,000 kg reference', () => {
    const e = estimateMagnetUpgrade(defaultFactorSet, { fieldStrengthT: 3, magnetMassKg: 5600 });
    expect(e.breakdown.materialsT).toBe(t(MATERIALS_1_5T_KG * (5600 / 4500)));
    expect(e.breakdown.transportT).toBe(t(9.3 * (5600 / 7000) * DEFAULT_ROUTE_KG_PER_T));
  });

  it('when one material mass is given, then it is used as is and the others are still scaled', () => {
    const e = estimateMagnetUpgrade(defaultFactorSet, {
      fieldStrengthT: 1.5,
      magnetMassKg: 9000,
      materials: { copper: 4000, aluminium: 0 },
    });
    const expectedKg = (4000 * 4 + (250 * 20 + 1500 * 2.8 + 700 * 2.3 + 250 * 5) * 2) * 1.3;
    expect(e.breakdown.materialsT).toBe(t(expectedKg));
  });

  it('when the same inputs are estimated twice, then the results are identical', () => {
    const inputs: MagnetUpgradeInputs = { fieldStrengthT: 3, magnetMassKg: 6123.4 };
    expect(estimateMagnetUpgrade(defaultFactorSet, inputs)).toEqual(estimateMagnetUpgrade(defaultFactorSet, inputs));
  });
});
