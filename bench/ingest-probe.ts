// Temporary probe: memory and time per phase (not committed).
import { Readable } from 'node:stream';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { defaultIdMaker } from '../src/app.js';
import { systemClock } from '../src/domain/dates.js';
import { readImportFile, commitImport } from '../src/modules/imports/imports.service.js';
import { unitsCsv, eventsCsvFiles } from './ingest-data.js';
const mem = (l: string) => { const m = process.memoryUsage(); console.log(l, 'rss', (m.rss/1e6).toFixed(0), 'heap', (m.heapUsed/1e6).toFixed(0), 'ext', (m.external/1e6).toFixed(0), 'maxRSS', (process.resourceUsage().maxRSS/1024).toFixed(0)); };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
const db = openDatabase(path.join(dir, 'p.db'));
const deps = { db, config: { ...loadConfig({}), logLevel: 'silent' as const }, clock: systemClock, newId: defaultIdMaker };
const ctx = { actor: null, requestId: 'probe' };
mem('start');
const text = unitsCsv(0, 100000);
mem('csv built');
let t = performance.now();
const file = await readImportFile('units', Readable.from([Buffer.from(text)]));
console.log('read', (performance.now()-t).toFixed(0)); mem('after read');
t = performance.now();
commitImport(deps, ctx, file);
console.log('commit', (performance.now()-t).toFixed(0)); mem('after commit');
for (const f of eventsCsvFiles(100000, 100000).slice(0, 1)) {
  t = performance.now();
  const ef = await readImportFile('events', Readable.from([Buffer.from(f)]));
  console.log('read ev', (performance.now()-t).toFixed(0)); mem('after read ev');
  t = performance.now();
  commitImport(deps, ctx, ef);
  console.log('commit ev', (performance.now()-t).toFixed(0)); mem('after commit ev');
}
fs.rmSync(dir, { recursive: true });
