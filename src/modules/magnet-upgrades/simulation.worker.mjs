// The worker thread of large Monte Carlo runs (simulation-runner.ts). Worker
// threads do not inherit the TypeScript loader of the main thread (tsx, or vitest's
// own): register tsx here, then load the TypeScript job runner. Piscina calls the
// default export with each job.
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./simulation-jobs.ts');

export default runJob;
