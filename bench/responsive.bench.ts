/**
 * npm run bench:responsive — does one heavy request leave everyone else served?
 *
 * Builds a ledger of about half a million entries (bench/kpi-build.ts: 100,000 units
 * and their ~400,000 events, chained as the service chains them), starts the real
 * service on it (`node --import tsx src/main.ts`, or the compiled `dist/main.js` with
 * BENCH_SERVER=dist) and probes `GET /api/v1/health` every 10 ms from a process of its own
 * (open loop: each probe timed from when it was due, so a stall counts once per probe it
 * holds; only the probes due while the loads run count) while, one scenario after another:
 *   - nothing else runs (the service's own floor);
 *   - a units import of 53,332 rows (the units the events imports below act on);
 *   - an events import of 100,000 rows;
 *   - an events export (`GET /events?format=csv`, the whole ledger, ~65 MB), then three at once;
 *   - a units export (`GET /units?format=csv`);
 *   - a sensitivity run of 200,000 iterations;
 *   - all at once: a second 100,000-row events import, an events export and the sensitivity run.
 * Prints p50, p99 and max of /health for each, and how long each load took. The goal:
 * p99 under 100 ms all at once.
 *
 * Baselines measured in the same run: the same probe against a bare Express app
 * (bench/bare-express.ts) on the service's core, before the service starts, and raw better-sqlite3 reading every
 * row the events export writes (one prepared SELECT, no CSV, no HTTP).
 *
 * With two or more CPUs the service (and the bare app) run on CPU 1 and this process,
 * the load generator, on CPU 0 (taskset); the output says which.
 *
 *   BENCH_UNITS=100000     units of the built ledger (about 5 entries each)
 *   BENCH_SERVER=dist      run the compiled service (runs `npm run build` in BENCH_ROOT first)
 *   BENCH_ROOT=/some/dir   run the service of another checkout (before/after comparisons)
 *   BENCH_ONLY=regex       run only the scenarios whose name matches (the idle ones always run)
 *   BENCH_CPU_PROF=/dir    write a CPU profile of the service
 *   BENCH_TRACE=1          print each scenario's slowest probe per second (when the stalls happened)
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { ReadCache } from '../src/db/read-cache.js';
import { systemClock } from '../src/domain/dates.js';
import { defaultIdMaker } from '../src/app.js';
import { seedDatabase } from '../src/seed.js';
import { eventsCsv, unitsCsv } from './ingest-data.js';
import { buildLedger } from './kpi-build.js';
import { probeInOwnProcess, quantile, type ProbeResult } from './latency-probe.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
/** Units whose events (3.75 a unit on average) make one events file of just under 100,000 rows. */
const UNITS_PER_EVENTS_FILE = 26_666;
const IMPORTED_UNITS = 2 * UNITS_PER_EVENTS_FILE;
const ROOT = path.resolve(process.env.BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const COMPILED = process.env.BENCH_SERVER === 'dist';
const KEY = 'ctk_bench_responsive_admin_secret_0123';
const GOAL_P99_MS = 100;
const PROBE_EVERY_MS = 10;

const CPUS = os.availableParallelism();
const pinned = CPUS >= 2 && spawnSync('taskset', ['-V']).status === 0;
const SERVER_CPU = '1';
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Starts a process pinned to the service's CPU and waits for the line that gives its port.
 * Its stdout goes to a file, not a pipe to this process: writing to a pipe is synchronous
 * on Linux, so a load generator busy elsewhere would stall the service's logging and make
 * the service look frozen when the bench was.
 */
async function startProcess(args: string[], env: Record<string, string>, logFile: string, portOf: (line: string) => number | null): Promise<{ child: ChildProcess; port: number }> {
  const [cmd, ...rest] = pinned ? ['taskset', '-c', SERVER_CPU, process.execPath, ...args] : [process.execPath, ...args];
  const out = fs.openSync(logFile, 'w');
  const child = spawn(cmd!, rest, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, 'inherit'] });
  fs.closeSync(out);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const text = fs.readFileSync(logFile, 'utf8');
    for (const line of text.split('\n')) {
      const port = portOf(line);
      if (port) return { child, port };
    }
    if (exited !== undefined) throw new Error(`process exited early (${exited}): ${text.slice(-2000)}`);
  }
}

/** Peak resident memory of a process (VmHWM), in MB. */
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

type Load = () => Promise<string>;
type Row = { name: string; probe: ProbeResult; loads: string[]; ms: number };

const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;

