/**
 * An open-loop latency probe: one GET every `everyMs`, whatever the earlier ones are
 * doing, each timed from the moment it was due (not from when it could be sent). A
 * server that stalls for 8 s then shows as 800 slow answers, as 800 real clients
 * would feel it, instead of the one slow sample a closed loop records (coordinated
 * omission).
 *
 * `probeInOwnProcess` runs the probe in a child process, so that whatever the bench's
 * own event loop is busy with (uploading a file, reading an export) never delays a
 * probe and shows up as the service's latency.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export type ProbeResult = {
  /** Latency of each answered probe (ms), in the order they were due. */
  samples: number[];
  /** When each answered probe was due (epoch ms, comparable across processes). */
  dueAt: number[];
  failures: number;
  statuses: Record<number, number>;
  /** Requests that got no answer, by error code (ECONNRESET, …). */
  errors: Record<string, number>;
};

export function startProbe(url: string, everyMs = 10) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const samples: number[] = [];
  const dueAt: number[] = [];
  const statuses: Record<number, number> = {};
  const errors: Record<string, number> = {};
  let failures = 0;
  let sent = 0;
  let stopped = false;
  const inflight = new Set<Promise<void>>();
  const start = performance.now();

  const get = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent }, (res) => {
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) {
            samples.push(performance.now() - due);
            dueAt.push(performance.timeOrigin + due);
          }
          else failures++;
          resolve();
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        failures++;
        const code = err.code ?? 'error';
        errors[code] = (errors[code] ?? 0) + 1;
        resolve();
      });
    });

  const tick = () => {
    const now = performance.now();
    while (!stopped && start + sent * everyMs <= now) {
      const p = get(start + sent++ * everyMs);
      inflight.add(p);
      void p.then(() => inflight.delete(p));
    }
  };
  const timer = setInterval(tick, Math.max(1, everyMs / 2));

  return {
    async stop(): Promise<ProbeResult> {
      stopped = true;
      clearInterval(timer);
      await Promise.all(inflight);
      agent.destroy();
      return { samples, dueAt, failures, statuses, errors };
    },
  };
}

/** The q-quantile (nearest rank) of the samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The probe in a child process (same CPU affinity as this one); stop() returns its samples. */
export function probeInOwnProcess(url: string, everyMs = 10): { stop(): Promise<ProbeResult>; kill(): void } {
  const child = fork(fileURLToPath(import.meta.url), [url, String(everyMs)], { execArgv: ['--import', 'tsx'] });
  return {
    kill: () => void child.kill(),
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', (r) => resolve(r as ProbeResult));
        child.once('exit', (code) => reject(new Error(`the probe process exited (${code})`)));
        child.send('stop');
      }),
  };
}

// Run as a child by probeInOwnProcess: probe until told to stop, then answer the samples and exit.
if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const probe = startProbe(process.argv[2]!, Number(process.argv[3]));
  // The bench went away (it failed or was stopped): so does the probe.
  process.once('disconnect', () => process.exit(0));
  process.once('message', async () => {
    const r = await probe.stop();
    process.send!(r, () => process.exit(0));
  });
}
