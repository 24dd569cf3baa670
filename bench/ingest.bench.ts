/**
 * npm run bench:ingest — bulk import over HTTP vs raw inserts.
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
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { kgToGrams } from '../src/domain/mass.js';
import { regionOf } from '../src/domain/regions.js';
import { parseMedia } from '../src/domain/sanitization.js';
import { serialKey } from '../src/domain/text.js';
import { benchEvents, benchUnit, eventsCsvFiles, unitsCsv } from './ingest-data.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const ROWS_PER_FILE = 100_000;
let EVENTS = 0;
for (let i = 0; i < UNITS; i++) EVENTS += benchEvents(i).length;
const KEY = 'ctk_bench_admin_secret_0123456789';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
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
  return ms;
}

async function overHttp(dir: string): Promise<{ ms: number; serverPeakMb: number }> {
  const dbFile = path.join(dir, 'http.db');
  const server = fork(fileURLToPath(new URL('./ingest-server.ts', import.meta.url)), [dbFile, KEY], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
  });
  const next = () => new Promise<Record<string, number>>((resolve) => server.once('message', resolve));
  const { port } = await next();
  const base = `http://127.0.0.1:${port}`;
  let ms = 0;
  try {
    ms += await post(base, 'units', unitsCsv(0, UNITS));
    for (const file of eventsCsvFiles(UNITS, ROWS_PER_FILE)) ms += await post(base, 'events', file);
  } finally {
    server.send({ stop: true });
  }
  const { maxRssKb } = await next();
  const db = openDatabase(dbFile);
  const counts = db.$client.prepare('SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM units WHERE state = ?) AS closed').get('closed');
  console.log('  stored:', counts);
  closeDatabase(db);
  return { ms, serverPeakMb: maxRssKb! / 1024 };
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
function minimalInsert(dir: string, file: string): number {
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
  s.transaction(() => {
    for (const r of unitRows) insertUnit.run(...r);
    for (const r of eventRows) insertEvent.run(...r);
  }).immediate();
  const ms = performance.now() - started;
  s.close();
  return ms;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-bench-'));
try {
  console.log(`Ingest bench: ${UNITS.toLocaleString('en-US')} units, ${EVENTS.toLocaleString('en-US')} events (database files in ${dir})`);
  // The raw baseline runs before and after the HTTP imports and the faster run counts:
  // this machine's disk and CPU are shared, and a lucky baseline makes the ratio stricter, not looser.
  console.log('Raw better-sqlite3 prepared inserts, one transaction, units + events tables only:');
  const raw1 = rawInsert(dir, 'raw1.db');
  console.log(`  run 1: ${secs(raw1)}`);
  console.log('Over HTTP (CSV, all rules, roll-up, one transaction per request):');
  const { ms: httpMs, serverPeakMb } = await overHttp(dir);
  console.log(`  total ${secs(httpMs)}; server process peak RSS ${serverPeakMb.toFixed(0)} MB`);
  const raw2 = rawInsert(dir, 'raw2.db');
  console.log(`Raw, run 2: ${secs(raw2)}`);
  const minimal = Math.min(minimalInsert(dir, 'min1.db'), minimalInsert(dir, 'min2.db'));
  console.log(`Minimal raw insert (two tables, integer ids, one index; faster of two runs): ${secs(minimal)}`);
  const rawMs = Math.min(raw1, raw2);
  const ratio = httpMs / rawMs;
  console.log(`Ratio HTTP / raw (faster raw run): ${ratio.toFixed(2)}× (goal ≤ 4×): ${ratio <= 4 ? 'met' : 'NOT met'}; vs the mean of both raw runs: ${(httpMs / ((raw1 + raw2) / 2)).toFixed(2)}×`);
  console.log(`Ratio HTTP / minimal raw insert: ${(httpMs / minimal).toFixed(2)}× (goal < 8×): ${httpMs / minimal < 8 ? 'met' : 'NOT met'}`);
  console.log(`Server peak RSS (maxRSS) over the imports: ${serverPeakMb.toFixed(0)} MB (goal < 300 MB): ${serverPeakMb < 300 ? 'met' : 'NOT met'}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
