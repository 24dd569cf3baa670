import {
  FACTOR_KEYS,
  FREIGHT_KEYS,
  type FactorSetBody,
  type FactorValues,
  type TransportLeg,
} from './factor-set.schemas.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';

export const BLOCKS = [
  'materials',
  'manufacturingEnergy',
  'helium',
  'retainedSubsystems',
  'siteWorks',
  'transport',
] as const;
export type Block = (typeof BLOCKS)[number];
export type BlocksKg = Record<Block, number>;

export type MagnetUpgradeEstimate = {
  totalT: number;
  breakdown: {
    materialsT: number;
    manufacturingEnergyT: number;
    heliumT: number;
    retainedSubsystemsT: number;
    siteWorksT: number;
    transportT: number;
  };
};

export const factorValues = (set: FactorSetBody): FactorValues =>
  Object.fromEntries(FACTOR_KEYS.map((k) => [k, set.factors[k].value])) as FactorValues;

export const routeFor = (set: FactorSetBody, inputs: MagnetUpgradeInputs): readonly TransportLeg[] =>
  inputs.transportLegs ?? set.defaults.transportRoute;

/**
 * The whole model, unrounded, in kg CO2e per block. The deterministic estimate
 * passes each factor's value and the Monte Carlo one draw per factor, so both
 * run exactly this arithmetic.
 *
 * Mass scaling: the material inventory and the manufacturing energy describe the
 * 1.5 T reference magnet, so both scale with magnetMass / magnetMass1_5T (a 3 T
 * magnet has more conductor to wind and more cold mass to cool down and test).
 * The retained subsystems (gradient coil, body coil, table, covers) are sized by
 * the patient bore, not the magnet, so they do not scale; scaling them as well
 * would give 141 t for the default 3 T case against the research's 134 t. Helium
 * follows the field strength's own volume. Gross freight scales only when a
 * magnet mass is given, by the ratio to that field strength's reference magnet.
 */
export function computeBlocksKg(
  v: FactorValues,
  inputs: MagnetUpgradeInputs,
  legs: readonly TransportLeg[],
): BlocksKg {
  const is3T = inputs.fieldStrengthT === 3;
  const referenceMassKg = is3T ? v.magnetMass3T : v.magnetMass1_5T;
  const magnetMassKg = inputs.magnetMassKg ?? referenceMassKg;
  const scale = magnetMassKg / v.magnetMass1_5T;

  // Spelled out rather than looped over MATERIALS: this runs once per Monte
  // Carlo iteration, and building the key strings there cost more than the model.
  const m = inputs.materials;
  const materialsKg =
    (m?.copper ?? v.copperMass * scale) * v.copperFactor +
    (m?.nbti ?? v.nbtiMass * scale) * v.nbtiFactor +
    (m?.stainlessSteel ?? v.stainlessSteelMass * scale) * v.stainlessSteelFactor +
    (m?.aluminium ?? v.aluminiumMass * scale) * v.aluminiumFactor +
    (m?.carbonSteel ?? v.carbonSteelMass * scale) * v.carbonSteelFactor +
    (m?.other ?? v.otherMass * scale) * v.otherFactor;

  let legsKgPerT = 0;
  for (const leg of legs) legsKgPerT += leg.km * v[FREIGHT_KEYS[leg.mode]];
  const freightT = (is3T ? v.grossFreightMass3T : v.grossFreightMass1_5T) * (magnetMassKg / referenceMassKg);

  return {
    materials: materialsKg * v.fabricationUplift,
    manufacturingEnergy: v.manufacturingEnergy * 1000 * v.gridIntensity * scale,
    helium: (is3T ? v.heliumVolume3T : v.heliumVolume1_5T) * v.heliumFactor,
    retainedSubsystems: v.retainedSubsystemsMass * v.retainedSubsystemsFactor,
    siteWorks: v.siteWorks * 1000,
    transport: freightT * legsKgPerT,
  };
}

/**
 * Deterministic estimate in tonnes CO2e. Rounding rule: each block is rounded to
 * the whole kilogram (3 decimals in tonnes, half up) and the total is the sum of
 * the rounded blocks, so the parts add up to the total exactly in kilograms.
 */
export function estimateMagnetUpgrade(set: FactorSetBody, inputs: MagnetUpgradeInputs): MagnetUpgradeEstimate {
  const kg = computeBlocksKg(factorValues(set), inputs, routeFor(set, inputs));
  const wholeKg = (b: Block) => Math.round(kg[b]);
  const totalKg = BLOCKS.reduce((sum, b) => sum + wholeKg(b), 0);
  return {
    totalT: totalKg / 1000,
    breakdown: {
      materialsT: wholeKg('materials') / 1000,
      manufacturingEnergyT: wholeKg('manufacturingEnergy') / 1000,
      heliumT: wholeKg('helium') / 1000,
      retainedSubsystemsT: wholeKg('retainedSubsystems') / 1000,
      siteWorksT: wholeKg('siteWorks') / 1000,
      transportT: wholeKg('transport') / 1000,
    },
  };
}
