// Times 10,000-iteration Monte Carlo runs against, in the same process, a bare
// loop drawing the same number of triangular samples with no model: the ratio
// (the model's cost over sampling alone) depends less on the machine than the
// milliseconds do. Run with: npm run bench:co2
import { defaultFactorSet } from '../src/modules/magnet-upgrades/default-factor-set.js';
import type { MagnetUpgradeInputs } from '../src/modules/magnet-upgrades/estimate.schemas.js';
import { FACTOR_KEYS } from '../src/modules/magnet-upgrades/factor-set.schemas.js';
import { simulate } from '../src/modules/magnet-upgrades/monte-carlo.js';
import { mulberry32, triangular } from '../src/modules/magnet-upgrades/random.js';

const ITERATIONS = 10_000;
const WARMUP_RUNS = 5;
const RUNS = 21;

function medianMs(run: (i: number) => unknown): number {
  for (let i = 0; i < WARMUP_RUNS; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

// The same draws simulate makes (one per factor per iteration, from the same
// precomputed parameters), summed so the JIT cannot drop them.
const low = Float64Array.from(FACTOR_KEYS, (k) => defaultFactorSet.factors[k].low);
const width = Float64Array.from(FACTOR_KEYS, (k) => defaultFactorSet.factors[k].high - defaultFactorSet.factors[k].low);
const peak = Float64Array.from(FACTOR_KEYS, (k, j) => (width[j]! > 0 ? (defaultFactorSet.factors[k].mode - low[j]!) / width[j]! : 0));
function bareSampling(seed: number): number {
  const random = mulberry32(seed);
  let sink = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    for (let j = 0; j < low.length; j++) sink += triangular(random(), low[j]!, width[j]!, peak[j]!);
  }
  return sink;
}

const cases: { name: string; inputs: MagnetUpgradeInputs }[] = [
  { name: '1.5 T default', inputs: { fieldStrengthT: 1.5 } },
  {
    name: '3 T, 6,500 kg, road + air',
    inputs: { fieldStrengthT: 3, magnetMassKg: 6500, transportLegs: [{ mode: 'road', km: 300 }, { mode: 'air', km: 9000 }] },
  },
];

const baselineMs = medianMs((i) => bareSampling(i));
const samples = ITERATIONS * FACTOR_KEYS.length;
console.log(`node ${process.version}, ${ITERATIONS} iterations, median of ${RUNS} runs after ${WARMUP_RUNS} warm-up runs`);
console.log(`baseline: bare triangular sampling, ${samples} draws: ${baselineMs.toFixed(2)} ms`);
for (const { name, inputs } of cases) {
  const ms = medianMs((i) => simulate(defaultFactorSet, inputs, { iterations: ITERATIONS, seed: i }));
  console.log(`simulate ${name}: ${ms.toFixed(2)} ms, ${(ms / baselineMs).toFixed(2)}× the baseline`);
}
