// Times 10,000-iteration Monte Carlo runs against, in the same process, a bare
// loop drawing the same number of triangular samples with no model: the ratio
// (the model's cost over sampling alone) depends less on the machine than the
// milliseconds do. Then times POST /estimates/magnet-upgrade over real HTTP
// against a bare Express JSON endpoint served the same way, so the ratio shows
// what the endpoint costs beyond Express itself. Then the sensitivity endpoint
// against the estimate with the same body and iterations (issue 15: it must stay
// under 3×), the in-process/worker line, and how long a 200,000-iteration run
// holds the event loop in the worker and in-process. Run with: npm run bench:co2
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defaultFactorSet } from '../src/modules/magnet-upgrades/default-factor-set.js';
import { defaultFactorSet2026_2 } from '../src/modules/magnet-upgrades/default-factor-set-2026-2.js';
import type { MagnetUpgradeInputs } from '../src/modules/magnet-upgrades/estimate.schemas.js';
import { FACTOR_KEYS } from '../src/modules/magnet-upgrades/factor-set.schemas.js';
import { mustPlan } from '../src/modules/magnet-upgrades/method.js';
import { simulate } from '../src/modules/magnet-upgrades/monte-carlo.js';
import { mulberry32, triangular } from '../src/modules/magnet-upgrades/random.js';
import { analyseSensitivity } from '../src/modules/magnet-upgrades/sensitivity.js';
import { closeSimulationPool, runSimulation, WORKER_FROM_ITERATIONS } from '../src/modules/magnet-upgrades/simulation-runner.js';

const ITERATIONS = 10_000;
const WARMUP_RUNS = 5;
const RUNS = 21;

