// Development only (see worker-file.ts): the entry of a worker thread when the service
// runs from source under tsx or vitest. Worker threads do not inherit the TypeScript
// loader of the main thread, so register tsx here, then load the TypeScript worker
// module named in workerData. piscina calls its default export with each job.
// Compiled code (dist/) never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const worker = await import(workerData.tsModule);

export default worker.default;
