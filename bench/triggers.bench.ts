/**
 * npm run bench:triggers [-- UNITS]   (default 100,000)
 *
 * What the append-only BEFORE INSERT triggers (drizzle/0004) cost on the hottest insert
 * path there is: a raw bulk build of units and events (kpi-build.ts), three rounds each
 * with the triggers and with the units/events ones dropped, interleaved, in one run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase } from '../src/db/client.js';
import { buildLedger } from './kpi-build.js';
const N = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trig-'));
const res: Record<string, number[]> = { with: [], without: [] };
for (let round = 0; round < 3; round++) {
  for (const mode of ['with', 'without'] as const) {
    const file = path.join(dir, `${mode}-${round}.db`);
    const db = openDatabase(file);
    if (mode === 'without') for (const t of ['units', 'events']) db.$client.exec(`DROP TRIGGER ${t}_no_replace`);
    const s = buildLedger(db, N);
    res[mode]!.push(s.ms);
    closeDatabase(db);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
console.log(`build ms with triggers ${res.with!.join(', ')}; without ${res.without!.join(', ')}; median ratio ${(med(res.with!) / med(res.without!)).toFixed(3)}`);
fs.rmSync(dir, { recursive: true, force: true });
