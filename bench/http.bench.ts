/**
 * npm run bench:http — the single-item hot paths over HTTP, each as a ratio of a bare
 * Express floor measured in the same run, with autocannon.
 *
 * What runs:
 * - The service as `npm start` runs it: compiled (`npm run build` first, unless
 *   BENCH_BUILD=0), `node --enable-source-maps dist/main.js`, a fresh database file in a
 *   temporary folder, synchronous=FULL, LOG_LEVEL info (its access log goes to a file).
 * - bench/bare-express.ts in its own process: the same JSON parsing and an answer made
 *   from the service's own answer to the route (captured in setup), so both sides
 *   serialize the same JSON.
 * - Pinning: with two or more cores and taskset, each server runs on core 0 and this
 *   process (autocannon) on core 1, so the load generator never takes the server's CPU.
 *   Only one server is loaded at a time. The output says what was pinned.
 *
 * The routes, every request a fresh one as the floor's tablets send it (a new
 * Idempotency-Key on each POST, as the dashboard's forms do):
 *   POST /units             a new serial each request
 *   POST /units/:id/events  `assessed`, round-robin over 30,000 units (so a unit's
 *                           timeline stays a handful of events, as on the floor)
 *   GET  /units/:id         round-robin over 2,000 units that each hold an assessment
 *                           and a sanitization (every answer has its allowedNext), each
 *                           read once in setup (the measured reads find their next steps kept)
 * Each measurement: a warm-up, then BENCH_SECONDS of load, the bare floor and the
 * service back to back; BENCH_ROUNDS rounds. Prints every round, then per route the
 * median ratio and its spread. Any answer that is not 2xx fails the bench.
 *
 *   BENCH_SECONDS=8          seconds per measurement          BENCH_WARMUP_SECONDS=3
 *   BENCH_ROUNDS=3           rounds (ratios: median, min–max)  BENCH_CONNECTIONS=32 (or 32,64)
 *   BENCH_ONLY=get-unit      only these routes (post-units, post-events, get-unit)
 *   BENCH_ROOT=/other/tree   run the service of another checkout (before/after comparisons)
 *   BENCH_PIN=0              do not pin                         BENCH_BUILD=0  skip the build
 *   BENCH_CPU_PROF=/dir      CPU-profile the service; its samples during the measured runs
 *                            are summarised per step in µs per request (bench/cpu-profile.ts)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { profileWrittenSince, summariseProfile } from './cpu-profile.js';
import { pinServerAndSelf } from './pinning.js';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 8);
const WARMUP = Number(env.BENCH_WARMUP_SECONDS ?? 3);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (env.BENCH_CONNECTIONS ?? '32').split(',').map(Number);
const ROOT = path.resolve(env.BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const KEY = 'ctk_bench_http_admin_secret_0123456789';
const GET_UNITS = 2000;
const EVENT_UNITS = 30_000;
const ROUTES = ['post-units', 'post-events', 'get-unit'] as const;
type RouteName = (typeof ROUTES)[number];
const ONLY = new Set((env.BENCH_ONLY ?? ROUTES.join(',')).split(',') as RouteName[]);

type Started = { child: ChildProcess; port: number };

function spawnPinned(prefix: string[], args: string[], opts: Parameters<typeof spawn>[2]): ChildProcess {
  const [cmd, ...rest] = [...prefix, process.execPath, ...args];
  return spawn(cmd!, rest, opts);
}

/** The service, its access log in a file; resolves once it logs the port it listens on. */
async function startService(prefix: string[], dir: string): Promise<Started> {
  const log = path.join(dir, 'service.log');
  const out = fs.openSync(log, 'w');
  const prof = env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(env.BENCH_CPU_PROF)}`, '--cpu-prof-interval=250'] : [];
  const child = spawnPinned(prefix, ['--enable-source-maps', ...prof, 'dist/main.js'], {
    cwd: ROOT,
    env: { ...env, PORT: '0', DATABASE_PATH: path.join(dir, 'bench.db'), BOOTSTRAP_ADMIN_KEY: KEY, LOG_LEVEL: 'info' },
    stdio: ['ignore', out, 'inherit'],
  });
  fs.closeSync(out);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let waited = 0; waited < 60_000; waited += 50) {
    const port = Number(/"url":"http:\/\/localhost:(\d+)"/.exec(fs.readFileSync(log, 'utf8'))?.[1] ?? 0);
    if (port) return { child, port };
    if (exited) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the service did not start: ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
}

function startBare(prefix: string[], answersFile: string): Promise<Started> {
  const child = spawnPinned(prefix, ['--import', 'tsx', fileURLToPath(new URL('./bare-express.ts', import.meta.url)), answersFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve({ child, port: (JSON.parse(d.toString()) as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`bare Express exited early (${code})`)));
  });
}

const unitBody = (serial: string) =>
  JSON.stringify({
    serialNumber: serial, category: 'imaging', modality: 'CT', model: 'Revolution EVO', massKg: 2450.5,
    originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-03-01', returnChannel: 'trade_in',
  });
const EVENT_BODY = JSON.stringify({ type: 'assessed', occurredAt: '2024-03-04', grade: 'C', route: 'harvest' });

type Result = { route: RouteName; side: 'bare' | 'service'; conns: number; round: number; rps: number; p50: number; p99: number; requests: number; cpuUs: number };

/**
 * CPU time a process has used, all its threads (Linux /proc schedstat, ns): what each
 * request cost the server, which the machine's other load disturbs far less than req/s.
 */
function cpuNs(pid: number): number | null {
  try {
    let ns = 0;
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) ns += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return ns;
  } catch {
    return null;
  }
}

async function load(server: Started, conns: number, seconds: number, request: () => autocannon.Request): Promise<Omit<Result, 'route' | 'side' | 'conns' | 'round'>> {
  const port = server.port;
  const cpu0 = cpuNs(server.child.pid!);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: conns,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad > 0) throw new Error(`${bad} answers were not 2xx (non2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
  const cpu1 = cpuNs(server.child.pid!);
  const cpuUs = cpu0 === null || cpu1 === null ? NaN : (cpu1 - cpu0) / 1000 / r.requests.total;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, cpuUs };
}

