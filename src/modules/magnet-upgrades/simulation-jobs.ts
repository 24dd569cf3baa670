import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import type { FactorSetBody } from './factor-set.schemas.js';
import type { MethodPlan } from './method.js';
import { simulate, type MonteCarloResult } from './monte-carlo.js';
import { analyseSensitivity, type SensitivityResult } from './sensitivity.js';

/** A Monte Carlo run as plain data, so it can be posted to a worker thread and back. */
export type SimulationJob =
  | { kind: 'simulate'; set: FactorSetBody; inputs: MagnetUpgradeInputs; plan: MethodPlan; iterations: number; seed: number }
  | { kind: 'sensitivity'; set: FactorSetBody; inputs: MagnetUpgradeInputs; plan: MethodPlan; iterations: number; seed: number };

export type JobResult<J extends SimulationJob> = J['kind'] extends 'simulate' ? MonteCarloResult : SensitivityResult;

/** The same pure computation in-process and in the worker: the answer cannot depend on where it ran. */
export function runJob(job: SimulationJob): MonteCarloResult | SensitivityResult {
  const options = { iterations: job.iterations, seed: job.seed };
  return job.kind === 'simulate' ? simulate(job.set, job.inputs, options, job.plan) : analyseSensitivity(job.set, job.inputs, job.plan, options);
}
