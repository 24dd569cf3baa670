/**
 * The one place that reads and writes the `units` and `events` tables: every
 * statement prepared once per database and bound by position. The single-item
 * endpoints, the CSV import, the exports and the demo all go through here; the
 * column lists are checked against src/db/schema.ts by test/unit/sql-columns.test.ts.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { REMAINING_GRAMS_SQL } from '../../db/schema.js';
import type { Projection } from '../../domain/lifecycle.js';
import { DOWNSTREAM_TYPES, gramsColumn, OUTFLOW_GRAMS, OUTFLOWS } from '../../domain/outflows.js';
import { serialKey } from '../../domain/text.js';
import type { EventRecord, EventRow, StoredEvent, UnitRecord, UnitRow } from './units.mapper.js';

/** The grams columns of a unit's balance, one per outflow (domain/outflows.ts), in its order. */
const OUTFLOW_COLUMNS = OUTFLOWS.map(gramsColumn);

/** Every column of `units` but the autoincrement seq, in insert order. */
export const UNIT_COLUMNS = [
  'id', 'serial_number', 'serial_key', 'category', 'modality', 'model', 'intake_g', 'mass_source', 'origin_country', 'region',
  'site_code', 'received_at', 'return_channel', 'created_at', 'created_by', 'state', 'route', ...OUTFLOW_COLUMNS,
  'closed_at', 'last_event_at', 'ledger_seq', 'prev_hash', 'hash', 'data_bearing', 'weee_category',
] as const;

/** Every column of `events` but the autoincrement seq, in insert order. */
export const EVENT_COLUMNS = [
  'id', 'unit_id', 'type', 'occurred_at', 'mass_g', 'voids_event_id', 'data', 'recorded_at', 'actor', 'ledger_seq', 'prev_hash', 'hash',
] as const;

const camel = (c: string) => c.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const selectList = (cols: readonly string[]) => cols.map((c) => (camel(c) === c ? c : `${c} AS ${camel(c)}`)).join(', ');
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const UNIT_SELECT = `seq, ${selectList(UNIT_COLUMNS)}`;
const EVENT_SELECT = `seq, ${selectList(EVENT_COLUMNS)}`;

/** The columns the rules and the ledger cache need of a unit. */
export type UnitHead = Pick<
  UnitRow,
  | 'id'
  | 'serialNumber'
  | 'serialKey'
  | 'model'
  | 'intakeG'
  | 'originCountry'
  | 'receivedAt'
  | 'region'
  | 'category'
  | 'modality'
  | 'siteCode'
  | 'state'
  | 'dataBearing'
  | 'weeeCategory'
  | 'massSource'
>;
const HEAD_COLUMNS = [
  'id', 'serial_number', 'serial_key', 'model', 'intake_g', 'origin_country', 'received_at', 'region', 'category', 'modality', 'site_code', 'state',
  'data_bearing', 'weee_category', 'mass_source',
];

export type UnitFilter = {
  state?: string;
  category?: string;
  region?: string;
  siteCode?: string;
  /** Matched case-insensitively, after NFC and trimming (serialKey). */
  serialNumber?: string;
  /** Part of a serial, matched the same way. */
  q?: string;
  receivedFrom?: string;
  receivedTo?: string;
};
const FILTER_SQL: Record<keyof UnitFilter, string> = {
  state: 'state = ?',
  category: 'category = ?',
  region: 'region = ?',
  siteCode: 'site_code = ?',
  serialNumber: 'serial_key = ?',
  // instr, not LIKE: a % or _ in the text is a plain character. See listUnitsSql for the index.
  q: 'instr(serial_key, ?) > 0',
  receivedFrom: 'received_at >= ?',
  receivedTo: 'received_at <= ?',
};
const FILTER_KEYS = Object.keys(FILTER_SQL) as (keyof UnitFilter)[];
const filterValue = (k: keyof UnitFilter, v: string) => (k === 'serialNumber' || k === 'q' ? serialKey(v) : v);

export type ListOrder = 'asc' | 'desc';
/** Where a page of units starts: strictly after this unit in the list's order. */
export type UnitListKey = { receivedAt: string; id: string };

