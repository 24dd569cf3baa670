// Times 10,000-iteration Monte Carlo runs against, in the same process, a bare
// loop drawing the same number of triangular samples with no model: the ratio
// (the model's cost over sampling alone) depends less on the machine than the
// milliseconds do. Then times POST /estimates/magnet-upgrade over real HTTP
// against a bare Express JSON endpoint served the same way, so the ratio shows
// what the endpoint costs beyond Express itself. Run with: npm run bench:co2
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';
import { defaultFactorSet } from '../src/modules/magnet-upgrades/default-factor-set.js';
import type { MagnetUpgradeInputs } from '../src/modules/magnet-upgrades/estimate.schemas.js';
import { FACTOR_KEYS } from '../src/modules/magnet-upgrades/factor-set.schemas.js';
import { simulate } from '../src/modules/magnet-upgrades/monte-carlo.js';
import { mulberry32, triangular } from '../src/modules/magnet-upgrades/random.js';

const ITERATIONS = 10_000;
const WARMUP_RUNS = 5;
const RUNS = 21;

async function medianMs(run: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < WARMUP_RUNS; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i);
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
real.close();
plain.close();
