/**
 * What a worker thread answers for one job: `{ok: true, result}`, or `{ok: false, error}`
 * when the job threw. A job's own failure is then a value the caller can tell apart
 * from a worker that died (exited, crashed, could not start), which rejects instead.
 */
export type WorkerAnswer<R> = { ok: true; result: R } | { ok: false; error: { name: string; message: string; stack?: string } };

export function workerHandler<J, R>(run: (job: J) => R): (job: J) => WorkerAnswer<R> {
  return (job) => {
    try {
      return { ok: true, result: run(job) };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      return { ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
    }
  };
}
