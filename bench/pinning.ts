/**
 * Pinning for the server benchmarks: with two or more cores and taskset, this process
 * (the load generator, the client, the raw baselines) moves to core 1 and the server is
 * started on core 0, so the two never take each other's CPU. The note says what was done
 * (or why not) for the benchmark's output. BENCH_PIN=0 turns it off.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export type Pinning = {
  /** What to start the server with: ['taskset', '-c', '0'], or nothing. */
  prefix: string[];
  note: string;
};

export function pinServerAndSelf(server: string, self: string): Pinning {
  const cores = os.availableParallelism();
  if (process.env.BENCH_PIN === '0') return { prefix: [], note: `not pinned (BENCH_PIN=0): ${server} and ${self} share the cores` };
  if (cores < 2) return { prefix: [], note: `not pinned: this machine has ${cores} core, ${server} and ${self} share it` };
  try {
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return { prefix: [], note: `not pinned: taskset is not available, ${server} and ${self} share the cores` };
  }
  return { prefix: ['taskset', '-c', '0'], note: `pinned with taskset (${cores} cores): ${server} on core 0, ${self} on core 1` };
}
