import {
  FACTOR_KEYS,
  FREIGHT_KEYS,
  MATERIALS,
  METHOD_FACTOR_KEYS,
  RECYCLING_CREDIT_KEYS,
  type FactorKey,
  type FactorSetBody,
  type FactorValues,
  type TransportLeg,
} from './factor-set.schemas.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import { gridKey, mustPlan, type MethodPlan } from './method.js';

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

/**
 * The method's terms (issue 15), each present only when its input is given, so a
 * figure without the method inputs has exactly the six blocks it always had:
 * - remainingLife (≤ 0): the share of the new system's burden that keeping the
 *   magnet only defers, −(1 − r ÷ D) × the six blocks;
 * - usePhase: −(kept − new) MWh a year × grid × years (negative when the kept
 *   system draws more);
 * - endOfLife: the new magnet's end of life in the reference scenario, pro-rated
 *   by r ÷ D: processing (cut-off), or processing less recycling credits
 *   (avoided burden, usually negative).
 */
export const TERMS = ['remainingLife', 'usePhase', 'endOfLife'] as const;
export type Term = (typeof TERMS)[number];
export const PARTS = [...BLOCKS, ...TERMS] as const;
export type Part = (typeof PARTS)[number];
export type PartsKg = BlocksKg & Partial<Record<Term, number>>;

export type MagnetUpgradeEstimate = {
  totalT: number;
  breakdown: {
    materialsT: number;
    manufacturingEnergyT: number;
    heliumT: number;
    retainedSubsystemsT: number;
    siteWorksT: number;
    transportT: number;
    remainingLifeT?: number;
    usePhaseT?: number;
    endOfLifeT?: number;
  };
};

export const factorValues = (set: FactorSetBody): FactorValues =>
  Object.fromEntries(FACTOR_KEYS.map((k) => [k, set.factors[k].value])) as FactorValues;

/** The method factors' values (and each country's grid factor under gridKey), for those the set has. */
export type MethodValues = Record<string, number>;
export function methodValues(set: FactorSetBody): MethodValues {
  const w: MethodValues = {};
  for (const k of METHOD_FACTOR_KEYS) if (set.factors[k]) w[k] = set.factors[k].value;
  for (const [c, f] of Object.entries(set.gridFactors ?? {})) w[gridKey(c)] = f.value;
  return w;
}

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

// Built once: the end-of-life term runs once per Monte Carlo iteration.
const CREDITS = MATERIALS.map((material) => ({
  material,
  massKey: `${material}Mass` as const satisfies FactorKey,
  credit: RECYCLING_CREDIT_KEYS[material].credit,
}));

/**
 * The six blocks plus the method terms the plan asks for, unrounded kg CO2e. A
 * method factor the plan needs but `w` lacks gives NaN, which the services refuse.
 */
export function computePartsKg(
  v: FactorValues,
  w: MethodValues,
  inputs: MagnetUpgradeInputs,
  legs: readonly TransportLeg[],
  plan: MethodPlan,
): PartsKg {
  const parts: PartsKg = computeBlocksKg(v, inputs, legs);
  const r = plan.remainingLifeYears;
  const p = r === null ? 1 : Math.min(1, r / (w.referenceDesignLife ?? NaN));
  if (r !== null) {
    const embodied = parts.materials + parts.manufacturingEnergy + parts.helium + parts.retainedSubsystems + parts.siteWorks + parts.transport;
    parts.remainingLife = -(1 - p) * embodied;
  }
  const u = plan.usePhase;
  if (u !== null) {
    const grid = u.grid.source === 'inputs' ? u.grid.kgPerKWh : (w[u.grid.key] ?? NaN);
    parts.usePhase = -u.deltaMWhPerYear * 1000 * grid * u.years;
  }
  if (plan.endOfLife !== null) {
    const is3T = inputs.fieldStrengthT === 3;
    const magnetMassKg = inputs.magnetMassKg ?? (is3T ? v.magnetMass3T : v.magnetMass1_5T);
    let burden = magnetMassKg * (w.endOfLifeProcessing ?? NaN);
    if (plan.endOfLife === 'avoided_burden') {
      const scale = magnetMassKg / v.magnetMass1_5T;
      const m = inputs.materials;
      for (const { material, massKey, credit } of CREDITS) burden -= (m?.[material] ?? v[massKey] * scale) * (w[credit] ?? NaN);
    }
    parts.endOfLife = p * burden;
  }
  return parts;
}

/**
 * Deterministic estimate in tonnes CO2e. Rounding rule: each block is rounded to
 * the whole kilogram (3 decimals in tonnes, half up) and the total is the sum of
 * the rounded blocks, so the parts add up to the total exactly in kilograms.
 */
export function estimateMagnetUpgrade(
  set: FactorSetBody,
  inputs: MagnetUpgradeInputs,
  plan: MethodPlan = mustPlan(set, inputs),
): MagnetUpgradeEstimate {
  const kg = wholeKgParts(computePartsKg(factorValues(set), methodValues(set), inputs, routeFor(set, inputs), plan));
  let totalKg = 0;
  const breakdown: Record<string, number> = {};
  for (const part of PARTS) {
    const x = kg[part];
    if (x === undefined) continue;
    totalKg += x;
    breakdown[`${part}T`] = x / 1000;
  }
  return { totalT: totalKg / 1000, breakdown: breakdown as MagnetUpgradeEstimate['breakdown'] };
}

/** Each part to the whole kilogram, half up; never −0. */
export function wholeKgParts(kg: PartsKg): PartsKg {
  const out: Partial<PartsKg> = {};
  for (const part of PARTS) {
    const x = kg[part];
    if (x !== undefined) out[part] = Math.round(x) + 0;
  }
  return out as PartsKg;
}

/** The total the rounding rule gives: the sum of the parts rounded to the whole kg. */
export function totalWholeKg(kg: PartsKg): number {
  let total = 0;
  for (const part of PARTS) {
    const x = kg[part];
    if (x !== undefined) total += Math.round(x) + 0;
  }
  return total;
}
