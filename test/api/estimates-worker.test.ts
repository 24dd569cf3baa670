import { afterAll, describe, expect, it } from 'vitest';
import { defaultFactorSet2026_2 as set } from '../../src/modules/magnet-upgrades/default-factor-set-2026-2.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';
import { mustPlan } from '../../src/modules/magnet-upgrades/method.js';
import { closeSimulationPool, runSimulation } from '../../src/modules/magnet-upgrades/simulation-runner.js';
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