/** The SELECT of a units list: newest first (or oldest), by received_at then id. Exported for the query-plan test. */
export function listUnitsSql(keys: readonly (keyof UnitFilter)[], order: ListOrder, after: boolean): string {
  const where = [...(after ? [`(received_at, id) ${order === 'desc' ? '<' : '>'} (?, ?)`] : []), ...keys.map((k) => FILTER_SQL[k])];
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const sort = `ORDER BY received_at ${dir}, id ${dir}`;
  const cond = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  if (keys.includes('q') && !keys.includes('serialNumber')) {
    // A contains-search cannot seek. Walking the units in list order stops early when many
    // match but reads the whole table, a row at a time, when few do, which is what a
    // search for a serial mostly does. Instead the page is found in units_serial_key_idx
    // (serial key, model, received_at, id: everything the search and the order read) and
    // only its rows are fetched: one short index scan whatever the matches (bench:units).
    return `SELECT ${UNIT_SELECT} FROM units WHERE seq IN (SELECT seq FROM units INDEXED BY units_serial_key_idx${cond} ${sort} LIMIT ?) ${sort}`;
  }
  return `SELECT ${UNIT_SELECT} FROM units${cond} ${sort} LIMIT ?`;
}

/** The statements that look units up by serial, for the query-plan test (they must use units_serial_key_idx). */
export const SERIAL_LOOKUP_SQL = {
  headsBySerial: `SELECT ${selectList(HEAD_COLUMNS)} FROM units WHERE serial_key = ? ORDER BY seq`,
  openDuplicate: `SELECT id FROM units WHERE serial_key = ? AND model = ? AND state <> 'closed' ORDER BY seq LIMIT 1`,
};

/**
 * Every unit (China included) counted by site and state, with the mass it still
 * holds. One pass over units_site_summary_idx, which holds every column it reads in
 * this order: no table lookups, no sort.
 */
export const SUMMARY_SQL = `
  SELECT site_code AS siteCode, state, count(*) AS units, sum(${REMAINING_GRAMS_SQL}) AS remainingG
  FROM units GROUP BY site_code, state`;
export type SummaryRow = { siteCode: string; state: string; units: number; remainingG: number };

type RawEvent = Omit<EventRow, 'data'> & { data: string };
/** SQLite has no booleans: data_bearing comes back as 0 or 1 and goes in as 0 or 1. */
const withBoolean = <T extends { dataBearing: boolean }>(u: T | undefined): T | undefined => {
  if (u) u.dataBearing = Boolean(u.dataBearing);
  return u;
};

/**
 * What the chain of custody needs of an event: its mass and vendor, and whether a later
 * void cancelled it (one probe of the partial index on voids_event_id).
 */
const CUSTODY_SELECT = `e.id, e.unit_id AS unitId, e.type, e.occurred_at AS occurredAt, e.mass_g AS massG, e.vendor_code AS vendorCode,
  EXISTS (SELECT 1 FROM events v WHERE v.voids_event_id = e.id) AS voided`;

export type CustodyEvent = {
  id: string;
  unitId: string;
  type: string;
  occurredAt: string;
  massG: number | null;
  vendorCode: string | null;
  voided: boolean;
};
type RawCustody = Omit<CustodyEvent, 'voided'> & { voided: 0 | 1 };
const custody = <T extends RawCustody>(r: T) => ({ ...r, voided: r.voided === 1 });

/** An outgoing event with what a report groups it by. */
export type DisposalEvent = CustodyEvent & { material: string | null; region: string; category: string };
/** A vendor's event with the unit it came from, for the people choosing what to ship. */
export type VendorEvent = CustodyEvent & { seq: number; serialNumber: string; model: string; material: string | null };
const parseEvent = (e: RawEvent): EventRow => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> });

/**
 * The hot reads (a unit and its timeline for GET /units/:id and every event write) take
 * their rows as arrays (better-sqlite3's raw mode) and make the objects here, one plain
 * loop over the column list: about twice as fast as the driver setting each property
 * through its C++ API. Same keys as the aliased SELECTs (camelCase of the column).
 */