async function scenario(name: string, url: string, loads: Load[], opts: { idleMs?: number; always?: boolean } = {}): Promise<Row | null> {
  if (ONLY && loads.length > 0 && !opts.always && !ONLY.test(name)) return null;
  const idleMs = opts.idleMs ?? 0;
  const probe = probeInOwnProcess(url, PROBE_EVERY_MS);
  let from: number, to: number, ms: number, done: string[], raw: ProbeResult;
  try {
    await new Promise((r) => setTimeout(r, 1500)); // the probe process starts and settles
    from = Date.now();
    const started = performance.now();
    // A load that fails (a 408 from a server too frozen to read the request in time) is reported, not fatal.
    const run = (l: Load) => l().catch((err: unknown) => `FAILED: ${(err as Error).message}`);
    done = loads.length ? await Promise.all(loads.map(run)) : (await new Promise((r) => setTimeout(r, idleMs)), []);
    ms = performance.now() - started;
    to = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    raw = await probe.stop();
  } catch (err) {
    probe.kill();
    throw err;
  }
  // Only the probes due while the loads ran: the lead-in and tail would dilute the tail.
  const keep = raw.dueAt.map((t) => t >= from && t <= to);
  const probeRes: ProbeResult = { ...raw, samples: raw.samples.filter((_, i) => keep[i]), dueAt: raw.dueAt.filter((_, i) => keep[i]) };
  const row = { name, probe: probeRes, loads: done, ms };
  const s = row.probe.samples;
  console.log(
    `  ${name}: /health p50 ${quantile(s, 0.5).toFixed(1)} ms, p99 ${quantile(s, 0.99).toFixed(1)} ms, max ${Math.max(...s).toFixed(1)} ms` +
      ` (${s.length} probes${row.probe.failures ? `, ${row.probe.failures} failed: ${JSON.stringify({ ...row.probe.errors, ...Object.fromEntries(Object.entries(row.probe.statuses).filter(([c]) => c !== '200')) })}` : ''}); ${done.join('; ') || secs(ms)}`,
  );
  if (process.env.BENCH_TRACE) {
    const worst = new Map<number, number>();
    row.probe.samples.forEach((ms, i) => {
      const sec = Math.floor((row.probe.dueAt[i]! - from) / 1000);
      worst.set(sec, Math.max(worst.get(sec) ?? 0, ms));
    });
    console.log(`    slowest probe per second: ${[...worst].map(([sec, ms]) => `${sec}s ${ms.toFixed(0)}`).join(', ')}`);
  }
  return row;
}

