import { BLOCKS, computeBlocksKg, factorValues, routeFor } from './co2-model.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import { FACTOR_KEYS, type FactorSetBody } from './factor-set.schemas.js';
import { mulberry32, triangular } from './random.js';

export type MonteCarloResult = { p5: number; p50: number; p95: number; mean: number; iterations: number; seed: number };

/**
 * Samples every factor independently from its triangular (low, mode, high) and
 * runs the same computeBlocksKg as the deterministic estimate. Draws are taken in
 * FACTOR_KEYS order, one per factor per iteration (unused ones too), so a seed
 * always meets the same stream: same seed, same figures to the last digit.
 * Figures are tonnes CO2e rounded to 3 decimals (whole kg).
 */
export function simulate(
  set: FactorSetBody,
  inputs: MagnetUpgradeInputs,
  { iterations, seed }: { iterations: number; seed: number },
): MonteCarloResult {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError('iterations must be a positive integer');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new RangeError('seed must be a uint32');

  const n = FACTOR_KEYS.length;
  const low = new Float64Array(n);
  const width = new Float64Array(n);
  const peak = new Float64Array(n);
  FACTOR_KEYS.forEach((k, j) => {
    const f = set.factors[k];
    low[j] = f.low;
    width[j] = f.high - f.low;
    peak[j] = f.high > f.low ? (f.mode - f.low) / (f.high - f.low) : 0;
  });

  // One record overwritten in place each iteration, the totals in a Float64Array.
  // (A getter view over a Float64Array of draws measured slower; the model call,
  // its small result object included, is about a tenth of the run.)
  const draw = factorValues(set);
  const legs = routeFor(set, inputs);
  const random = mulberry32(seed);
  const totals = new Float64Array(iterations);
  let sum = 0;
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < n; j++) draw[FACTOR_KEYS[j]!] = triangular(random(), low[j]!, width[j]!, peak[j]!);
    const blocks = computeBlocksKg(draw, inputs, legs);
    let total = 0;
    for (const b of BLOCKS) total += blocks[b];
    totals[i] = total;
    sum += total;
  }
  totals.sort();

  const t = (kg: number) => Math.round(kg) / 1000;
  return {
    p5: t(percentile(totals, 0.05)),
    p50: t(percentile(totals, 0.5)),
    p95: t(percentile(totals, 0.95)),
    mean: t(sum / iterations),
    iterations,
    seed,
  };
}

/**
 * Linear interpolation between the closest ranks of sorted samples (Hyndman and
 * Fan type 7, the default of R, NumPy and spreadsheets), so p50 is the usual
 * median and p5 ≤ p50 ≤ p95 holds for any sample.
 */
export function percentile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const lo = sorted[below]!;
  const hi = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lo + (h - below) * (hi - lo);
}