function fromArray<T>(columns: readonly string[]): (r: unknown[]) => T {
  const keys = columns.map(camel);
  return (r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = r[i];
    return o as T;
  };
}
const unitRow = fromArray<UnitRow>(['seq', ...UNIT_COLUMNS]);
const headRow = fromArray<UnitHead>(HEAD_COLUMNS);
const eventRow = fromArray<RawEvent>(['seq', ...EVENT_COLUMNS]);
const STORED_EVENT_COLUMNS = ['id', 'type', 'occurred_at', 'mass_g', 'voids_event_id', 'data'];
const storedEventRow = fromArray<Omit<StoredEvent, 'data'> & { data: string }>(STORED_EVENT_COLUMNS);

function statements(s: Db['$client']) {
  return {
    unitById: s.prepare(`SELECT ${UNIT_SELECT} FROM units WHERE id = ?`).raw(),
    headById: s.prepare(`SELECT ${selectList(HEAD_COLUMNS)} FROM units WHERE id = ?`).raw(),
    headsBySerial: s.prepare(SERIAL_LOOKUP_SQL.headsBySerial).raw(),
    openDuplicate: s.prepare(SERIAL_LOOKUP_SQL.openDuplicate),
    timeline: s.prepare(`SELECT ${EVENT_SELECT} FROM events WHERE unit_id = ? ORDER BY seq`).raw(),
    storedEvents: s.prepare(`SELECT ${STORED_EVENT_COLUMNS.join(', ')} FROM events WHERE unit_id = ? ORDER BY seq`).raw(),
    insertUnit: s.prepare(`INSERT INTO units (${UNIT_COLUMNS.join(', ')}) VALUES (${placeholders(UNIT_COLUMNS.length)})`),
    insertEvent: s.prepare(`INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${placeholders(EVENT_COLUMNS.length)})`),
    saveProjection: s.prepare(
      `UPDATE units SET state = ?, route = ?, ${OUTFLOW_COLUMNS.map((c) => `${c} = ?`).join(', ')}, closed_at = ?, last_event_at = ? WHERE id = ?`,
    ),
    custodyEvents: s.prepare(`SELECT ${CUSTODY_SELECT} FROM json_each(?) j JOIN events e ON e.id = j.value`),
    vendorEvents: s.prepare(
      `SELECT e.seq, ${CUSTODY_SELECT}, u.serial_number AS serialNumber, u.model, json_extract(e.data, '$.material') AS material
       FROM events e INDEXED BY events_vendor_idx JOIN units u ON u.id = e.unit_id
       WHERE e.vendor_code = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
    ),
    disposalsBetween: s.prepare(
      `SELECT ${CUSTODY_SELECT}, json_extract(e.data, '$.material') AS material, u.region, u.category
       FROM events e JOIN units u ON u.id = e.unit_id
       WHERE e.occurred_at >= ? AND e.occurred_at <= ? AND e.type IN (${DOWNSTREAM_TYPES.map((t) => `'${t}'`).join(', ')})
       ORDER BY e.seq`,
    ),
    // The chain, table by table in insertion order (which is chain order within each table).
    unitChainPage: s.prepare(`SELECT ${UNIT_SELECT} FROM units WHERE seq > ? ORDER BY seq LIMIT ?`),
    eventChainPage: s.prepare(`SELECT ${EVENT_SELECT} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    unitsWithoutChain: s.prepare(`SELECT ${UNIT_SELECT} FROM units WHERE hash IS NULL AND seq > ? ORDER BY seq LIMIT ?`),
    eventsWithoutChain: s.prepare(`SELECT ${EVENT_SELECT} FROM events WHERE hash IS NULL AND seq > ? ORDER BY seq LIMIT ?`),
    setUnitChain: s.prepare('UPDATE units SET ledger_seq = ?, prev_hash = ?, hash = ? WHERE seq = ?'),
    setEventChain: s.prepare('UPDATE events SET ledger_seq = ?, prev_hash = ?, hash = ? WHERE seq = ?'),
    // Data-bearing units whose last mass left in a date range, with the methods of their
    // standing (not voided) sanitizations; the closed_at index finds them.
    leftCustody: s.prepare(
      `SELECT u.id, u.serial_number AS serialNumber, u.model, u.category, u.site_code AS siteCode, u.closed_at AS closedAt,
              (SELECT group_concat(DISTINCT json_extract(e.data, '$.method')) FROM events e
                WHERE e.unit_id = u.id AND e.type = 'data_sanitized'
                  AND NOT EXISTS (SELECT 1 FROM events v WHERE v.unit_id = u.id AND v.type = 'voided' AND v.voids_event_id = e.id)
              ) AS methods
       FROM units u WHERE u.closed_at >= ? AND u.closed_at <= ? AND u.data_bearing = 1 ORDER BY u.closed_at, u.seq`,
    ),
    summary: s.prepare(SUMMARY_SQL),
    eventsPage: s.prepare(
      `SELECT e.seq, e.id, u.serial_number AS serialNumber, u.model, e.type, e.occurred_at AS occurredAt,
              e.mass_g AS massG, e.voids_event_id AS voidsEventId, e.data, e.recorded_at AS recordedAt, e.actor
       FROM events e JOIN units u ON u.id = e.unit_id WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
    ),
  };
}

/** A data-bearing unit that left custody, with the methods of its standing sanitizations. */
export type LeftCustody = Pick<UnitRow, 'id' | 'serialNumber' | 'model' | 'category' | 'siteCode'> & {
  closedAt: string;
  /** Comma-separated distinct methods, or null when the unit has no standing sanitization. */
  methods: string | null;
};

/** An event of the whole-ledger export, with its unit's serial and model. */
export type ExportedEvent = Omit<EventRow, 'unitId'> & { serialNumber: string; model: string };

function createStore(db: Db) {
  const s = db.$client;
  const st = statements(s);
  /** One statement per combination of filters, order and cursor a list uses, prepared on first use. */
  const lists = new Map<string, Statement>();
  const listStatement = (keys: (keyof UnitFilter)[], order: ListOrder, after: boolean) => {
    const sig = `${keys.join(',')}|${order}|${after}`;
    let l = lists.get(sig);
    if (!l) lists.set(sig, (l = s.prepare(listUnitsSql(keys, order, after))));
    return l;
  };

  return {
    unitById: (id: string) => {
      const r = st.unitById.get(id) as unknown[] | undefined;
      return r && withBoolean(unitRow(r));
    },
    headById: (id: string) => {
      const r = st.headById.get(id) as unknown[] | undefined;
      return r && withBoolean(headRow(r));
    },
    /** Every unit that ever had this serial (matched as serialKey does), oldest first. */
    headsBySerial: (serialNumber: string) => (st.headsBySerial.all(serialKey(serialNumber)) as unknown[][]).map((r) => withBoolean(headRow(r))!),
    /** The open unit of this model with this serial (matched as serialKey does), if any. */
    openDuplicate: (serialNumber: string, model: string) => st.openDuplicate.get(serialKey(serialNumber), model) as { id: string } | undefined,
    /** A unit's events, whole, in recorded order. */
    timeline: (unitId: string) =>
      (st.timeline.all(unitId) as unknown[][]).map((r) => {
        const e = eventRow(r) as unknown as EventRow;
        e.data = JSON.parse(e.data as unknown as string) as Record<string, unknown>;
        return e;
      }),
    /** A unit's events as the rules replay them. */
    storedEvents: (unitId: string): StoredEvent[] =>
      (st.storedEvents.all(unitId) as unknown[][]).map((r) => {
        const e = storedEventRow(r);
        return { ...e, data: JSON.parse(e.data) as Record<string, unknown> };
      }),
    /** Up to `limit` units matching every filter given, in `order` by (receivedAt, id), after `after` when given. */
    listUnits(f: UnitFilter, order: ListOrder, after: UnitListKey | null, limit: number): UnitRow[] {
      const keys = FILTER_KEYS.filter((k) => f[k] !== undefined);
      const start = after ? [after.receivedAt, after.id] : [];
      return (listStatement(keys, order, after !== null).all(...start, ...keys.map((k) => filterValue(k, f[k]!)), limit) as UnitRow[]).map((u) => withBoolean(u)!);
    },
    summary: () => st.summary.all() as SummaryRow[],
    /** Data-bearing units whose closing date is in [from, to], in closing order (the sanitization audit). */
    leftCustody: (from: string, to: string) => st.leftCustody.all(from, to) as LeftCustody[],
    /** Events of the whole ledger after `afterSeq`, in recorded order (the events export). */
    eventsPage: (afterSeq: number, limit: number) =>
      (st.eventsPage.all(afterSeq, limit) as (Omit<ExportedEvent, 'data'> & { data: string })[]).map((e) => ({
        ...e,
        data: JSON.parse(e.data) as Record<string, unknown>,
      })),
    /** The custody facts of many events at once (unknown ids are left out; order not kept). */
    custodyEvents: (ids: readonly string[]): CustodyEvent[] =>
      (st.custodyEvents.all(JSON.stringify(ids)) as RawCustody[]).map(custody),
    /** Up to `limit` events naming a vendor after `afterSeq`, in recorded order, voided ones included (flagged). */
    vendorEvents: (vendorCode: string, afterSeq: number, limit: number): VendorEvent[] =>
      (st.vendorEvents.all(vendorCode, afterSeq, limit) as (RawCustody & Omit<VendorEvent, 'voided'>)[]).map(custody),
    /** Every downstream outflow event (recycled, landfilled, ...) dated from..to, voided ones included (flagged). */
    disposalsBetween: (from: string, to: string): DisposalEvent[] =>
      (st.disposalsBetween.all(from, to) as (RawCustody & Omit<DisposalEvent, 'voided'>)[]).map(custody),
    insertUnit(r: UnitRecord): void {
      st.insertUnit.run(
        r.id, r.serialNumber, r.serialKey, r.category, r.modality, r.model, r.intakeG, r.massSource, r.originCountry, r.region,
        r.siteCode, r.receivedAt, r.returnChannel, r.createdAt, r.createdBy, r.state, r.route, ...OUTFLOW_GRAMS.map((f) => r[f]),
        r.closedAt, r.lastEventAt, r.ledgerSeq, r.prevHash, r.hash, r.dataBearing ? 1 : 0, r.weeeCategory,
      );
    },
    insertEvent(e: EventRecord): void {
      st.insertEvent.run(
        e.id, e.unitId, e.type, e.occurredAt, e.massG, e.voidsEventId, JSON.stringify(e.data), e.recordedAt, e.actor, e.ledgerSeq, e.prevHash, e.hash,
      );
    },
    /** Up to `limit` units after row `afterSeq`, whole, in insertion order: the chain's unit entries. */
    unitChainPage: (afterSeq: number, limit: number) => st.unitChainPage.all(afterSeq, limit) as UnitRow[],
    /** Up to `limit` events after row `afterSeq`, whole, in insertion order: the chain's event entries. */
    eventChainPage: (afterSeq: number, limit: number) => (st.eventChainPage.all(afterSeq, limit) as RawEvent[]).map(parseEvent),
    /** Rows older than the chain (hash still null), a page at a time in insertion order, for the start-up backfill. */
    unitsWithoutChain: (afterSeq: number, limit: number) => st.unitsWithoutChain.all(afterSeq, limit) as UnitRow[],
    eventsWithoutChain: (afterSeq: number, limit: number) => (st.eventsWithoutChain.all(afterSeq, limit) as RawEvent[]).map(parseEvent),
    /** Sets the chain columns of a row that has none (the triggers refuse any other change). */
    setUnitChain: (rowSeq: number, c: { seq: number; prevHash: string; hash: string }) => void st.setUnitChain.run(c.seq, c.prevHash, c.hash, rowSeq),
    setEventChain: (rowSeq: number, c: { seq: number; prevHash: string; hash: string }) => void st.setEventChain.run(c.seq, c.prevHash, c.hash, rowSeq),
    /** The unit's projection of its events, rewritten in the transaction of every event write. */
    saveProjection(unitId: string, p: Projection): void {
      const b = p.balance;
      st.saveProjection.run(p.state, p.route, ...OUTFLOW_GRAMS.map((f) => b[f]), p.closedAt, p.lastEventAt, unitId);
    },
  };
}
export type UnitsStore = ReturnType<typeof createStore>;

const stores = new WeakMap<Db['$client'], UnitsStore>();

/** The store of a database, created (and its statements prepared) on first use. */
export function unitsStore(db: Db): UnitsStore {
  let store = stores.get(db.$client);
  if (!store) stores.set(db.$client, (store = createStore(db)));
  return store;
}
