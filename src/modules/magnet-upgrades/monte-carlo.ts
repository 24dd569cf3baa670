import { computePartsKg, factorValues, methodValues, PARTS, routeFor } from './co2-model.js';
import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import { FACTOR_KEYS, METHOD_FACTOR_KEYS, type Factor, type FactorSetBody } from './factor-set.schemas.js';
import { gridKey, mustPlan, usesMethodTerms, type MethodPlan } from './method.js';
import { mulberry32, triangular } from './random.js';

export type MonteCarloResult = { p5: number; p50: number; p95: number; mean: number; iterations: number; seed: number };

/** One factor a run draws: its key ('copperMass', 'referenceDesignLife', 'gridFactors.US'), stream and place in it. */
export type SampledFactor = { key: string; factor: Factor; stream: 1 | 2; index: number };

/** 2^31 steps of mulberry32 ahead: its state advances by an odd constant, so this never meets stream 1. */
export const stream2Seed = (seed: number) => (seed + 0x8000_0000) >>> 0;

/**
 * Every factor a run draws, in draw order. Stream 1: every core factor, seeded
 * with `seed`, exactly as before the method inputs existed. Stream 2: only when the
 * plan has a method term, every method factor the set has and then each country's
 * grid factor (sorted), from the same generator started 2^31 draws ahead. So a run
 * without method inputs gives the figures it always gave, and a run with them
 * meets the same core draws as one without.
 */
export function sampledFactors(set: FactorSetBody, plan: MethodPlan): SampledFactor[] {
  const out: SampledFactor[] = FACTOR_KEYS.map((key, index) => ({ key, factor: set.factors[key], stream: 1 as const, index }));
  if (!usesMethodTerms(plan)) return out;
  const second: [string, Factor][] = [
    ...METHOD_FACTOR_KEYS.flatMap((k) => (set.factors[k] ? [[k, set.factors[k]] as [string, Factor]] : [])),
    ...Object.keys(set.gridFactors ?? {})
      .sort()
      .map((c) => [gridKey(c), set.gridFactors![c]!] as [string, Factor]),
  ];
  second.forEach(([key, factor], index) => out.push({ key, factor, stream: 2, index }));
  return out;
}

/** What a run keeps for the variance shares: the uniform draw (as uint32) of each recorded factor, and each total. */
export type Recorded = { keys: string[]; draws: Uint32Array[]; totals: Float64Array };

/**
 * Samples every factor independently from its triangular (low, mode, high) and
 * runs the same computePartsKg as the deterministic estimate. Draws are taken in
 * sampledFactors order, one per factor per iteration (unused ones too), so a seed
 * always meets the same stream: same seed, same figures to the last digit.
 * Figures are tonnes CO2e rounded to 3 decimals (whole kg).
 */
export function simulate(
  set: FactorSetBody,
  inputs: MagnetUpgradeInputs,
  options: { iterations: number; seed: number },
  plan: MethodPlan = mustPlan(set, inputs),
): MonteCarloResult {
  return runMonteCarlo(set, inputs, options, plan).result;
}

export function runMonteCarlo(
  set: FactorSetBody,
  inputs: MagnetUpgradeInputs,
  { iterations, seed }: { iterations: number; seed: number },
  plan: MethodPlan,
  recordKeys: readonly string[] = [],
): { result: MonteCarloResult; recorded: Recorded } {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError('iterations must be a positive integer');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new RangeError('seed must be a uint32');

  const factors = sampledFactors(set, plan);
  const params = (stream: 1 | 2) => {
    const list = factors.filter((f) => f.stream === stream);
    const low = new Float64Array(list.length);
    const width = new Float64Array(list.length);
    const peak = new Float64Array(list.length);
    list.forEach(({ factor: f }, j) => {
      low[j] = f.low;
      width[j] = f.high - f.low;
      peak[j] = f.high > f.low ? (f.mode - f.low) / (f.high - f.low) : 0;
    });
    return { keys: list.map((f) => f.key), low, width, peak, n: list.length };
  };
  const s1 = params(1);
  const s2 = params(2);

  // Which draws to keep: the column of each factor in its stream, or -1.
  const col1 = new Int32Array(s1.n).fill(-1);
  const col2 = new Int32Array(s2.n).fill(-1);
  recordKeys.forEach((key, col) => {
    const f = factors.find((x) => x.key === key);
    if (!f) throw new Error(`cannot record ${key}: the run does not draw it`);
    (f.stream === 1 ? col1 : col2)[f.index] = col;
  });
  const draws = recordKeys.map(() => new Uint32Array(iterations));
  const recording = draws.length > 0;

  // One record of each kind overwritten in place each iteration, the totals in a
  // Float64Array. (A getter view over a Float64Array of draws measured slower; the
  // model call, its small result object included, is about a tenth of the run.)
  const draw = factorValues(set);
  const w = methodValues(set);
  const legs = routeFor(set, inputs);
  const random1 = mulberry32(seed);
  const random2 = mulberry32(stream2Seed(seed));
  const totals = new Float64Array(iterations);
  let sum = 0;
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < s1.n; j++) {
      const u = random1();
      draw[FACTOR_KEYS[j]!] = triangular(u, s1.low[j]!, s1.width[j]!, s1.peak[j]!);
      if (recording && col1[j]! >= 0) draws[col1[j]!]![i] = u * 4294967296;
    }
    for (let j = 0; j < s2.n; j++) {
      const u = random2();
      w[s2.keys[j]!] = triangular(u, s2.low[j]!, s2.width[j]!, s2.peak[j]!);
      if (recording && col2[j]! >= 0) draws[col2[j]!]![i] = u * 4294967296;
    }
    const parts = computePartsKg(draw, w, inputs, legs, plan);
    let total = 0;
    for (const p of PARTS) total += parts[p] ?? 0;
    totals[i] = total;
    sum += total;
  }
  const sorted = totals.slice().sort();

  const t = (kg: number) => Math.round(kg) / 1000;
  return {
    result: {
      p5: t(percentile(sorted, 0.05)),
      p50: t(percentile(sorted, 0.5)),
      p95: t(percentile(sorted, 0.95)),
      mean: t(sum / iterations),
      iterations,
      seed,
    },
    recorded: { keys: [...recordKeys], draws, totals },
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
