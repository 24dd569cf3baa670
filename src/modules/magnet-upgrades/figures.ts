import type { FieldError } from '../../domain/errors.js';
import { estimateMagnetUpgrade, routeFor, type MagnetUpgradeEstimate } from './co2-model.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import { MATERIALS, type FactorSetBody, type TransportLeg } from './factor-set.schemas.js';

// Pure helpers shared by the estimate, upgrade and recalculation services: turning
// the model's tonnes into the integer kilograms that are stored, and back.

export type BreakdownT = MagnetUpgradeEstimate['breakdown'];
const BLOCK_KEYS = ['materials', 'manufacturingEnergy', 'helium', 'retainedSubsystems', 'siteWorks', 'transport'] as const;
/** A stored breakdown: whole kilograms CO2e per block, so figures add up exactly. */
export type BreakdownKg = Record<`${(typeof BLOCK_KEYS)[number]}Kg`, number>;
export type Figure = { avoidedKg: number; breakdownKg: BreakdownKg };

/** The model already rounds each block to the whole kg; this only undoes the /1000. */
const wholeKg = (t: number) => Math.round(t * 1000);

export function computeFigure(set: FactorSetBody, inputs: MagnetUpgradeInputs): Figure {
  const e = estimateMagnetUpgrade(set, inputs);
  const breakdownKg = Object.fromEntries(BLOCK_KEYS.map((b) => [`${b}Kg`, wholeKg(e.breakdown[`${b}T`])])) as BreakdownKg;
  return { avoidedKg: wholeKg(e.totalT), breakdownKg };
}

export const kgToT = (kg: number): number => kg / 1000;

export const breakdownToT = (b: BreakdownKg): BreakdownT =>
  Object.fromEntries(BLOCK_KEYS.map((k) => [`${k}T`, kgToT(b[`${k}Kg`])])) as BreakdownT;

export const sameFigure = (a: Figure, b: Figure): boolean =>
  a.avoidedKg === b.avoidedKg && BLOCK_KEYS.every((k) => a.breakdownKg[`${k}Kg`] === b.breakdownKg[`${k}Kg`]);

/** The magnet mass and route the model used, where the inputs left them to the set. */
export function resolvedAssumptions(set: FactorSetBody, inputs: MagnetUpgradeInputs) {
  const reference = set.factors[inputs.fieldStrengthT === 3 ? 'magnetMass3T' : 'magnetMass1_5T'].value;
  return {
    magnetMassKg: inputs.magnetMassKg ?? reference,
    magnetMassSource: inputs.magnetMassKg === undefined ? ('factor_set_reference' as const) : ('inputs' as const),
    transportLegs: routeFor(set, inputs) as TransportLeg[],
    transportRouteSource: inputs.transportLegs === undefined ? ('factor_set_default' as const) : ('inputs' as const),
  };
}

/**
 * Measured material masses that add up to more than the magnet itself are a unit
 * slip (grams for kilograms) or a wrong magnet; the model would take them as given.
 */
export function materialsExceedMagnet(set: FactorSetBody, inputs: MagnetUpgradeInputs): FieldError | null {
  const given = MATERIALS.reduce((sum, m) => sum + (inputs.materials?.[m] ?? 0), 0);
  const { magnetMassKg, magnetMassSource } = resolvedAssumptions(set, inputs);
  if (given <= magnetMassKg) return null;
  const of = magnetMassSource === 'inputs' ? 'magnetMassKg' : `the set's ${inputs.fieldStrengthT} T reference magnet`;
  return { path: 'materials', message: `the given material masses add up to ${given} kg, more than ${of} (${magnetMassKg} kg)` };
}

/** Said beside every avoided-emissions figure the API answers (WBCSD guidance). */
export const NOTES = {
  comparison:
    'Avoided emissions: what installing a new system would have emitted and keeping this magnet did not ' +
    '(WBCSD avoided-emissions guidance). A comparison against that reference, reported apart from any ' +
    'Scope 1–3 inventory and never subtracted from it.',
  totalT: 'Every factor at its most likely value (the mode of its low/mode/high range).',
  monteCarlo:
    'Every factor drawn independently from its triangular (low, mode, high) distribution; percentiles and mean ' +
    'of the total. Most ranges reach further up than down, so p50 and mean sit above totalT.',
} as const;
