/**
 * The worker thread of large Monte Carlo runs (simulation-runner.ts), loaded by piscina.
 * Compiled with the rest of src/ (dist/…/simulation.worker.js runs under `npm start`
 * with nothing but Node); from source it is loaded through src/workers/ts-worker.mjs.
 */
import { runJob } from './simulation-jobs.js';
import { workerHandler } from '../../workers/worker-handler.js';

export default workerHandler(runJob);
