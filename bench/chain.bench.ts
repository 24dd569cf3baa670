/**
 * npm run bench:chain — what the ledger's hash chain costs a write.
 *
 * bench:ingest's end-to-end figure moves by more than a few per cent between runs on a
 * shared machine, so this bench measures the chain's share of the write path directly,
 * in one process, alternating the measurements so they see the same machine:
 *
 * 1. The write path: the real import (commitImport: every rule, the ledger writer, the
 *    roll-up, one transaction per file) of bench:ingest's 100,000 units and 300,000
 *    events into a fresh database file, without HTTP.
 * 2. The chain's CPU work for the same 400,000 entries, alone: well-formed strings, the
 *    entry in canonical key order, its JSON, sha256(prevHash + JSON).
 * 3. The chain's storage: raw prepared inserts of the same rows with the three chain
 *    columns filled, against the same inserts with them left null.
 *
 * (2) + the difference in (3), over (1), is what the chain adds to a write. The
 * reference RFC 8785 implementation (what /audit/verify uses) is timed for comparison.
 */
import { defaultDataBearing } from '../src/domain/sanitization.js';
import type { Category } from '../src/domain/units.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createApp, defaultIdMaker } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { eventEntry, EMPTY_HEAD, link, referenceHash, unitEntry, wellFormed, type ChainLink, type LedgerHead } from '../src/domain/ledger-chain.js';
import { kgToGrams } from '../src/domain/mass.js';
import { regionOf } from '../src/domain/regions.js';
import { createLogger } from '../src/logger.js';
import { commitImport, readImportFile } from '../src/modules/imports/imports.service.js';
import { seedDatabase } from '../src/seed.js';
import { benchEvents, benchUnit, eventsCsvFiles, unitsCsv } from './ingest-data.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-bench-'));
const now = new Date().toISOString();
const ACTOR = 'key_bench0000000000';

const units = Array.from({ length: UNITS }, (_, i) => {
  const u = benchUnit(i);
  return {
    id: defaultIdMaker('unit'), serialNumber: String(u.serialNumber), category: String(u.category), modality: (u.modality as string | null) ?? null,
    model: String(u.model), intakeG: kgToGrams(u.massKg as number)!, massSource: String(u.massSource), originCountry: String(u.originCountry),
    region: regionOf(u.originCountry as string)!, siteCode: String(u.siteCode), receivedAt: String(u.receivedAt), returnChannel: String(u.returnChannel),
    createdAt: now, createdBy: ACTOR, dataBearing: defaultDataBearing(u.category as Category),
  };
});
const events = units.flatMap((u, i) =>
  benchEvents(i).map((e) => {
    const { serialNumber: _s, type, occurredAt, massKg, ...rest } = e;
    const data = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
    return { id: defaultIdMaker('evt'), unitId: u.id, type: String(type), occurredAt: String(occurredAt), massG: massKg === null ? null : kgToGrams(massKg as number)!, voidsEventId: null, data, recordedAt: now, actor: ACTOR };
  }),
);
const ENTRIES = units.length + events.length;
const unitsFile = unitsCsv(0, UNITS);
const eventFiles = eventsCsvFiles(UNITS, 100_000);

let n = 0;
async function importAll(): Promise<number> {
  const file = path.join(dir, `import-${++n}.db`);
  const db = openDatabase(file);
  const config = { ...loadConfig({}), logLevel: 'silent' as const, bootstrapAdminKey: 'ctk_bench_admin_secret_0123456789' };
  const { deps } = createApp({ db, config, logger: createLogger('silent') });
  seedDatabase(deps);
  const ctx = { actor: { keyId: ACTOR, role: 'admin' as const, name: 'bench' }, requestId: 'bench' };
  const read = await Promise.all([unitsFile, ...eventFiles].map((text, i) => readImportFile(i === 0 ? 'units' : 'events', Readable.from([text]))));
  const t = performance.now();
  for (const f of read) commitImport(deps, ctx, f);
  const ms = performance.now() - t;
  closeDatabase(db);
  fs.rmSync(file, { force: true });
  return ms;
}

