import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFactorSet2026_2 as set } from '../../src/modules/magnet-upgrades/default-factor-set-2026-2.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';
import { mustPlan } from '../../src/modules/magnet-upgrades/method.js';
import { closeSimulationPool, runSimulation, setSimulationPool, SimulationPool } from '../../src/modules/magnet-upgrades/simulation-runner.js';
import { DomainError } from '../../src/domain/errors.js';
import { workerFile } from '../../src/workers/worker-file.js';
import { EXITING_SEED, THROWING_SEED } from '../helpers/faulty-simulation.worker.js';
import { createTestApp } from '../helpers/test-app.js';

afterAll(closeSimulationPool);

const IN_PROCESS = { workerFromIterations: Infinity };
const IN_WORKER = { workerFromIterations: 0 };

describe('large Monte Carlo runs in a worker thread', () => {
  it('when a 200,000-iteration run is made in the worker and in-process with the same seed, then the results are identical', async () => {
    const inputs: MagnetUpgradeInputs = { fieldStrengthT: 3, magnetMassKg: 6800, transportLegs: [{ mode: 'air', km: 9000 }] };
    const job = { kind: 'simulate' as const, set, inputs, plan: mustPlan(set, inputs), iterations: 200_000, seed: 4242 };
    const [worker, local] = [await runSimulation(job, IN_WORKER), await runSimulation(job, IN_PROCESS)];
    expect(worker).toEqual(local);
    expect(worker.iterations).toBe(200_000);
  });

  it('when a sensitivity with every method input runs in the worker and in-process, then the tornado, shares and percentiles are identical', async () => {
    const inputs: MagnetUpgradeInputs = { fieldStrengthT: 1.5, remainingLifeYears: 7, useEnergyDeltaMWhPerYear: 9, gridCountry: 'JP', endOfLife: { approach: 'avoided_burden' } };
    const job = { kind: 'sensitivity' as const, set, inputs, plan: mustPlan(set, inputs), iterations: 30_000, seed: 8 };
    const worker = await runSimulation(job, IN_WORKER);
    expect(worker).toEqual(await runSimulation(job, IN_PROCESS));
    expect(worker.contributionToVariance.length).toBeGreaterThan(10);
  });

  // The app runs in this very thread (supertest), so a run that held the event loop
  // would hold this test's second request too, and the estimate would finish first.
  it.each([
    ['/api/v1/estimates/magnet-upgrade', 'an estimate'],
    ['/api/v1/estimates/magnet-upgrade/sensitivity', 'a sensitivity'],
  ])('when %s of 200,000 iterations is running, then another request is answered before it finishes', async (url) => {
    const t = createTestApp();
    await runSimulation({ kind: 'simulate', set, inputs: { fieldStrengthT: 1.5 }, plan: mustPlan(set, { fieldStrengthT: 1.5 }), iterations: 100, seed: 1 }, IN_WORKER); // a started worker
    const order: string[] = [];
    const big = t.as('engineer').post(url, { fieldStrengthT: 1.5, iterations: 200_000, seed: 5 }).then((r) => {
      order.push('big');
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const small = await t.as('viewer').get('/api/v1/factor-sets');
    order.push('other');
    expect(small.status).toBe(200);
    expect((await big).status).toBe(200);
    expect(order).toEqual(['other', 'big']);
  });
});

/** A pool whose worker fails on purpose for the planted seeds (test/helpers/faulty-simulation.worker.ts). */
const faultyPool = () => new SimulationPool(workerFile(new URL('../helpers/faulty-simulation.worker.ts', import.meta.url).href, 'faulty-simulation.worker'));
const job = (seed: number, iterations = 30_000) => ({ kind: 'simulate' as const, set, inputs: { fieldStrengthT: 1.5 as const }, plan: mustPlan(set, { fieldStrengthT: 1.5 }), iterations, seed });

// One faulty pool for the file's failures (each worker thread started from source loads
// tsx and the model: seconds on a busy machine), in order: a throwing job, then exits.
describe('a worker that fails', () => {
  const pool = faultyPool();
  let previous: SimulationPool;
  beforeAll(() => {
    previous = setSimulationPool(pool);
  });
  afterAll(async () => {
    setSimulationPool(previous);
    await pool.close();
  });

  it('when the job throws in the worker, then the run rejects with the job’s own error (not a dead worker), and the same thread runs the next job', async () => {
    const err = await pool.run(job(THROWING_SEED)).then(() => null, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(DomainError);
    expect(err!.message).toBe('Monte Carlo worker: a fault planted by the test');
    expect(err!.stack).toContain('faulty-simulation.worker');
    const [thread] = await pool.threads();
    expect(await pool.run(job(7))).toEqual(await runSimulation(job(7), IN_PROCESS));
    const threads = await pool.threads();
    expect(threads).toHaveLength(1);
    expect(threads[0]).toBe(thread);
  });

  it('when the worker thread exits mid-run, then the run fails with 503 service.unavailable, and a new thread runs the next job', async () => {
    const [before] = await pool.threads();
    expect(before).toBeDefined(); // the thread of the test before
    const err = await pool.run(job(EXITING_SEED)).then(() => null, (e: unknown) => e as DomainError);
    expect(err).toBeInstanceOf(DomainError);
    expect(err!.code).toBe('service.unavailable');
    expect(err!.message).toContain('worker exited with code: 7');
    expect(await pool.run(job(8))).toEqual(await runSimulation(job(8), IN_PROCESS));
    const [after] = await pool.threads();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('when the worker of a 200,000-iteration estimate exits mid-run, then 503 problem+json, /health still answers, and the next run succeeds on a new thread', async () => {
    const t = createTestApp();
    const url = '/api/v1/estimates/magnet-upgrade';
    const res = await t.as('engineer').post(url, { fieldStrengthT: 1.5, iterations: 200_000, seed: EXITING_SEED });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'service.unavailable' });
    expect(res.body.detail).toContain('worker exited with code: 7');
    expect((await t.agent.get('/api/v1/health')).status).toBe(200);
    const again = await t.as('engineer').post(url, { fieldStrengthT: 1.5, iterations: 200_000, seed: 5 });
    expect(again.status).toBe(200);
    expect(again.body.monteCarlo).toMatchObject({ iterations: 200_000, seed: 5 });
  });

  it('when the job of a sensitivity run throws in the worker, then 500 internal.error problem+json that names nothing internal, and the service keeps serving', async () => {
    const t = createTestApp();
    const res = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade/sensitivity', { fieldStrengthT: 1.5, iterations: 10_000, seed: THROWING_SEED });
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 500, code: 'internal.error' });
    expect(res.body.detail).not.toContain('planted');
    expect((await t.as('viewer').get('/api/v1/factor-sets')).status).toBe(200);
  });
});

describe('a worker that cannot start', () => {
  it('when the worker module cannot be loaded, then every waiting run fails with 503 (the process lives on), and the pool is built again for the next run', async () => {
    const pool = new SimulationPool({ filename: fileURLToPath(new URL('../helpers/no-such.worker.js', import.meta.url)) });
    try {
      const runs = await Promise.allSettled([pool.run(job(1)), pool.run(job(2))]);
      for (const r of runs) {
        expect(r.status).toBe('rejected');
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'service.unavailable' });
        expect(String((r as PromiseRejectedResult).reason.message)).toContain('no-such.worker.js');
      }
      // Still refused, not hung: the next run gets a new pool that fails the same way.
      await expect(pool.run(job(3))).rejects.toMatchObject({ code: 'service.unavailable' });
    } finally {
      await pool.close();
    }
  });
});
