/**
 * npm run bench:http — single-item writes and reads over HTTP against a bare Express
 * floor measured in the same run, with autocannon.
 *
 * The service runs as `npm start` would (its own node process, a fresh database file,
 * synchronous=FULL, LOG_LEVEL info unless BENCH_LOG_LEVEL says otherwise, logs to
 * /dev/null); bench/bare-express.ts runs in another. For each of 32 and 64
 * connections: POST /units (a new serial each request), POST /units/:id/events
 * (`assessed` again, round-robin over 2,000 units), GET /units/:id, and the bare
 * floor's POST and GET. Prints req/s, p50 and p99 latency, and each endpoint's
 * throughput as a ratio of the bare floor's. Every answer must be 2xx or the bench fails.
 *
 *   BENCH_SECONDS=10       seconds per measurement
 *   BENCH_ROOT=/some/dir   run the service of another checkout (before/after comparisons)
 *   BENCH_CPU_PROF=/dir    write a CPU profile of the service
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROOT = path.resolve(process.env.BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const KEY = 'ctk_bench_http_admin_secret_0123456789';
const UNITS_FOR_EVENTS = 2000;

type Started = { child: ChildProcess; port: number };

function startProcess(args: string[], env: Record<string, string>, portOf: (line: string) => number | null): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        const port = portOf(line);
        if (port) {
          child.stdout!.off('data', onData);
          child.stdout!.resume(); // drain (and drop) the service's logs from here on
          resolve({ child, port });
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited early (${code}): ${buf.slice(-2000)}`)));
  });
}

const unitBody = (serial: string) =>
  JSON.stringify({
    serialNumber: serial, category: 'imaging', modality: 'CT', model: 'Revolution EVO', massKg: 2450.5,
    originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-03-01', returnChannel: 'trade_in',
  });

type Result = { name: string; conns: number; rps: number; p50: number; p99: number };

async function run(name: string, port: number, conns: number, request: autocannon.Request, seconds = SECONDS): Promise<Result> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: conns,
    duration: seconds,
    requests: [request],
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad > 0) throw new Error(`${name}: ${bad} answers were not 2xx (non2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
  return { name, conns, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-'));
  const service = await startProcess(
    ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), 'src/main.ts'],
    { PORT: '0', DATABASE_PATH: path.join(dir, 'bench.db'), BOOTSTRAP_ADMIN_KEY: KEY, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
    (line) => Number(/"url":"http:\/\/localhost:(\d+)"/.exec(line)?.[1] ?? 0) || null,
  );
  const bare = await startProcess(['--import', 'tsx', fileURLToPath(new URL('./bare-express.ts', import.meta.url))], {}, (line) => {
    try {
      return (JSON.parse(line) as { port?: number }).port ?? null;
    } catch {
      return null;
    }
  });
  try {
    // Units for the events and reads, in one CSV import.
    const csv = ['serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel']
      .concat(Array.from({ length: UNITS_FOR_EVENTS }, (_, i) => `EV-${i},imaging,CT,Revolution EVO,2450.5,DE,HU-EROC,2024-03-01,trade_in`))
      .join('\n');
    const base = `http://127.0.0.1:${service.port}/api/v1`;
    const imp = await fetch(`${base}/imports/units`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/csv' }, body: csv });
    if (imp.status !== 201) throw new Error(`setup import failed: ${imp.status} ${await imp.text()}`);
    const ids: string[] = [];
    for (let cursor: string | null = null; ids.length < UNITS_FOR_EVENTS; ) {
      const page = (await (await fetch(`${base}/units?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      ids.push(...page.items.map((u) => u.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    let serial = 0;
    let e = 0;
    let g = 0;
    const postUnit: autocannon.Request = {
      method: 'POST',
      path: '/api/v1/units',
      setupRequest: (req) => ({ ...req, body: unitBody(`B-${process.pid}-${serial++}`) }),
    };
    const postEvent: autocannon.Request = {
      method: 'POST',
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/units/${ids[e++ % ids.length]}/events`,
        body: JSON.stringify({ type: 'assessed', occurredAt: '2024-03-04', grade: 'C', route: 'harvest' }),
      }),
    };
    const getUnit: autocannon.Request = { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/units/${ids[g++ % ids.length]}` }) };
    const barePost: autocannon.Request = { method: 'POST', path: '/bare', setupRequest: (req) => ({ ...req, body: unitBody(`B-${serial++}`) }) };
    const bareGet: autocannon.Request = { method: 'GET', setupRequest: (req) => ({ ...req, path: `/bare/unit_${g++}` }) };

    // Warm both up (JIT, page cache) before measuring.
    await run('warm-up', service.port, 16, postUnit, 2);
    await run('warm-up', bare.port, 16, barePost, 2);

    const results: Result[] = [];
    for (const conns of [32, 64]) {
      results.push(await run('bare Express POST', bare.port, conns, barePost));
      results.push(await run('POST /units', service.port, conns, postUnit));
      results.push(await run('POST /units/:id/events', service.port, conns, postEvent));
      results.push(await run('bare Express GET', bare.port, conns, bareGet));
      results.push(await run('GET /units/:id', service.port, conns, getUnit));
    }
    const floor = (r: Result) => results.find((b) => b.conns === r.conns && b.name === (r.name.startsWith('GET') ? 'bare Express GET' : 'bare Express POST'))!;
    console.log(`\nbench:http — ${SECONDS} s per line, service at ${ROOT}, log level ${process.env.BENCH_LOG_LEVEL ?? 'info'}\n`);
    console.log('  conns  endpoint                    req/s     p50 ms   p99 ms   × bare');
    for (const r of results) {
      const ratio = r.name.startsWith('bare') ? '' : (r.rps / floor(r).rps).toFixed(2);
      console.log(`  ${String(r.conns).padStart(5)}  ${r.name.padEnd(24)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(9)} ${r.p99.toFixed(1).padStart(8)}   ${ratio}`);
    }
  } finally {
    service.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
