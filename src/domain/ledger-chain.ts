/**
 * The hash chain over the ledger: every unit intake and every event is one entry, in
 * one chain for the whole ledger, `hash = sha256(prevHash + canonical JSON of the entry)`
 * (hex, lower case), the first entry linking to GENESIS_HASH.
 *
 * Canonical JSON is RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them. Every value
 * an entry holds is a string, an integer, null, or (an event's `data`) an object of those,
 * so JCS is JSON.stringify over key-sorted objects: `canonicalJson` below does exactly
 * that, because the reference implementation (the `canonicalize` package, which the
 * evidence verifier and the tests use) costs about five JSON.stringify calls per entry on
 * the write path. test/unit/ledger-chain.test.ts checks the two agree on random entries.
 *
 * Pure: the entry is built from the row as stored; nothing here reads a database.
 */
import { hash as oneShotHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a unit's intake that its entry hashes (what was received; never its projection). */
export type UnitEntrySource = {
  id: string;
  serialNumber: string;
  category: string;
  modality: string | null;
  model: string;
  intakeG: number;
  massSource: string;
  originCountry: string;
  region: string;
  siteCode: string;
  receivedAt: string;
  returnChannel: string;
  createdAt: string;
  createdBy: string;
  /** Whether the unit may hold patient data (stored 0/1; hashed as a JSON boolean). */
  dataBearing: boolean | number;
  /** The WEEE category (v1.2): hashed only when it is not the default 4 (see unitEntry). */
  weeeCategory?: number;
};

export type EventEntrySource = {
  id: string;
  unitId: string;
  type: string;
  occurredAt: string;
  massG: number | null;
  voidsEventId: string | null;
  data: Record<string, unknown>;
  recordedAt: string;
  actor: string;
};

export type UnitEntry = { kind: 'unit'; seq: number } & UnitEntrySource;
export type EventEntry = { kind: 'event'; seq: number } & EventEntrySource;
export type LedgerEntry = UnitEntry | EventEntry;

/** A chained entry: the entry and its links. */
export type ChainLink = { seq: number; prevHash: string; hash: string };
export type LedgerHead = { seq: number; hash: string };
export const EMPTY_HEAD: LedgerHead = { seq: 0, hash: GENESIS_HASH };

/**
 * The WEEE category every unit had before v1.2 (large equipment): a unit entry holds
 * `weeeCategory` only when it differs, so the entries of units received before the field
 * existed (all 4 once migrated) hash exactly as they did, and a unit received since with
 * another category has it in its hash. Changing the stored category either way changes
 * the recomputed hash (and the trigger refuses the change anyway).
 */
export const UNHASHED_WEEE_CATEGORY = 4;

/** The unit entry with its keys already in JCS order, so JSON.stringify writes it canonically. */
export function unitEntry(seq: number, u: UnitEntrySource): UnitEntry {
  const entry = {
    category: u.category,
    createdAt: u.createdAt,
    createdBy: u.createdBy,
    dataBearing: Boolean(u.dataBearing),
    id: u.id,
    intakeG: u.intakeG,
    kind: 'unit',
    massSource: u.massSource,
    modality: u.modality,
    model: u.model,
    originCountry: u.originCountry,
    receivedAt: u.receivedAt,
    region: u.region,
    returnChannel: u.returnChannel,
    seq,
    serialNumber: u.serialNumber,
    siteCode: u.siteCode,
  } as UnitEntry;
  // Sorts last (JCS order: "weeeCategory" > "siteCode").
  if (u.weeeCategory !== undefined && u.weeeCategory !== UNHASHED_WEEE_CATEGORY) entry.weeeCategory = u.weeeCategory;
  return entry;
}

export function eventEntry(seq: number, e: EventEntrySource): EventEntry {
  return {
    actor: e.actor,
    data: sortKeys(e.data) as Record<string, unknown>,
    id: e.id,
    kind: 'event',
    massG: e.massG,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    seq,
    type: e.type,
    unitId: e.unitId,
    voidsEventId: e.voidsEventId,
  } as EventEntry;
}

/** A copy with every object's keys in JCS order (UTF-16 code units, which is what sort() compares). */
function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortKeys);
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
  return out;
}

/** RFC 8785 canonical JSON of a value made of strings, finite numbers, booleans, null, arrays and plain objects. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

const sha256Hex = (s: string): string => oneShotHash('sha256', s, 'hex');

/** The hash of an entry whose keys are in JCS order already (unitEntry / eventEntry build them so). */
export function hashSortedEntry(prevHash: string, entry: LedgerEntry): string {
  return sha256Hex(prevHash + JSON.stringify(entry));
}

export function entryHash(prevHash: string, entry: LedgerEntry): string {
  return sha256Hex(prevHash + canonicalJson(entry));
}

/**
 * The same hash through the reference RFC 8785 implementation (`canonicalize`), for
 * the checks: /audit/verify and the evidence verifier recompute with this, so a fault
 * in the write path's own canonical JSON would show as a bad entry, not hide.
 */
export function referenceHash(prevHash: string, entry: object): string {
  const json = canonicalize(entry);
  if (json === undefined) throw new Error('an entry must be a JSON object');
  return sha256Hex(prevHash + json);
}

/**
 * SQLite stores text as UTF-8, which cannot hold a lone UTF-16 surrogate: one would be
 * stored as U+FFFD and the row would no longer hash as it did in memory. Strings are
 * made well-formed (the same replacement) before they are hashed and stored.
 */
export function wellFormed<T>(v: T): T {
  if (typeof v === 'string') return (isWellFormed(v) ? v : toWellFormed(v)) as T;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return (v.some((x) => x !== wellFormed(x)) ? v.map(wellFormed) : v) as T;
  const o = v as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(o)) {
    const w = wellFormed(o[k]);
    if (w !== o[k]) (out ??= { ...o })[k] = w;
  }
  return (out ?? o) as T;
}

type WellFormedString = { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (s: string) => (s as unknown as WellFormedString).isWellFormed();
const toWellFormed = (s: string) => (s as unknown as WellFormedString).toWellFormed();

/** Extends a chain by one entry: its seq, the hash it links to and its own hash. */
export function link<E extends LedgerEntry>(head: LedgerHead, build: (seq: number) => E): { entry: E; link: ChainLink } {
  const seq = head.seq + 1;
  const entry = build(seq);
  return { entry, link: { seq, prevHash: head.hash, hash: hashSortedEntry(head.hash, entry) } };
}
