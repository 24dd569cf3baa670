import { computePartsKg, factorValues, methodValues, routeFor, totalWholeKg } from './co2-model.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import { FACTOR_KEYS, METHOD_FACTOR_KEYS, type Factor, type FactorSetBody, type FactorValues } from './factor-set.schemas.js';
import { gridKey, type MethodPlan } from './method.js';
import { runMonteCarlo, type MonteCarloResult } from './monte-carlo.js';
import { ranksOf, spearmanOfUint32, varianceShares } from './rank-correlation.js';

export type TornadoRow = {
  factor: string;
  unit: Factor['unit'];
  basis: Factor['basis'];
  low: number;
  high: number;
  totalAtLowT: number;
  totalAtHighT: number;
  swingT: number;
};
export type VarianceContribution = { factor: string; rankCorrelation: number; varianceShare: number };
export type SensitivityResult = {
  totalT: number;
  tornado: TornadoRow[];
  noEffect: string[];
  contributionToVariance: VarianceContribution[];
  monteCarlo: MonteCarloResult;
};

/** Every factor of the set under the key the answers use: core, method, then 'gridFactors.XX'. */
function allFactors(set: FactorSetBody): [string, Factor][] {
  return [
    ...FACTOR_KEYS.map((k) => [k, set.factors[k]] as [string, Factor]),
    ...METHOD_FACTOR_KEYS.flatMap((k) => (set.factors[k] ? [[k, set.factors[k]] as [string, Factor]] : [])),
    ...Object.keys(set.gridFactors ?? {})
      .sort()
      .map((c) => [gridKey(c), set.gridFactors![c]!] as [string, Factor]),
  ];
}

const isCore = (key: string): key is keyof FactorValues => (FACTOR_KEYS as string[]).includes(key);

/**
 * One at a time: each factor at its low and at its high, every other at its value,
 * and the total each gives under the estimate's rounding rule (the sum of the parts
 * rounded to the kg). Sorted by swing, largest first; a factor that moves the
 * total by less than a kilogram either way is listed in noEffect instead (e.g. the
 * air freight factor on a route without air, or a method factor whose input is absent).
 */
export function tornado(set: FactorSetBody, inputs: MagnetUpgradeInputs, plan: MethodPlan) {
  const v = factorValues(set);
  const w = methodValues(set);
  const legs = routeFor(set, inputs);
  const totalKg = (vv: FactorValues, ww: Record<string, number>) => totalWholeKg(computePartsKg(vv, ww, inputs, legs, plan));
  const at = (key: string, x: number) => (isCore(key) ? totalKg({ ...v, [key]: x }, w) : totalKg(v, { ...w, [key]: x }));
  const baseKg = totalKg(v, w);
  const rows: TornadoRow[] = [];
  const noEffect: string[] = [];
  for (const [factor, f] of allFactors(set)) {
    const lowKg = at(factor, f.low);
    const highKg = at(factor, f.high);
    if (lowKg === baseKg && highKg === baseKg) {
      noEffect.push(factor);
      continue;
    }
    rows.push({
      factor,
      unit: f.unit,
      basis: f.basis,
      low: f.low,
      high: f.high,
      totalAtLowT: lowKg / 1000,
      totalAtHighT: highKg / 1000,
      swingT: Math.abs(highKg - lowKg) / 1000,
    });
  }
  rows.sort((a, b) => b.swingT - a.swingT || (a.factor < b.factor ? -1 : 1));
  return { totalT: baseKg / 1000, rows, noEffect };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000 + 0;

/**
 * The tornado, and each factor's contribution to variance from one seeded Monte
 * Carlo run (the very run the estimate makes with the same seed): Spearman's rank
 * correlation of the factor's draws with the total, squared and normalised to sum
 * to 1. Only factors that move the total take part, so an unused factor's chance
 * correlation is not reported as a share. Ranks are taken on the uniform draws,
 * which order a factor's draws the same way (the inverse CDF is increasing).
 */
export function analyseSensitivity(
  set: FactorSetBody,
  inputs: MagnetUpgradeInputs,
  plan: MethodPlan,
  options: { iterations: number; seed: number },
): SensitivityResult {
  const t = tornado(set, inputs, plan);
  const keys = t.rows.map((r) => r.factor);
  const { result, recorded } = runMonteCarlo(set, inputs, options, plan, keys);
  const totalRanks = ranksOf(recorded.totals);
  const rhos = recorded.draws.map((d) => spearmanOfUint32(d, totalRanks));
  const shares = varianceShares(rhos);
  const contributionToVariance = keys
    .map((factor, i) => ({ factor, rankCorrelation: round4(rhos[i]!), varianceShare: round4(shares[i]!) }))
    .sort((a, b) => b.varianceShare - a.varianceShare || (a.factor < b.factor ? -1 : 1));
  return { totalT: t.totalT, tornado: t.rows, noEffect: t.noEffect, contributionToVariance, monteCarlo: result };
}
