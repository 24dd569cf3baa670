/**
 * The one writer of `shipments`, `shipment_events` and `shipment_receipts` (all
 * append-only) and their reads. The primary keys do the last checks: an event can be in
 * one shipment only, and a shipment takes one receipt.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { shipmentReceipts, shipments } from '../../db/schema.js';

export type ShipmentRow = typeof shipments.$inferSelect;
export type ReceiptRow = typeof shipmentReceipts.$inferSelect;
/** A shipment with its receipt (null while open). */
export type ShipmentWithReceipt = ShipmentRow & { receipt: ReceiptRow | null };

const SHIPMENT_SELECT = `s.seq, s.id, s.vendor_code AS vendorCode, s.shipped_at AS shippedAt, s.reference, s.created_at AS createdAt,
  s.created_by AS createdBy, r.shipment_id AS receiptOf, r.received_at AS receivedAt, r.received_g AS receivedG,
  r.certificate_ref AS certificateRef, r.recorded_at AS recordedAt, r.recorded_by AS recordedBy`;

type Raw = ShipmentRow & { receiptOf: string | null } & Omit<ReceiptRow, 'shipmentId'>;
const withReceipt = (r: Raw): ShipmentWithReceipt => ({
  seq: r.seq,
  id: r.id,
  vendorCode: r.vendorCode,
  shippedAt: r.shippedAt,
  reference: r.reference,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  receipt:
    r.receiptOf === null
      ? null
      : { shipmentId: r.id, receivedAt: r.receivedAt, receivedG: r.receivedG, certificateRef: r.certificateRef, recordedAt: r.recordedAt, recordedBy: r.recordedBy },
});

const cache = new WeakMap<Db['$client'], Map<string, Statement>>();
function prepared(db: Db, sql: string): Statement {
  let bySql = cache.get(db.$client);
  if (!bySql) cache.set(db.$client, (bySql = new Map()));
  let st = bySql.get(sql);
  if (!st) bySql.set(sql, (st = db.$client.prepare(sql)));
  return st;
}

export function shipmentById(db: Db, id: string): ShipmentWithReceipt | undefined {
  const r = prepared(db, `SELECT ${SHIPMENT_SELECT} FROM shipments s LEFT JOIN shipment_receipts r ON r.shipment_id = s.id WHERE s.id = ?`).get(id) as Raw | undefined;
  return r && withReceipt(r);
}

export const eventIdsOf = (db: Db, shipmentId: string): string[] =>
  prepared(db, 'SELECT event_id FROM shipment_events WHERE shipment_id = ? ORDER BY position').pluck().all(shipmentId) as string[];

/** The shipment an event is in, and whether that shipment is receipted. */
export function shipmentOfEvent(db: Db, eventId: string): { shipmentId: string; receipted: boolean } | undefined {
  const r = prepared(
    db,
    `SELECT se.shipment_id AS shipmentId, r.shipment_id IS NOT NULL AS receipted
     FROM shipment_events se LEFT JOIN shipment_receipts r ON r.shipment_id = se.shipment_id WHERE se.event_id = ?`,
  ).get(eventId) as { shipmentId: string; receipted: 0 | 1 } | undefined;
  return r && { shipmentId: r.shipmentId, receipted: r.receipted === 1 };
}

/** The same for many events at once: event id → its shipment (events in none are left out). */
export function shipmentsOfEvents(db: Db, eventIds: readonly string[]): Map<string, { shipmentId: string; receipted: boolean }> {
  const rows = prepared(
    db,
    `SELECT se.event_id AS eventId, se.shipment_id AS shipmentId, r.shipment_id IS NOT NULL AS receipted
     FROM json_each(?) j JOIN shipment_events se ON se.event_id = j.value
     LEFT JOIN shipment_receipts r ON r.shipment_id = se.shipment_id`,
  ).all(JSON.stringify(eventIds)) as { eventId: string; shipmentId: string; receipted: 0 | 1 }[];
  return new Map(rows.map((r) => [r.eventId, { shipmentId: r.shipmentId, receipted: r.receipted === 1 }]));
}

export type ShipmentFilter = { vendorCode?: string; status?: 'open' | 'receipted' };

/** A page of shipments by insertion order, limit + 1 rows. */
export function shipmentsPage(db: Db, f: ShipmentFilter & { afterSeq: number; limit: number; order: 'asc' | 'desc' }): ShipmentWithReceipt[] {
  const where = [
    f.afterSeq > 0 ? (f.order === 'asc' ? 's.seq > @after' : 's.seq < @after') : null,
    f.vendorCode !== undefined ? 's.vendor_code = @vendorCode' : null,
    f.status === 'open' ? 'r.shipment_id IS NULL' : f.status === 'receipted' ? 'r.shipment_id IS NOT NULL' : null,
  ].filter(Boolean);
  const sql = `SELECT ${SHIPMENT_SELECT} FROM shipments s LEFT JOIN shipment_receipts r ON r.shipment_id = s.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.seq ${f.order === 'asc' ? 'ASC' : 'DESC'} LIMIT @limit`;
  const params: Record<string, unknown> = { limit: f.limit + 1 };
  if (f.afterSeq > 0) params.after = f.afterSeq;
  if (f.vendorCode !== undefined) params.vendorCode = f.vendorCode;
  const rows = prepared(db, sql).all(params) as Raw[];
  return rows.map(withReceipt);
}

export function insertShipment(db: Db, row: Omit<ShipmentRow, 'seq'>, eventIds: readonly string[]): void {
  db.insert(shipments).values(row).run();
  const st = prepared(db, 'INSERT INTO shipment_events (event_id, shipment_id, position) VALUES (?, ?, ?)');
  eventIds.forEach((eventId, i) => st.run(eventId, row.id, i));
}

export function insertReceipt(db: Db, row: ReceiptRow): void {
  db.insert(shipmentReceipts).values(row).run();
}
