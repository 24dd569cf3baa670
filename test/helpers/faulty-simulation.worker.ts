/**
 * A simulation worker with faults planted by seed, for the tests of what a failing
 * worker does to a request (test/api/estimates-worker.test.ts): the real job otherwise.
 */
import { runJob, type SimulationJob } from '../../src/modules/magnet-upgrades/simulation-jobs.js';
import { workerHandler } from '../../src/workers/worker-handler.js';

/** The job throws (a bug in the model). */
export const THROWING_SEED = 666_001;
/** The worker thread exits mid-run (a crash). */
export const EXITING_SEED = 666_002;

export default workerHandler((job: SimulationJob) => {
  if (job.seed === THROWING_SEED) throw new RangeError('a fault planted by the test');
  if (job.seed === EXITING_SEED) process.exit(7);
  return runJob(job);
});
