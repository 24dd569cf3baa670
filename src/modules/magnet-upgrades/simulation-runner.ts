import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { runJob, type SimulationJob } from './simulation-jobs.js';
import type { MonteCarloResult } from './monte-carlo.js';
import type { SensitivityResult } from './sensitivity.js';

/**
 * Runs of at least this many iterations go to a worker thread; smaller ones stay
 * in-process. In-process is always a little faster for the one request (no copy to
 * and from the worker, no worker start-up), so the line is drawn at the stall the
 * event loop may take: about 25–50 ms on the 2-core reference machine (see `npm run
 * bench:co2`, which measures both). A sensitivity run costs about twice an estimate
 * of the same iterations, so its line is half as far.
 */
export const WORKER_FROM_ITERATIONS = { simulate: 20_000, sensitivity: 10_000 } as const;

let pool: Promise<Piscina> | null = null;

// One pool for the process, made on first use (piscina itself is loaded then too:
// processes that never run a large simulation, such as the CLI, never load it).
// One thread less than the cores (at least one), so the event loop keeps a core;
// further runs queue. Idle threads are unref'd by Piscina (a process with nothing
// else to do exits) and closed after a minute without work.
function workerPool(): Promise<Piscina> {
  pool ??= import('piscina').then(
    ({ Piscina }) =>
      new Piscina({
        filename: fileURLToPath(new URL('./simulation.worker.mjs', import.meta.url)),
        minThreads: 0,
        maxThreads: Math.max(1, availableParallelism() - 1),
        idleTimeout: 60_000,
      }),
  );
  return pool;
}

export type RunOptions = { workerFromIterations?: number };

export function runSimulation(job: Extract<SimulationJob, { kind: 'simulate' }>, opts?: RunOptions): Promise<MonteCarloResult>;
export function runSimulation(job: Extract<SimulationJob, { kind: 'sensitivity' }>, opts?: RunOptions): Promise<SensitivityResult>;
export async function runSimulation(job: SimulationJob, opts: RunOptions = {}): Promise<MonteCarloResult | SensitivityResult> {
  const threshold = opts.workerFromIterations ?? WORKER_FROM_ITERATIONS[job.kind];
  if (job.iterations < threshold) return runJob(job);
  return (await (await workerPool()).run(job)) as MonteCarloResult | SensitivityResult;
}

/** Closes the pool (tests, and a server shutting down); the next large run makes a new one. */
export async function closeSimulationPool(): Promise<void> {
  const p = pool;
  pool = null;
  await (await p)?.close();
}