async function api(base: string, method: string, p: string, body?: string, type = 'application/json') {
  const res = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': type }, body });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`setup ${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Units for the reads (each assessed and sanitized) and for the events, by CSV import; their ids in serial order. */
async function setUp(base: string): Promise<{ getIds: string[]; eventIds: string[] }> {
  const unitRow = (serial: string) => `${serial},imaging,CT,Revolution EVO,2450.5,DE,HU-EROC,2024-03-01,trade_in`;
  const header = 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel';
  const serials = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}`);
  await api(base, 'POST', '/imports/units', [header, ...serials('G', GET_UNITS).map(unitRow)].join('\n'), 'text/csv');
  await api(base, 'POST', '/imports/units', [header, ...serials('E', EVENT_UNITS).map(unitRow)].join('\n'), 'text/csv');
  const events = ['serialNumber,type,occurredAt,grade,route,method,standard,media,verifiedBy'];
  for (const s of serials('G', GET_UNITS)) {
    events.push(`${s},assessed,2024-03-02,C,recycle,,,,`, `${s},data_sanitized,2024-03-03,,,purge,NIST SP 800-88r1,hdd:WD-${s},Bench QA`);
  }
  await api(base, 'POST', '/imports/events', events.join('\n'), 'text/csv');
  const bySerial = new Map<string, string>();
  for (let cursor: string | null = null; ; ) {
    const page = (await api(base, 'GET', `/units?limit=500&order=asc${cursor ? `&cursor=${cursor}` : ''}`)) as unknown as {
      items: { id: string; serialNumber: string }[];
      nextCursor: string | null;
    };
    for (const u of page.items) bySerial.set(u.serialNumber, u.id);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const getIds = serials('G', GET_UNITS).map((s) => bySerial.get(s)!);
  // Each read unit read once, so the measured reads find its next steps kept (the read cache):
  // the steady state of a unit looked at again, whatever the warm-up reaches on a slow machine.
  for (let i = 0; i < getIds.length; i += 32) await Promise.all(getIds.slice(i, i + 32).map((id) => api(base, 'GET', `/units/${id}`)));
  return { getIds, eventIds: serials('E', EVENT_UNITS).map((s) => bySerial.get(s)!) };
}

/** The middle value (the mean of the two middle ones for an even count). */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const TARGET: Record<RouteName, number> = { 'post-units': 0.5, 'post-events': 0.5, 'get-unit': 0.6 };
const LABEL: Record<RouteName, string> = { 'post-units': 'POST /units', 'post-events': 'POST /units/:id/events', 'get-unit': 'GET /units/:id' };

async function main() {
  const startedAt = Date.now();
  const pin = pinServerAndSelf('each server', 'autocannon');
  if (env.BENCH_BUILD !== '0') {
    console.log(`building ${ROOT} (npm run build; BENCH_BUILD=0 skips)…`);
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-'));
  const service = await startService(pin.prefix, dir);
  let bare: Started | null = null;
  const profiled = { windows: [] as [bigint, bigint][], requests: 0 };
  try {
    const base = `http://127.0.0.1:${service.port}`;
    const { getIds, eventIds } = await setUp(`${base}`);
    const answers = {
      unit: await api(base, 'POST', '/units', unitBody('CAPTURE-1')),
      event: await api(base, 'POST', `/units/${eventIds[0]}/events`, EVENT_BODY),
      unitWithEvents: await api(base, 'GET', `/units/${getIds[0]}`),
    };
    const answersFile = path.join(dir, 'answers.json');
    fs.writeFileSync(answersFile, JSON.stringify(answers));
    bare = await startBare(pin.prefix, answersFile);

    let serial = 0;
    let e = 1;
    let g = 0;
    const idem = () => ({ 'idempotency-key': randomUUID() });
    const requests: Record<RouteName, { service: () => autocannon.Request; bare: () => autocannon.Request }> = {
      'post-units': {
        service: () => ({ method: 'POST', path: '/api/v1/units', body: unitBody(`B-${serial++}`), headers: { ...idem() } }),
        bare: () => ({ method: 'POST', path: '/bare/units', body: unitBody(`B-${serial++}`), headers: { ...idem() } }),
      },
      'post-events': {
        service: () => ({ method: 'POST', path: `/api/v1/units/${eventIds[e++ % eventIds.length]}/events`, body: EVENT_BODY, headers: { ...idem() } }),
        bare: () => ({ method: 'POST', path: `/bare/units/${eventIds[e++ % eventIds.length]}/events`, body: EVENT_BODY, headers: { ...idem() } }),
      },
      'get-unit': {
        service: () => ({ method: 'GET', path: `/api/v1/units/${getIds[g++ % getIds.length]}` }),
        bare: () => ({ method: 'GET', path: `/bare/units/${getIds[g++ % getIds.length]}` }),
      },
    };
    // The key on every request, the JSON type on those with a body (a GET without a body has no type, as a browser sends it).
    const withAuth = (f: () => autocannon.Request) => () => {
      const r = f();
      return { ...r, headers: { authorization: `Bearer ${KEY}`, ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers } };
    };

    const routes = ROUTES.filter((r) => ONLY.has(r));
    console.log(`\nbench:http — ${pin.note}`);
    console.log(`service: ${ROOT} (dist/main.js), fresh database, synchronous=FULL, LOG_LEVEL info (access log to a file)`);
    console.log(`${ROUNDS} rounds × ${routes.length} routes × connections ${CONNECTIONS.join(', ')}; each: ${WARMUP} s warm-up, then ${SECONDS} s measured, bare floor then service`);
    console.log(`GET /units/:id round-robin over ${GET_UNITS.toLocaleString('en-US')} units, each read once in setup (their next steps kept, as for a unit read again)\n`);
    console.log('  round  conns  route                      bare req/s  service req/s   × bare   CPU µs/req bare / service   × bare (CPU)   service p50 / p99 ms');
    const results: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const conns of CONNECTIONS) {
        for (const route of routes) {
          const measure = async (side: 'bare' | 'service') => {
            const server = side === 'bare' ? bare! : service;
            const req = withAuth(requests[route][side]);
            await load(server, conns, WARMUP, req);
            const from = process.hrtime.bigint();
            const r = await load(server, conns, SECONDS, req);
            if (side === 'service') {
              profiled.windows.push([from, process.hrtime.bigint()]);
              profiled.requests += r.requests;
            }
            results.push({ route, side, conns, round, ...r });
            return r;
          };
          const b = await measure('bare');
          const s = await measure('service');
          console.log(
            `  ${String(round).padStart(5)}  ${String(conns).padStart(5)}  ${LABEL[route].padEnd(24)} ${b.rps.toFixed(0).padStart(12)} ${s.rps.toFixed(0).padStart(14)} ${(s.rps / b.rps).toFixed(2).padStart(8)}   ${b.cpuUs.toFixed(0).padStart(14)} / ${s.cpuUs.toFixed(0).padEnd(8)} ${(b.cpuUs / s.cpuUs).toFixed(2).padStart(12)}   ${s.p50.toFixed(1).padStart(11)} / ${s.p99.toFixed(1)}`,
          );
        }
      }
    }
    console.log('\n  summary, median (min–max) over the rounds: req/s ratio = service req/s ÷ bare Express req/s of the same round;');
    console.log('  CPU ratio = bare CPU µs per request ÷ service CPU µs per request (server process, all threads): the same figure');
    console.log('  for a CPU-bound server, and far steadier on a shared machine. The target is judged on the req/s ratio.');
    for (const conns of CONNECTIONS) {
      for (const route of routes) {
        const ratios: number[] = [];
        const cpuRatios: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          const of = (side: string) => results.find((r) => r.route === route && r.conns === conns && r.round === round && r.side === side)!;
          ratios.push(of('service').rps / of('bare').rps);
          cpuRatios.push(of('bare').cpuUs / of('service').cpuUs);
        }
        const m = median(ratios);
        const spread = (xs: number[]) => `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
        console.log(
          `  ${String(conns).padStart(3)} conns  ${LABEL[route].padEnd(24)} req/s ratio ${spread(ratios)}   CPU ratio ${spread(cpuRatios)}   target ${TARGET[route]}×: ${m >= TARGET[route] ? 'met' : 'NOT met'}`,
        );
      }
    }
    console.log(`\n  ${pin.note}; the machine's other load is not controlled: compare ratios, not req/s, between runs.`);
  } finally {
    bare?.child.kill('SIGTERM');
    const exited = new Promise((r) => service.child.once('exit', r));
    service.child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (env.BENCH_CPU_PROF && profiled.requests > 0) {
    const newest = profileWrittenSince(path.resolve(env.BENCH_CPU_PROF), startedAt);
    if (newest) {
      // The measured windows beside the profile, so `tsx bench/cpu-profile.ts FILE` can summarise it again.
      fs.writeFileSync(`${newest}.windows.json`, JSON.stringify({ requests: profiled.requests, windows: profiled.windows.map((w) => w.map(String)) }));
      console.log(`\nCPU profile ${newest}: the service's samples during the measured runs (${profiled.requests} requests), per step`);
      console.log(summariseProfile(newest, { ...profiled, top: 25 }));
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
