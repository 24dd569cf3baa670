import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { DomainError } from '../../domain/errors.js';
import { workerFile } from '../../workers/worker-file.js';
import type { WorkerAnswer } from '../../workers/worker-handler.js';
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

type Result = MonteCarloResult | SensitivityResult;

/**
 * The worker threads of large runs: a piscina pool made on first use (piscina itself is
 * loaded then too: processes that never run a large simulation, such as the CLI, never
 * load it). One thread less than the cores (at least one), so the event loop keeps a
 * core; further runs queue. Idle threads are unref'd by piscina (a process with nothing
 * else to do exits) and closed after a minute without work.
 *
 * A worker that dies is never the process's death: a thread that exits or crashes
 * mid-run fails that run with 503 `service.unavailable` (piscina starts a new thread
 * for the next run); a worker that cannot even start fails every waiting run the same
 * way and the pool is dropped, so the next run builds a fresh one. A job that throws
 * (a bug in the model) rejects with its error, as it would in-process: 500.
 */
export class SimulationPool {
  private pool: Promise<Piscina> | null = null;
  private readonly waiting = new Set<(err: Error) => void>();

  constructor(private readonly worker: { filename: string; workerData?: unknown } = workerFile(import.meta.url, 'simulation.worker')) {}

  private piscina(): Promise<Piscina> {
    if (this.pool) return this.pool;
    const made: Promise<Piscina> = import('piscina').then(({ Piscina }) => {
      const pool = new Piscina({
        ...this.worker,
        minThreads: 0,
        maxThreads: Math.max(1, availableParallelism() - 1),
        idleTimeout: 60_000,
      });
      // Emitted when a thread fails with no run of its own to fail (it could not load its
      // module): without a listener the pool would end the process. Its queued runs
      // would wait for ever, so they fail now, and the next run builds a new pool.
      pool.on('error', (err: Error) => {
        if (this.pool === made) this.pool = null;
        for (const fail of [...this.waiting]) fail(err);
        void pool.destroy().catch(() => {});
      });
      return pool;
    });
    this.pool = made;
    return made;
  }

  async run(job: SimulationJob): Promise<Result> {
    const pool = await this.piscina();
    let fail!: (err: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    this.waiting.add(fail);
    let answer: WorkerAnswer<Result>;
    try {
      answer = (await Promise.race([pool.run(job), failed])) as WorkerAnswer<Result>;
    } catch (err) {
      throw new DomainError(
        'service.unavailable',
        `The Monte Carlo worker stopped before it answered (${(err as Error).message}); nothing was computed or stored. Retry the request.`,
      );
    } finally {
      this.waiting.delete(fail);
    }
    if (!answer.ok) throw Object.assign(new Error(`Monte Carlo worker: ${answer.error.message}`), { stack: answer.error.stack });
    return answer.result;
  }

  /** The pool's threads (tests: to stop one as a crash would). */
  async threads(): Promise<readonly { terminate(): Promise<number> }[]> {
    return (await this.piscina()).threads;
  }

  /** Closes the pool (tests, and a server shutting down); the next run makes a new one. */
  async close(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    await (await p)?.close();
  }
}

/** The process's pool: every app in the process shares its threads. */
let processPool = new SimulationPool();

/**
 * Makes `pool` the process's pool and answers the one it replaces (tests: a pool whose
 * worker fails on purpose, behind the real routes). Close the old one if it is done with.
 */
export function setSimulationPool(pool: SimulationPool): SimulationPool {
  const previous = processPool;
  processPool = pool;
  return previous;
}

export type RunOptions = { workerFromIterations?: number; pool?: SimulationPool };

export function runSimulation(job: Extract<SimulationJob, { kind: 'simulate' }>, opts?: RunOptions): Promise<MonteCarloResult>;
export function runSimulation(job: Extract<SimulationJob, { kind: 'sensitivity' }>, opts?: RunOptions): Promise<SensitivityResult>;
export async function runSimulation(job: SimulationJob, opts: RunOptions = {}): Promise<Result> {
  const threshold = opts.workerFromIterations ?? WORKER_FROM_ITERATIONS[job.kind];
  if (job.iterations < threshold) return runJob(job);
  return (opts.pool ?? processPool).run(job);
}

/** Closes the process's pool; the next large run makes a new one. */
export const closeSimulationPool = (): Promise<void> => processPool.close();
