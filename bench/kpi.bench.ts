/**
 * npm run bench:kpi [-- <units>]   (default 1,000,000 units, about 4 million events)
 *
 * Builds a ledger in a temp file, then times GET /kpis?from=2024-01-01&to=2024-12-31&groupBy=region
 * over HTTP against the real app, against (a) one hand-written SQL query over units
 * and events computing the same figures and (b) a bare Express endpoint returning a
 * constant (the HTTP floor). Both answers must be identical, field by field.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { REMAINING_GRAMS_SQL } from '../src/db/schema.js';
import { gramsColumn, OUTFLOWS } from '../src/domain/outflows.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';
import { computeForScope } from '../src/modules/kpis/kpis.service.js';
import { baselineByRegion } from './kpi-baseline.js';
import { buildLedger } from './kpi-build.js';

const UNITS = Number(process.argv[2] ?? 1_000_000);
const KEY = 'ctk_bench_admin_key_0123456789abcdef';
const FROM = '2024-01-01';
const TO = '2024-12-31';
const HTTP_RUNS = 200;
const SQL_RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const addr = server.address() as { port: number };
      resolve({ server, base: `http://127.0.0.1:${addr.port}` });
    });
  });
}

async function timeHttp(url: string, headers: Record<string, string>, runs: number) {
  let last = '';
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).text(); // warm-up: JIT, page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    last = await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${last}`);
  }
  return { times, body: last };
}

function timeSync<T>(runs: number, fn: () => T) {
  const times: number[] = [];
  let out!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = fn();
    times.push(performance.now() - t0);
  }
  return { times, out };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-bench-'));
const file = path.join(dir, 'bench.db');
process.stdout.write(`Building ${UNITS.toLocaleString('en-US')} units in ${file} …\n`);
const db = openDatabase(file);
const build = buildLedger(db, UNITS);
const sizeMb = fs.statSync(file).size / 1e6;
process.stdout.write(
  `Built in ${(build.ms / 1000).toFixed(1)} s: ${build.units.toLocaleString('en-US')} units, ${build.events.toLocaleString('en-US')} events, ` +
    `${build.rollupRows.toLocaleString('en-US')} kpi_daily rows, ${sizeMb.toFixed(0)} MB.\n`,
);

const config = { ...loadConfig({}), logLevel: 'silent' as const, bootstrapAdminKey: KEY };
const { app, deps } = createApp({ db, config, logger: createLogger('silent') });
seedDatabase(deps);
const api = await listen(app);
const bareApp = express();
bareApp.get('/constant', (_req, res) => {
  res.json({ ok: true });
});
const bare = await listen(bareApp);

const endpoint = await timeHttp(`${api.base}/api/v1/kpis?from=${FROM}&to=${TO}&groupBy=region`, { Authorization: `Bearer ${KEY}` }, HTTP_RUNS);
const floor = await timeHttp(`${bare.base}/constant`, {}, HTTP_RUNS);
const inProcess = timeSync(HTTP_RUNS, () => computeForScope(deps, { from: FROM, to: TO, groupBy: 'region', includeChina: false }));
process.stdout.write(`Running the hand-written query ${SQL_RUNS} times …\n`);
const sql = timeSync(SQL_RUNS, () => baselineByRegion(db, FROM, TO));

// A second, fairer floor: one hand-written query over the roll-up the endpoint itself reads
// (period sums and the pending mass at `to`, by region, China left out). Timed only.
const rollupSql = db.$client.prepare(`
  SELECT region,
    sum(CASE WHEN day >= @from THEN units_received ELSE 0 END) AS units_received,
    sum(CASE WHEN day >= @from THEN units_closed ELSE 0 END) AS units_closed,
    ${OUTFLOWS.map(gramsColumn).map((c) => `sum(CASE WHEN day >= @from THEN ${c} ELSE 0 END) AS ${c},`).join('\n    ')}
    sum(${REMAINING_GRAMS_SQL}) AS pending_g
  FROM kpi_daily WHERE day <= @to AND region != 'CHINA' GROUP BY region`);
const rollup = timeSync(HTTP_RUNS, () => rollupSql.all({ from: FROM, to: TO }));

const fromApi = (JSON.parse(endpoint.body) as { groups: unknown[] }).groups;
const same = JSON.stringify(fromApi) === JSON.stringify(sql.out);

const sqlMedian = median(sql.times);
const rows: [string, number[]][] = [
  ['GET /kpis 2024 by region (HTTP, app)', endpoint.times],
  ['  the same, computed in-process', inProcess.times],
  ['hand-written SQL over units+events', sql.times],
  ['hand-written SQL over kpi_daily', rollup.times],
  ['bare Express constant (HTTP floor)', floor.times],
];
const line = (cells: string[]) => `${cells[0]!.padEnd(42)}${cells.slice(1).map((c) => c.padStart(12)).join('')}`;
process.stdout.write(
  [
    '',
    line(['', 'runs', 'median ms', 'p95 ms', '× SQL']),
    ...rows.map(([name, t]) => line([name, String(t.length), ms(median(t)), ms(p95(t)), (median(t) / sqlMedian).toFixed(4)])),
    '',
    `Endpoint median ${ms(median(endpoint.times))} ms: ${median(endpoint.times) <= 1.5 * sqlMedian ? 'within' : 'NOT within'} 1.5× the hand-written query, ` +
      `${median(endpoint.times) < 200 ? 'under' : 'NOT under'} 200 ms; HTTP floor ${ms(median(floor.times))} ms.`,
    `Figures: ${same ? 'identical' : 'DIFFERENT'} (${fromApi.length} regions, every field) between the endpoint and the hand-written query.`,
    '',
  ].join('\n'),
);
if (!same) {
  process.stdout.write(`endpoint: ${JSON.stringify(fromApi, null, 1)}\nsql: ${JSON.stringify(sql.out, null, 1)}\n`);
}

api.server.close();
bare.server.close();
closeDatabase(db);
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = same ? 0 : 1;
