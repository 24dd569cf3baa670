/**
 * npm run bench:ingest — bulk import over HTTP vs raw inserts.
 *
 * With two or more cores and taskset, the server runs on core 0 and this process (the
 * client, the raw baselines) on core 1; the output says so. Besides wall time it prints
 * CPU time (the server's for the imports, this process's for the minimal insert), which a
 * busy shared machine disturbs far less. BENCH_CPU_PROF=/dir profiles the server and
 * prints where its time went during the imports, per step, in µs per row (bench/cpu-profile.ts).
 *
 * 1. A fresh database file; the real app in its own process (ingest-server.ts)
 *    listening on 127.0.0.1 (ephemeral port);
 *    100,000 unit rows in one POST /imports/units, then 375,000 event rows (a
 *    sanitization for each of the 75,000 data-bearing units) in four POST
 *    /imports/events of up to 100,000 (the per-request row limit). Every rule runs,
 *    projections and kpi_daily are maintained, one audit entry per import.
 * 2. The baseline: the same rows (with the same kind of random ids) inserted into a
 *    fresh database file with raw better-sqlite3 prepared statements in one
 *    transaction, units and events tables only (no rules, no roll-up, no CSV, no HTTP).
 * Prints both times, the ratio, and the server process's peak RSS. Not part of npm test.
 */
import { fork } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultIdMaker } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { kgToGrams } from '../src/domain/mass.js';
import { regionOf } from '../src/domain/regions.js';
import { parseMedia } from '../src/domain/sanitization.js';
import { serialKey } from '../src/domain/text.js';
import { profileWrittenSince, summariseProfile } from './cpu-profile.js';
import { pinServerAndSelf } from './pinning.js';
import { benchEvents, benchUnit, eventsCsvFiles, unitsCsv } from './ingest-data.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const ROWS_PER_FILE = 100_000;
let EVENTS = 0;
for (let i = 0; i < UNITS; i++) EVENTS += benchEvents(i).length;
const KEY = 'ctk_bench_admin_secret_0123456789';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const pin = pinServerAndSelf('the server', 'the client and the raw baselines');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function post(base: string, kind: 'units' | 'events', body: string) {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/imports/${kind}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'text/csv' },
    body,
  });
  const json = (await res.json()) as { created?: number; detail?: string };
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`${kind} import failed: ${res.status} ${json.detail}`);
  console.log(`  POST /imports/${kind}: ${json.created} rows, ${mb(Buffer.byteLength(body))} in ${secs(ms)}`);
  return { ms, rows: json.created! };
}

