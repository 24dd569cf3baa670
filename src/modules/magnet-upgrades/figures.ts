import type { FieldError } from '../../domain/errors.js';
import { estimateMagnetUpgrade, PARTS, routeFor, type Block, type MagnetUpgradeEstimate, type Part, type Term } from './co2-model.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import { MATERIALS, type FactorSetBody, type TransportLeg } from './factor-set.schemas.js';
import { mustPlan, type MethodPlan } from './method.js';

// Pure helpers shared by the estimate, upgrade and recalculation services: turning
// the model's tonnes into the integer kilograms that are stored, and back.

export type BreakdownT = MagnetUpgradeEstimate['breakdown'];
/**
 * A stored breakdown: whole kilograms CO2e per part, so figures add up exactly.
 * The method terms are there only when the figure has them (figures stored before
 * them, and figures without the method inputs, have the six blocks).
 */
export type BreakdownKg = Record<`${Block}Kg`, number> & Partial<Record<`${Term}Kg`, number>>;
export type Figure = { avoidedKg: number; breakdownKg: BreakdownKg };

/** The model already rounds each part to the whole kg; this only undoes the /1000. */
const wholeKg = (t: number) => Math.round(t * 1000);
const kgKey = (p: Part) => `${p}Kg` as const;

export function computeFigure(set: FactorSetBody, inputs: MagnetUpgradeInputs, plan: MethodPlan = mustPlan(set, inputs)): Figure {
  const e = estimateMagnetUpgrade(set, inputs, plan);
  const breakdownKg: Record<string, number> = {};
  for (const p of PARTS) {
    const t = e.breakdown[`${p}T`];
    if (t !== undefined) breakdownKg[kgKey(p)] = wholeKg(t);
  }
  return { avoidedKg: wholeKg(e.totalT), breakdownKg: breakdownKg as BreakdownKg };
}

export const kgToT = (kg: number): number => kg / 1000;

export function breakdownToT(b: BreakdownKg): BreakdownT {
  const out: Record<string, number> = {};
  for (const p of PARTS) {
    const kg = b[kgKey(p)];
    if (kg !== undefined) out[`${p}T`] = kgToT(kg);
  }
  return out as BreakdownT;
}

/** Per-part difference after − before in t; a part one side lacks counts as 0 there. */
export function breakdownDeltaT(before: BreakdownKg, after: BreakdownKg): BreakdownT {
  const out: Record<string, number> = {};
  for (const p of PARTS) {
    const a = before[kgKey(p)];
    const b = after[kgKey(p)];
    if (a !== undefined || b !== undefined) out[`${p}T`] = kgToT((b ?? 0) - (a ?? 0));
  }
  return out as BreakdownT;
}

export const sameFigure = (a: Figure, b: Figure): boolean =>
  a.avoidedKg === b.avoidedKg && PARTS.every((p) => a.breakdownKg[kgKey(p)] === b.breakdownKg[kgKey(p)]);

/** Every figure the API answers is finite; one that is not (an extreme factor set) is refused. */
export function nonFiniteParts(f: Figure): string[] {
  const bad = Object.entries(f.breakdownKg).filter(([, kg]) => !Number.isFinite(kg)).map(([k]) => k.replace(/Kg$/, 'T'));
  if (!Number.isFinite(f.avoidedKg)) bad.push('totalT');
  return bad;
}

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
  tornado:
    'One factor at a time: each at its low and at its high while every other stays at its value, with the total at each; ' +
    'sorted by swing (|total at high − total at low|). Factors that move the total by less than a kilogram are in noEffect.',
  contributionToVariance:
    "Each factor's Spearman rank correlation with the total over the Monte Carlo draws (the same run as monteCarlo), " +
    'squared and normalised so the shares add up to 1. Factors are sampled independently.',
} as const;