function chainWork(): number {
  const t = performance.now();
  let head: LedgerHead = EMPTY_HEAD;
  for (const u of units) head = link(head, (seq) => unitEntry(seq, wellFormed(u))).link;
  for (const e of events) head = link(head, (seq) => eventEntry(seq, wellFormed(e))).link;
  return performance.now() - t;
}

function referenceWork(): number {
  const t = performance.now();
  let prev = EMPTY_HEAD.hash;
  let seq = 0;
  for (const u of units) prev = referenceHash(prev, unitEntry(++seq, u));
  for (const e of events) prev = referenceHash(prev, eventEntry(++seq, e));
  return performance.now() - t;
}

// The chain columns as the writer fills them, computed once (their cost is (2)).
const links: ChainLink[] = [];
{
  let head: LedgerHead = EMPTY_HEAD;
  for (const u of units) links.push((head = link(head, (seq) => unitEntry(seq, u)).link));
  for (const e of events) links.push((head = link(head, (seq) => eventEntry(seq, e)).link));
}

function rawInsert(withChain: boolean): number {
  const file = path.join(dir, `raw-${++n}.db`);
  const db = openDatabase(file);
  const s = db.$client;
  const insertUnit = s.prepare(
    `INSERT INTO units (id, serial_number, category, modality, model, intake_g, mass_source, origin_country, region, site_code,
       received_at, return_channel, created_at, created_by, state, ledger_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = s.prepare(
    `INSERT INTO events (id, unit_id, type, occurred_at, mass_g, voids_event_id, data, recorded_at, actor, ledger_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const chain = (i: number) => (withChain ? [links[i]!.seq, links[i]!.prevHash, links[i]!.hash] : [null, null, null]);
  const t = performance.now();
  s.transaction(() => {
    let i = 0;
    for (const u of units) {
      insertUnit.run(u.id, u.serialNumber, u.category, u.modality, u.model, u.intakeG, u.massSource, u.originCountry, u.region, u.siteCode, u.receivedAt, u.returnChannel, u.createdAt, u.createdBy, 'received', ...chain(i++));
    }
    for (const e of events) {
      insertEvent.run(e.id, e.unitId, e.type, e.occurredAt, e.massG, e.voidsEventId, JSON.stringify(e.data), e.recordedAt, e.actor, ...chain(i++));
    }
  }).immediate();
  const ms = performance.now() - t;
  closeDatabase(db);
  fs.rmSync(file, { force: true });
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const us = (ms: number) => `${((ms * 1000) / ENTRIES).toFixed(2)} µs/entry`;

try {
  console.log(`Chain bench: ${units.length.toLocaleString('en-US')} units + ${events.length.toLocaleString('en-US')} events, ${ROUNDS} rounds (files in ${dir})`);
  const r = { imp: [] as number[], chain: [] as number[], ref: [] as number[], rawWith: [] as number[], rawWithout: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    r.imp.push(await importAll());
    r.chain.push(chainWork());
    r.ref.push(referenceWork());
    r.rawWithout.push(rawInsert(false));
    r.rawWith.push(rawInsert(true));
    console.log(
      `  round ${round}: import ${s(r.imp.at(-1)!)}, chain CPU ${s(r.chain.at(-1)!)}, raw inserts ${s(r.rawWithout.at(-1)!)} without / ${s(r.rawWith.at(-1)!)} with the chain columns`,
    );
  }
  const imp = median(r.imp);
  const chain = median(r.chain);
  const storage = Math.max(0, median(r.rawWith.map((w, i) => w - r.rawWithout[i]!)));
  console.log(`Write path (real import, all rules, no HTTP): ${s(imp)}, ${us(imp)} (median)`);
  console.log(`Chain CPU (well-formed, canonical entry, sha256): ${s(chain)}, ${us(chain)} = ${((100 * chain) / imp).toFixed(1)} % of the write path`);
  console.log(`Chain storage (3 more columns per row, raw inserts with minus without, median of differences): ${s(storage)} = ${((100 * storage) / imp).toFixed(1)} %`);
  console.log(`The chain adds about ${((100 * (chain + storage)) / imp).toFixed(1)} % to a write.`);
  console.log(`For comparison, the reference RFC 8785 implementation (as /audit/verify): ${s(median(r.ref))}, ${us(median(r.ref))}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