async function overHttp(dir: string): Promise<{ ms: number; cpuMs: number; serverPeakMb: number }> {
  const dbFile = path.join(dir, 'http.db');
  const startedAt = Date.now();
  const prof = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
  // The server is forked through taskset when pinned (fork() itself cannot set affinity): an IPC channel either way.
  const server = fork(fileURLToPath(new URL('./ingest-server.ts', import.meta.url)), [dbFile, KEY], {
    execPath: pin.prefix.length ? pin.prefix[0] : process.execPath,
    execArgv: [...pin.prefix.slice(1), ...(pin.prefix.length ? [process.execPath] : []), '--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, '--cpu-prof-interval=500'] : [])],
  });
  const next = () => new Promise<Record<string, number>>((resolve) => server.once('message', resolve));
  const { port } = await next();
  const base = `http://127.0.0.1:${port}`;
  const cpuNow = async () => (server.send({ cpu: true }), (await next()).cpuUs!);
  let ms = 0;
  let cpuUs = 0;
  let rows = 0;
  const windows: [bigint, bigint][] = [];
  const timed = async (kind: 'units' | 'events', body: string) => {
    const c0 = await cpuNow();
    const from = process.hrtime.bigint();
    const r = await post(base, kind, body);
    windows.push([from, process.hrtime.bigint()]);
    cpuUs += (await cpuNow()) - c0;
    ms += r.ms;
    rows += r.rows;
  };
  try {
    await timed('units', unitsCsv(0, UNITS));
    for (const file of eventsCsvFiles(UNITS, ROWS_PER_FILE)) await timed('events', file);
  } finally {
    server.send({ stop: true });
  }
  const { maxRssKb } = await next();
  await new Promise((r) => server.once('exit', r));
  const db = openDatabase(dbFile);
  const counts = db.$client.prepare('SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM units WHERE state = ?) AS closed').get('closed');
  console.log('  stored:', counts);
  closeDatabase(db);
  if (prof) {
    const newest = profileWrittenSince(prof, startedAt);
    if (newest) {
      fs.writeFileSync(`${newest}.windows.json`, JSON.stringify({ requests: rows, windows: windows.map((w) => w.map(String)) }));
      console.log(`  CPU profile ${newest}: the server during the imports, per step, per row (${rows} rows)`);
      console.log(summariseProfile(newest, { requests: rows, windows, unit: 'row', top: 25 }));
    }
  }
  return { ms, cpuMs: cpuUs / 1000, serverPeakMb: maxRssKb! / 1024 };
}

function rawInsert(dir: string, file: string): number {
  const db = openDatabase(path.join(dir, file));
  const s = db.$client;
  const insertUnit = s.prepare(
    `INSERT INTO units (id, serial_number, serial_key, category, modality, model, intake_g, mass_source, origin_country, region, site_code,
       received_at, return_channel, created_at, created_by, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = s.prepare(
    `INSERT INTO events (id, unit_id, type, occurred_at, mass_g, voids_event_id, data, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  // The same kind of ids as the app makes (random nanoids): sequential ids would make
  // the unique-index inserts cheaper than any real insert.
  const unitIds = Array.from({ length: UNITS }, () => defaultIdMaker('unit'));
  // Rows are prepared before the clock starts, so the baseline times the inserts alone.
  const unitRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  for (let i = 0; i < UNITS; i++) {
    const u = benchUnit(i);
    unitRows.push([unitIds[i], u.serialNumber, serialKey(u.serialNumber as string), u.category, u.modality, u.model, kgToGrams(u.massKg as number), u.massSource,
      u.originCountry, regionOf(u.originCountry as string), u.siteCode, u.receivedAt, u.returnChannel, now, 'bench', 'received']);
    for (const e of benchEvents(i)) {
      const { serialNumber: _s, type, occurredAt, massKg, ...rest } = e;
      const data: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
      // Stored as the import stores it: the media cell as its list.
      if (typeof data.media === 'string') data.media = (parseMedia(data.media) as { media: unknown }).media;
      eventRows.push([defaultIdMaker('evt'), unitIds[i], type, occurredAt, massKg === null ? null : kgToGrams(massKg as number), null, JSON.stringify(data), now, 'bench']);
    }
  }
  const started = performance.now();
  s.transaction(() => {
    for (const r of unitRows) insertUnit.run(...r);
    for (const r of eventRows) insertEvent.run(...r);
  }).immediate();
  const ms = performance.now() - started;
  closeDatabase(db);
  return ms;
}

/**
 * The floor under any schema: two tables with integer keys, one index (events by
 * unit), the same rows' values as text and integers, one transaction. What an
 * import costs beyond this is our schema (random-keyed unique ids, five unit indexes,
 * the roll-up) plus the rules and the CSV.
 */
function minimalInsert(dir: string, file: string): { ms: number; cpuMs: number } {
  const s = new Database(path.join(dir, file));
  s.pragma('journal_mode = WAL');
  s.pragma('synchronous = FULL');
  s.exec(`CREATE TABLE u (id INTEGER PRIMARY KEY, serial TEXT, category TEXT, modality TEXT, model TEXT, intake_g INTEGER,
            origin TEXT, site TEXT, received TEXT, channel TEXT);
          CREATE TABLE e (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL, type TEXT, occurred TEXT, mass_g INTEGER, data TEXT);
          CREATE INDEX e_unit ON e (unit_id);`);
  const insertUnit = s.prepare('INSERT INTO u VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertEvent = s.prepare('INSERT INTO e (unit_id, type, occurred, mass_g, data) VALUES (?, ?, ?, ?, ?)');
  const unitRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  for (let i = 0; i < UNITS; i++) {
    const u = benchUnit(i);
    unitRows.push([i + 1, u.serialNumber, u.category, u.modality, u.model, kgToGrams(u.massKg as number), u.originCountry, u.siteCode, u.receivedAt, u.returnChannel]);
    for (const e of benchEvents(i)) {
      const { serialNumber: _s, type, occurredAt, massKg, ...rest } = e;
      eventRows.push([i + 1, type, occurredAt, massKg === null ? null : kgToGrams(massKg as number), JSON.stringify(rest)]);
    }
  }
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  s.transaction(() => {
    for (const r of unitRows) insertUnit.run(...r);
    for (const r of eventRows) insertEvent.run(...r);
  }).immediate();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  s.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-bench-'));
try {
  console.log(`Ingest bench: ${UNITS.toLocaleString('en-US')} units, ${EVENTS.toLocaleString('en-US')} events (database files in ${dir}); ${pin.note}`);
  // The raw baseline runs before and after the HTTP imports and the faster run counts:
  // this machine's disk and CPU are shared, and a lucky baseline makes the ratio stricter, not looser.
  console.log('Raw better-sqlite3 prepared inserts, one transaction, units + events tables only:');
  const raw1 = rawInsert(dir, 'raw1.db');
  console.log(`  run 1: ${secs(raw1)}`);
  console.log('Over HTTP (CSV, all rules, roll-up, one transaction per request):');
  // Since issue 19 a large import is checked and written in the service's import worker thread (its own
  // connection, nice +10), started through tsx as this server is: its start-up and its CPU are in the figures.
  const workerFrom = loadConfig({}).importWorkerFromRows;
  console.log(`  (files of ${workerFrom.toLocaleString('en-US')} rows or more run in the service's import worker thread, loaded through tsx like this server, on its core: start-up included)`);
  const { ms: httpMs, cpuMs: httpCpuMs, serverPeakMb } = await overHttp(dir);
  console.log(`  total ${secs(httpMs)} (server CPU ${secs(httpCpuMs)}); server process peak RSS ${serverPeakMb.toFixed(0)} MB`);
  const raw2 = rawInsert(dir, 'raw2.db');
  console.log(`Raw, run 2: ${secs(raw2)}`);
  const m1 = minimalInsert(dir, 'min1.db');
  const m2 = minimalInsert(dir, 'min2.db');
  const minimal = m1.ms < m2.ms ? m1 : m2;
  console.log(`Minimal raw insert (two tables, integer ids, one index; faster of two runs): ${secs(minimal.ms)} (CPU ${secs(minimal.cpuMs)})`);
  const rawMs = Math.min(raw1, raw2);
  console.log(`Ratio HTTP / raw inserts into the service's own tables (faster raw run): ${(httpMs / rawMs).toFixed(2)}×; vs the mean of both raw runs: ${(httpMs / ((raw1 + raw2) / 2)).toFixed(2)}×`);
  const ratio = httpMs / minimal.ms;
  console.log(`Ratio HTTP / minimal raw insert: ${ratio.toFixed(2)}× (goal ≤ 12×): ${ratio <= 12 ? 'met' : 'NOT met'}; in CPU time (server's / minimal's): ${(httpCpuMs / minimal.cpuMs).toFixed(2)}×`);
  console.log(`Server peak RSS (maxRSS) over the imports: ${serverPeakMb.toFixed(0)} MB (goal < 300 MB): ${serverPeakMb < 300 ? 'met' : 'NOT met'}`);
  console.log(`(${pin.note}; the machine's other load is not controlled: compare ratios between runs, and read the CPU ratio beside the wall-time one.)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
