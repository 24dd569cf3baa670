/**
 * npm run bench:units [-- <units>]   (default 1,000,000 units)
 *
 * Times the units reads this branch added or reordered, in process over a file database
 * built with raw inserts through the real migrations, each against a baseline in the
 * same run:
 *   - GET /units/summary (one covering index) against the same GROUP BY with that index
 *     dropped (what SQLite does without it);
 *   - a page of GET /units newest first, filtered pages and q= searches, against the
 *     v1.0 page (insertion order, `seq > ? ORDER BY seq`);
 *   - a serial lookup (duplicate check) against a lookup by primary key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';
import { listUnitRows, unitsSummary } from '../src/modules/units/units.service.js';
import { unitsStore } from '../src/modules/units/units.store.js';
import type { ListUnitsQueryT } from '../src/modules/units/units.schemas.js';

const UNITS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => unknown, runs = RUNS) => {
  f();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    xs.push(performance.now() - t0);
  }
  return median(xs);
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-bench-'));
const file = path.join(dir, 'units.db');
const db = openDatabase(file);
const { deps } = createApp({ db, config: { ...loadConfig({}), logLevel: 'silent' }, logger: createLogger('silent') });
seedDatabase(deps);

const STATES = ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling'];
const SITES = ['US-ROC', 'HU-EROC', 'JP-RC', 'IN-RC'];
const built = performance.now();
const s = db.$client;
s.pragma('synchronous = OFF');
const ins = s.prepare(`INSERT INTO units (id, serial_number, serial_key, category, modality, model, intake_g, mass_source, origin_country,
  region, site_code, received_at, return_channel, created_at, created_by, state, refurbished_g, recycled_g)
  VALUES (?, ?, ?, 'imaging', 'CT', 'Revolution EVO', ?, 'measured', 'DE', 'EMEA', ?, ?, 'trade_in', '2026-01-01T00:00:00Z', 'key_bench', ?, ?, ?)`);
s.transaction(() => {
  for (let i = 0; i < UNITS; i++) {
    // Nine in ten units closed, the rest spread over the open states (a mature ledger).
    const state = i % 10 === 0 ? STATES[(i / 10) % STATES.length]! : 'closed';
    const g = 1_000_000 + (i % 997) * 1000;
    const day = new Date(Date.UTC(1995, 0, 1) + Math.floor((i / UNITS) * 11_000) * 86_400_000).toISOString().slice(0, 10);
    const closed = state === 'closed';
    ins.run(`unit_${i.toString(36).padStart(8, '0')}`, `CT-${i}`, `ct-${i}`, g, SITES[i % SITES.length], day, state, closed ? g / 2 : 0, closed ? g / 2 : 0);
  }
})();
s.pragma('synchronous = FULL');
s.exec('ANALYZE');
console.log(`built ${UNITS.toLocaleString('en-US')} units in ${((performance.now() - built) / 1000).toFixed(0)} s, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);

const q = (over: Partial<ListUnitsQueryT>): ListUnitsQueryT => ({ limit: 50, format: 'json', order: 'desc', ...over }) as ListUnitsQueryT;
const store = unitsStore(db);
const v10 = s.prepare('SELECT * FROM units WHERE seq > ? ORDER BY seq LIMIT ?');
const byId = s.prepare('SELECT * FROM units WHERE id = ?');
const rows: [string, number, string, number][] = [];
const row = (name: string, ms: number, baseline: string, baseMs: number) => rows.push([name, ms, baseline, baseMs]);

const v10Page = time(() => v10.all(0, 51));
row('GET /units first page, newest first', time(() => listUnitRows(deps, q({}), null)), 'v1.0 page by seq', v10Page);
const mid = listUnitRows(deps, q({ limit: 5000 }), null).at(-1)!;
row('GET /units page 101 (cursor), newest first', time(() => listUnitRows(deps, q({}), { receivedAt: mid.receivedAt, id: mid.id })), 'v1.0 page by seq', time(() => v10.all(5000, 51)));
row('GET /units?state=in_refurbishment', time(() => listUnitRows(deps, q({ state: 'in_refurbishment' }), null)), 'v1.0 page by seq', v10Page);
row('GET /units?siteCode=JP-RC&order=asc', time(() => listUnitRows(deps, q({ siteCode: 'JP-RC', order: 'asc' }), null)), 'v1.0 page by seq', v10Page);
row('GET /units?q=-123456 (one match)', time(() => listUnitRows(deps, q({ q: '-123456' }), null), 3), 'v1.0 page by seq', v10Page);
row('GET /units?q=77 (many match)', time(() => listUnitRows(deps, q({ q: '77' }), null)), 'v1.0 page by seq', v10Page);
row('duplicate check by serial, any case', time(() => store.openDuplicate(`ct-${UNITS - 7}`, 'Revolution EVO')), 'unit by id', time(() => byId.get('unit_00000abc')));
const summary = time(() => unitsSummary(deps), 5);
s.exec('DROP INDEX units_site_summary_idx');
const noIndex = time(() => s.prepare('SELECT site_code, state, count(*), sum(intake_g - refurbished_g - harvested_g - recycled_g - landfilled_g) FROM units GROUP BY site_code, state').all(), 3);
row('GET /units/summary (covering index)', summary, 'same GROUP BY without the index', noIndex);

console.log('\n| read | median ms | baseline | median ms | ratio |\n|---|---:|---|---:|---:|');
for (const [name, ms, base, baseMs] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | ${base} | ${baseMs.toFixed(2)} | ${(ms / baseMs).toFixed(2)} |`);
closeDatabase(db);
fs.rmSync(dir, { recursive: true, force: true });
