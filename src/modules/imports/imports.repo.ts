/**
 * The bulk path's reads and writes as prepared better-sqlite3 statements, prepared
 * once per database: at 100,000 rows a request, building a drizzle query per row
 * costs more than the insert itself. The SQL mirrors src/db/schema.ts; the API tests
 * read every row back through the single-item code, which would catch a mismatch.
 */
import type { Db } from '../../db/client.js';
import type { Projection } from '../units/lifecycle.js';
import type { UnitRow } from '../units/units.repo.js';
import type { StoredEvent } from '../units/units.rules.js';

export type UnitHead = Pick<
  UnitRow,
  'id' | 'serialNumber' | 'model' | 'intakeG' | 'originCountry' | 'receivedAt' | 'region' | 'category' | 'modality' | 'siteCode' | 'state'
>;

const HEAD = `id, serial_number AS serialNumber, model, intake_g AS intakeG, origin_country AS originCountry,
  received_at AS receivedAt, region, category, modality, site_code AS siteCode, state`;

function statements(db: Db) {
  const s = db.$client;
  return {
    openDuplicate: s.prepare(
      `SELECT id FROM units WHERE serial_number = ? AND model = ? AND state <> 'closed' ORDER BY seq LIMIT 1`,
    ),
    unitById: s.prepare(`SELECT ${HEAD} FROM units WHERE id = ?`),
    unitsBySerial: s.prepare(`SELECT ${HEAD} FROM units WHERE serial_number = ? ORDER BY seq`),
    eventsOfUnit: s.prepare(
      `SELECT id, type, occurred_at AS occurredAt, mass_g AS massG, voids_event_id AS voidsEventId, data
       FROM events WHERE unit_id = ? ORDER BY seq`,
    ),
    insertUnit: s.prepare(
      `INSERT INTO units (id, serial_number, category, modality, model, intake_g, mass_source, origin_country, region,
         site_code, received_at, return_channel, created_at, created_by, state, route, refurbished_g, harvested_g,
         recycled_g, landfilled_g, closed_at, last_event_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertEvent: s.prepare(
      `INSERT INTO events (id, unit_id, type, occurred_at, mass_g, voids_event_id, data, recorded_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    saveProjection: s.prepare(
      `UPDATE units SET state = ?, route = ?, refurbished_g = ?, harvested_g = ?, recycled_g = ?, landfilled_g = ?,
         closed_at = ?, last_event_at = ? WHERE id = ?`,
    ),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof statements>>();

export function importRepo(db: Db) {
  let st = cache.get(db);
  if (!st) {
    st = statements(db);
    cache.set(db, st);
  }
  const q = st;
  return {
    openDuplicate: (serialNumber: string, model: string) =>
      q.openDuplicate.get(serialNumber, model) as { id: string } | undefined,
    unitById: (id: string) => q.unitById.get(id) as UnitHead | undefined,
    unitsBySerial: (serialNumber: string) => q.unitsBySerial.all(serialNumber) as UnitHead[],
    eventsOfUnit: (unitId: string): StoredEvent[] =>
      (q.eventsOfUnit.all(unitId) as (Omit<StoredEvent, 'data'> & { data: string })[]).map((e) => ({
        ...e,
        data: JSON.parse(e.data) as Record<string, unknown>,
      })),
    /** Positional parameters: binding 22 named ones looks each up on the object, per row. */
    insertUnit: (r: Omit<UnitRow, 'seq'>) => {
      q.insertUnit.run(
        r.id, r.serialNumber, r.category, r.modality, r.model, r.intakeG, r.massSource, r.originCountry, r.region,
        r.siteCode, r.receivedAt, r.returnChannel, r.createdAt, r.createdBy, r.state, r.route, r.refurbishedG, r.harvestedG,
        r.recycledG, r.landfilledG, r.closedAt, r.lastEventAt,
      );
    },
    insertEvent: (e: StoredEvent, unitId: string, recordedAt: string, actor: string) => {
      q.insertEvent.run(e.id, unitId, e.type, e.occurredAt, e.massG, e.voidsEventId, JSON.stringify(e.data), recordedAt, actor);
    },
    saveProjection: (unitId: string, p: Projection) => {
      const b = p.balance;
      q.saveProjection.run(p.state, p.route, b.refurbishedG, b.harvestedG, b.recycledG, b.landfilledG, p.closedAt, p.lastEventAt, unitId);
    },
  };
}
export type ImportRepo = ReturnType<typeof importRepo>;

/** SQLite page cache while an import runs (KiB); see withSmallPageCache. */
const IMPORT_CACHE_KIB = 32 * 1024;

/**
 * A 100,000-row transaction would otherwise fill the connection's whole page cache
 * (64 MB) with pages it writes once; a small cache keeps the process's memory flat
 * (SQLite spills dirty pages to the WAL as needed). 16 MB spilled the events'
 * randomly keyed indexes noticeably (ingest bench: events requests 5–6.5 s against
 * 3.5–4.8 s at 32 MB, peak RSS 250 MB against about 265 MB); 64 MB went past 300 MB.
 * The connection's setting is restored afterwards.
 */
export function withSmallPageCache<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  if (before >= 0 || -before <= IMPORT_CACHE_KIB) return fn();
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return fn();
  } finally {
    sqlite.pragma(`cache_size = ${before}`);
  }
}