async function medianMs(run: (i: number) => unknown, runs = RUNS, warmup = WARMUP_RUNS): Promise<number> {
  for (let i = 0; i < warmup; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
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

const baselineMs = await medianMs((i) => bareSampling(i));
const samples = ITERATIONS * FACTOR_KEYS.length;
console.log(`node ${process.version}, ${ITERATIONS} iterations, median of ${RUNS} runs after ${WARMUP_RUNS} warm-up runs`);
console.log(`baseline: bare triangular sampling, ${samples} draws: ${baselineMs.toFixed(2)} ms`);
for (const { name, inputs } of cases) {
  const ms = await medianMs((i) => simulate(defaultFactorSet, inputs, { iterations: ITERATIONS, seed: i }));
  console.log(`simulate ${name}: ${ms.toFixed(2)} ms, ${(ms / baselineMs).toFixed(2)}× the baseline`);
}

// --- Over HTTP: the real app (in-memory database, real migrations) beside a bare
// Express app with only a JSON parser, both on loopback, called one at a time.
const SECRET = 'ctk_bench_admin_secret_0123456789';
const config = { ...loadConfig({}), logLevel: 'silent' as const, bootstrapAdminKey: SECRET };
const { app, deps } = createApp({ db: openDatabase(':memory:'), config, logger: createLogger('silent') });
seedDatabase(deps);
const bare = express();
bare.use(express.json());
bare.post('/echo', (req, res) => {
  res.json({ ok: true, got: req.body });
});
const listen = (a: express.Express) =>
  new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = a.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
const [real, plain] = await Promise.all([listen(app), listen(bare)]);
const post = async (url: string, body: unknown, auth?: string) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
};
const bareMs = await medianMs(() => post(`${plain.url}/echo`, { fieldStrengthT: 1.5 }));
console.log(`bare Express JSON endpoint over HTTP: ${bareMs.toFixed(2)} ms`);
for (const iterations of [100, ITERATIONS]) {
  const ms = await medianMs((i) => post(`${real.url}/api/v1/estimates/magnet-upgrade`, { fieldStrengthT: 1.5, iterations, seed: i }, SECRET));
  console.log(`POST /estimates/magnet-upgrade, ${iterations} iterations: ${ms.toFixed(2)} ms, ${(ms / bareMs).toFixed(2)}× the bare endpoint`);
}

// --- Sensitivity against the estimate: the same body, the same iterations, over
// HTTP, runs interleaved (estimate, sensitivity, estimate, ...) so both meet the
// same machine load. At 10,000 iterations the sensitivity already goes to the
// worker and the estimate does not: the ratio includes that hop, as a client sees it.
const methodInputs = { remainingLifeYears: 6, useEnergyDeltaMWhPerYear: 12, gridCountry: 'US', endOfLife: { approach: 'avoided_burden' } };
for (const [iterations, runs, extra] of [
  [10_000, 11, {}],
  [200_000, 5, {}],
  [200_000, 5, methodInputs],
] as const) {
  const body = (i: number) => ({ fieldStrengthT: 1.5, ...extra, iterations, seed: i });
  const url = `${real.url}/api/v1/estimates/magnet-upgrade`;
  const est: number[] = [];
  const sens: number[] = [];
  for (let i = -1; i < runs; i++) {
    let t0 = performance.now();
    await post(url, body(i + 1), SECRET);
    const e = performance.now() - t0;
    t0 = performance.now();
    await post(`${url}/sensitivity`, body(i + 1), SECRET);
    const s2 = performance.now() - t0;
    if (i >= 0) { est.push(e); sens.push(s2); } // the first pair warms up (and starts the worker)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const label = Object.keys(extra).length ? '1.5 T with every method input' : '1.5 T default';
  console.log(
    `POST …/sensitivity vs POST /estimates/magnet-upgrade, ${label}, ${iterations} iterations (median of ${runs}, interleaved): ` +
      `${median(sens).toFixed(1)} ms vs ${median(est).toFixed(1)} ms = ${(median(sens) / median(est)).toFixed(2)}× (limit 3×)`,
  );
}
{
  // The same comparison without HTTP or the worker: the pure functions, in-process,
  // interleaved like the endpoints (one warm-up pair first).
  const inputs: MagnetUpgradeInputs = { fieldStrengthT: 1.5 };
  const plan = mustPlan(defaultFactorSet2026_2, inputs);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = -1; i < 5; i++) {
    let t0 = performance.now();
    simulate(defaultFactorSet2026_2, inputs, { iterations: 200_000, seed: i + 1 }, plan);
    const x = performance.now() - t0;
    t0 = performance.now();
    analyseSensitivity(defaultFactorSet2026_2, inputs, plan, { iterations: 200_000, seed: i + 1 });
    const y = performance.now() - t0;
    if (i >= 0) { a.push(x); b.push(y); }
  }
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
  console.log(`in-process, 200,000 iterations (median of 5, interleaved): analyseSensitivity ${median(b).toFixed(1)} ms vs simulate ${median(a).toFixed(1)} ms = ${(median(b) / median(a)).toFixed(2)}×`);
}

// --- Where runs go: in-process below the line, the worker from it.
{
  const inputs: MagnetUpgradeInputs = { fieldStrengthT: 1.5 };
  const plan = mustPlan(defaultFactorSet2026_2, inputs);
  console.log(`worker from ${WORKER_FROM_ITERATIONS.simulate} iterations (estimate), ${WORKER_FROM_ITERATIONS.sensitivity} (sensitivity)`);
  for (const iterations of [1_000, 10_000, 20_000, 50_000]) {
    const job = { kind: 'simulate' as const, set: defaultFactorSet2026_2, inputs, plan, iterations, seed: 1 };
    const local = await medianMs(() => runSimulation(job, { workerFromIterations: Infinity }), 9, 2);
    const worker = await medianMs(() => runSimulation(job, { workerFromIterations: 0 }), 9, 2);
    console.log(`  estimate run of ${iterations}: in-process ${local.toFixed(1)} ms (the event loop held that long), warm worker ${worker.toFixed(1)} ms`);
  }
}

// --- How long a 200,000-iteration estimate holds the event loop: the longest
// delay the loop sees while one runs, in the worker (the server's way) and in-process.
{
  const inputs: MagnetUpgradeInputs = { fieldStrengthT: 1.5 };
  const job = { kind: 'simulate' as const, set: defaultFactorSet2026_2, inputs, plan: mustPlan(defaultFactorSet2026_2, inputs), iterations: 200_000, seed: 9 };
  for (const [where, threshold] of [['worker', 0], ['in-process', Infinity]] as const) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the monitor's timer start before the run
    await runSimulation(job, { workerFromIterations: threshold });
    await new Promise((resolve) => setTimeout(resolve, 20));
    h.disable();
    console.log(`event loop during a 200,000-iteration estimate run ${where}: longest delay ${(h.max / 1e6).toFixed(1)} ms`);
  }
}
await closeSimulationPool();
real.close();
plain.close();
