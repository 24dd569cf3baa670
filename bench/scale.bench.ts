/**
 * npm run bench:scale [-- YEARS...]   (default: 10 100)
 *
 * The scale path of docs/operations.md: the programme at 8,050 units a year (the 2024
 * figure) for 10 and 100 years. For each: builds the ledger (kpi-build.ts, through the
 * same replay as the app) with one audit row per write as the service would add, then
 * measures the database file, `GET /kpis` for the last year by region and for the whole
 * span by year over HTTP, and an online backup (`npm run backup`). Baseline in the same
 * run: a bare Express endpoint (the HTTP floor).
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createApp } from '../src/app.js';
import { backupDatabase } from '../src/cli/backup.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';
import { buildLedger } from './kpi-build.js';

const UNITS_A_YEAR = 8_050;
const YEARS = process.argv.slice(2).map(Number).filter((n) => n > 0);
const KEY = 'ctk_scale_bench_admin_key_0123456789';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
  });
}

async function time(url: string, runs: number, headers: Record<string, string> = {}) {
  for (let i = 0; i < 5; i++) await (await fetch(url, { headers })).text();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const bare = express();
bare.get('/constant', (_req, res) => {
  res.json({ ok: true });
});
const floor = await listen(bare);
const rows: string[][] = [];
const head = ['years', 'units', 'events', 'file MB', '/kpis last year by region ms', '/kpis 1990 (or first year)–last by year ms', 'HTTP floor ms', 'backup s'];
for (const years of YEARS.length ? YEARS : [10, 100]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-'));
  const file = path.join(dir, 'scale.db');
  const units = years * UNITS_A_YEAR;
  const lastYear = 2024;
  const firstYear = lastYear - years + 1;
  process.stdout.write(`${years} years: building ${units.toLocaleString('en-US')} units (${firstYear}–${lastYear}) …\n`);
  const db = openDatabase(file);
  const build = buildLedger(db, units, 1, { firstDay: `${firstYear}-01-01`, lastDay: `${lastYear}-12-31` });
  // The service writes one audit row per unit and per event; the builder writes none.
  db.$client.exec(`
    INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id, request_id, details)
      SELECT 'aud_u' || seq, created_at, 'key_bench', 'unit.create', 'unit', id, 'req_0123456789abcdef',
             json_object('serialNumber', serial_number, 'massKg', intake_g / 1000.0) FROM units;
    INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id, request_id, details)
      SELECT 'aud_e' || seq, recorded_at, 'key_bench', 'event.' || type, 'unit', unit_id, 'req_0123456789abcdef',
             json_object('eventId', id) FROM events;`);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = fs.statSync(file).size;
  const { app, deps } = createApp({ db, config: { ...loadConfig({}), logLevel: 'silent', bootstrapAdminKey: KEY }, logger: createLogger('silent') });
  seedDatabase(deps);
  const api = await listen(app);
  const auth = { Authorization: `Bearer ${KEY}` };
  const lastYearMs = await time(`${api.base}/api/v1/kpis?from=${lastYear}-01-01&to=${lastYear}-12-31&groupBy=region`, 50, auth);
  // The API takes dates from 1990: the longest report it can be asked for.
  const longFrom = Math.max(firstYear, 1990);
  const allYearsMs = await time(`${api.base}/api/v1/kpis?from=${longFrom}-01-01&to=${lastYear}-12-31&groupBy=year`, 10, auth);
  const floorMs = await time(`${floor.base}/constant`, 50);
  const copy = await backupDatabase(file, path.join(dir, 'backup.db'));
  api.server.close();
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
  const row = [
    String(years),
    units.toLocaleString('en-US'),
    build.events.toLocaleString('en-US'),
    fmt(bytes / 1e6, 0),
    fmt(lastYearMs),
    fmt(allYearsMs),
    fmt(floorMs, 2),
    fmt(copy.ms / 1000),
  ];
  rows.push(row);
  process.stdout.write(`  ${head.join(', ')}: ${row.join(', ')}\n`);
}
floor.server.close();
process.stdout.write(`\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