async function main() {
  if (pinned) execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-responsive-'));
  const file = path.join(dir, 'ledger.db');
  console.log(
    `bench:responsive — service at ${ROOT} (${COMPILED ? 'compiled, dist/main.js' : 'tsx, src/main.ts'}); ` +
      (pinned ? `service pinned to CPU ${SERVER_CPU}, this load generator to CPU 0 (taskset)` : 'one CPU (or no taskset): nothing pinned') +
      `; ${CPUS} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );

  // 1. The ledger, chained as the service chains it (the start-up backfill, run here once).
  let t0 = performance.now();
  const db = openDatabase(file);
  const built = buildLedger(db, UNITS);
  seedDatabase({ db, config: { ...loadConfig({}), bootstrapAdminKey: KEY }, clock: systemClock, newId: defaultIdMaker, cache: new ReadCache(db) });
  closeDatabase(db);
  console.log(`Ledger: ${built.units.toLocaleString('en-US')} units + ${built.events.toLocaleString('en-US')} events = ${(built.units + built.events).toLocaleString('en-US')} entries, ${mb(fs.statSync(file).size)}, built and chained in ${secs(performance.now() - t0)}`);

  // 2. Raw better-sqlite3: every row the events export writes, read by one prepared statement.
  {
    const raw = new Database(file, { readonly: true });
    t0 = performance.now();
    let n = 0;
    for (const _r of raw
      .prepare(`SELECT e.id, u.serial_number, u.model, e.type, e.occurred_at, e.mass_g, e.voids_event_id, e.data, e.recorded_at, e.actor
                FROM events e JOIN units u ON u.id = e.unit_id ORDER BY e.seq`)
      .iterate())
      n++;
    console.log(`Raw better-sqlite3 baseline: read the ${n.toLocaleString('en-US')} rows of the events export in ${secs(performance.now() - t0)}`);
    raw.close();
  }

  // 3. The files the loads send, made before anything is measured.
  const unitsFile = unitsCsv(0, IMPORTED_UNITS);
  // Two files on two sets of units, so either import scenario can run without the other (BENCH_ONLY).
  const events1 = eventsCsv(0, UNITS_PER_EVENTS_FILE);
  const events2 = eventsCsv(UNITS_PER_EVENTS_FILE, IMPORTED_UNITS);

  if (COMPILED) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const all: (Row | null)[] = [];
  console.log('Scenarios (GET /health every 10 ms throughout):');
  // The floor first, before the service starts: nothing else of this bench runs on its CPU then.
  const bare = await startProcess(['--import', 'tsx', fileURLToPath(new URL('./bare-express.ts', import.meta.url))], {}, path.join(dir, 'bare.log'), (line) => {
    try {
      return (JSON.parse(line) as { port?: number }).port ?? null;
    } catch {
      return null;
    }
  });
  try {
    all.push(await scenario('bare Express, idle (floor)', `http://127.0.0.1:${bare.port}/bare/units/x`, [], { idleMs: 5000 }));
  } finally {
    bare.child.kill('SIGTERM');
  }
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const service = await startProcess(
    [...profile, ...(COMPILED ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts'])],
    // HOST pinned: an exported HOST=0.0.0.0 must not open the bench's service to the network.
    { PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: file, LOG_LEVEL: 'info' },
    path.join(dir, 'service.log'),
    (line) => Number(/"url":"http:\/\/[^"]*:(\d+)"/.exec(line)?.[1] ?? 0) || null,
  );
  const base = `http://127.0.0.1:${service.port}/api/v1`;
  const health = `${base}/health`;
  const auth = { authorization: `Bearer ${KEY}` };

  const importCsv = (kind: 'units' | 'events', body: string): Load => async () => {
    const t = performance.now();
    const res = await fetch(`${base}/imports/${kind}`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body });
    const json = (await res.json()) as { created?: number; detail?: string };
    if (res.status !== 201) throw new Error(`${kind} import: ${res.status} ${json.detail}`);
    return `${kind} import ${json.created!.toLocaleString('en-US')} rows (${mb(body.length)}) in ${secs(performance.now() - t)}`;
  };
  const exportCsv = (what: 'events' | 'units'): Load => async () => {
    const t = performance.now();
    const res = await fetch(`${base}/${what}?format=csv`, { headers: auth });
    if (res.status !== 200) throw new Error(`${what} export: ${res.status}`);
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return `${what} export ${mb(bytes)} in ${secs(performance.now() - t)}`;
  };
  const sensitivity: Load = async () => {
    const t = performance.now();
    const res = await fetch(`${base}/estimates/magnet-upgrade/sensitivity`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ fieldStrengthT: 1.5, seed: 42, iterations: 200_000 }),
    });
    if (res.status !== 200) throw new Error(`sensitivity: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return `sensitivity 200,000 iterations in ${secs(performance.now() - t)}`;
  };

  let serverPeak: number;
  try {
    all.push(await scenario('service, idle', health, [], { idleMs: 5000 }));
    // The units import always runs: the events imports act on its units.
    all.push(await scenario('units import, 53,332 rows', health, [importCsv('units', unitsFile)], { always: true }));
    all.push(await scenario('events import, 100,000 rows', health, [importCsv('events', events1)]));
    all.push(await scenario('events export', health, [exportCsv('events')]));
    all.push(await scenario('3 events exports at once', health, [exportCsv('events'), exportCsv('events'), exportCsv('events')]));
    all.push(await scenario('units export', health, [exportCsv('units')]));
    all.push(await scenario('sensitivity, 200,000 iterations', health, [sensitivity]));
    all.push(await scenario('ALL AT ONCE: import + export + sensitivity', health, [importCsv('events', events2), exportCsv('events'), sensitivity]));
    serverPeak = peakRssMb(service.child.pid!);
  } finally {
    service.child.kill('SIGTERM');
    await new Promise((r) => service.child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const rows = all.filter((r) => r !== null);
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n  ${'GET /health under'.padEnd(w)}   p50 ms   p99 ms   max ms  probes  load`);
  for (const r of rows) {
    const s = r.probe.samples;
    console.log(
      `  ${r.name.padEnd(w)} ${quantile(s, 0.5).toFixed(1).padStart(8)} ${quantile(s, 0.99).toFixed(1).padStart(8)} ${Math.max(...s).toFixed(1).padStart(8)} ${String(s.length).padStart(7)}  ${r.loads.join('; ') || '—'}`,
    );
  }
  console.log(`\nService peak RSS: ${serverPeak.toFixed(0)} MB`);
  const together = all[all.length - 1];
  if (together) {
    const p99 = quantile(together.probe.samples, 0.99);
    const floorP99 = quantile(rows[0]!.probe.samples, 0.99);
    console.log(`All at once: /health p99 ${p99.toFixed(1)} ms (${(p99 / floorP99).toFixed(1)}× the bare Express floor's p99 of ${floorP99.toFixed(1)} ms); goal < ${GOAL_P99_MS} ms: ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
