/**
 * npm run bench:chain — what the ledger's hash chain costs a write, alone.
 *
 * Builds the records bench:ingest imports (100,000 units, 300,000 events, as the ledger
 * writer holds them before insert) and times, in process, the work the chain adds per
 * entry: making strings well-formed, the entry in canonical key order, its JSON, and
 * sha256(prevHash + JSON). Also times the same entries through the reference RFC 8785
 * implementation (what /audit/verify and the evidence verifier use), for comparison.
 * Set against bench:ingest's time per imported row, this is the chain's share of a write.
 */
import { defaultIdMaker } from '../src/app.js';
import { eventEntry, EMPTY_HEAD, link, referenceHash, unitEntry, wellFormed, type LedgerHead } from '../src/domain/ledger-chain.js';
import { kgToGrams } from '../src/domain/mass.js';
import { regionOf } from '../src/domain/regions.js';
import { benchEvents, benchUnit } from './ingest-data.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const now = new Date().toISOString();
const units = Array.from({ length: UNITS }, (_, i) => {
  const u = benchUnit(i);
  return {
    id: defaultIdMaker('unit'), serialNumber: String(u.serialNumber), category: String(u.category), modality: (u.modality as string | null) ?? null,
    model: String(u.model), intakeG: kgToGrams(u.massKg as number)!, massSource: String(u.massSource), originCountry: String(u.originCountry),
    region: regionOf(u.originCountry as string)!, siteCode: String(u.siteCode), receivedAt: String(u.receivedAt), returnChannel: String(u.returnChannel),
    createdAt: now, createdBy: 'key_bench0000000000',
  };
});
const events = units.flatMap((u, i) =>
  benchEvents(i).map((e) => {
    const { serialNumber: _s, type, occurredAt, massKg, ...rest } = e;
    const data = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
    return { id: defaultIdMaker('evt'), unitId: u.id, type: String(type), occurredAt: String(occurredAt), massG: massKg === null ? null : kgToGrams(massKg as number)!, voidsEventId: null, data, recordedAt: now, actor: 'key_bench0000000000' };
  }),
);

function time(name: string, fn: () => void): number {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const ms = runs[2]!;
  const n = units.length + events.length;
  console.log(`  ${name}: ${(ms / 1000).toFixed(2)} s for ${n.toLocaleString('en-US')} entries, ${((ms * 1000) / n).toFixed(2)} µs each (median of 5)`);
  return ms;
}

console.log(`Chain bench: ${units.length.toLocaleString('en-US')} units, ${events.length.toLocaleString('en-US')} events`);
time('write path (wellFormed + entry + JSON.stringify + sha256)', () => {
  let head: LedgerHead = EMPTY_HEAD;
  for (const u of units) head = link(head, (seq) => unitEntry(seq, wellFormed(u))).link;
  for (const e of events) head = link(head, (seq) => eventEntry(seq, wellFormed(e))).link;
});
time('reference RFC 8785 (canonicalize + sha256), as verify does', () => {
  let prev = EMPTY_HEAD.hash;
  let seq = 0;
  for (const u of units) prev = referenceHash(prev, unitEntry(++seq, u));
  for (const e of events) prev = referenceHash(prev, eventEntry(++seq, e));
});
