/**
 * Shipments: loads of outgoing events handed to one vendor, and the vendor's weighed
 * receipt that confirms each. The ledger is read through a `LedgerCustody` handed in by
 * the composition root (modules/index.ts), so this module never imports the units module
 * (which asks this one, through its rules, whether an event was signed for).
 */
import { transaction } from '../../db/tx.js';
import { todayUtc } from '../../domain/dates.js';
import { DomainError, validationError, type FieldError } from '../../domain/errors.js';
import { isDisposal, type DisposalType } from '../../domain/lifecycle.js';
import { gramsToKg, kgToGrams } from '../../domain/mass.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { shipmentEventConflict } from '../../policies/index.js';
import { recordAudit } from '../audit/audit.repo.js';
import { vendorFacts } from '../vendors/vendors.service.js';
import * as repo from './shipments.repo.js';
import type { CreateShipmentInput, ListShipmentsQueryT, ReceiptInput, ShipmentView } from './shipments.schemas.js';

export type CustodyEvent = {
  id: string;
  unitId: string;
  type: string;
  occurredAt: string;
  massG: number | null;
  vendorCode: string | null;
  voided: boolean;
};
export type VendorEvent = CustodyEvent & { seq: number; serialNumber: string; model: string; material: string | null };

/** The ledger's events as the chain of custody reads them. */
export type LedgerCustody = {
  /** Events by id (unknown ids left out, order not kept). */
  events(ids: readonly string[]): CustodyEvent[];
  /** A vendor's events after `afterSeq` in recorded order (voided ones flagged). */
  vendorEvents(vendorCode: string, afterSeq: number, limit: number): VendorEvent[];
};

const notFound = (id: string) => new DomainError('shipment.not_found', `No shipment ${id}.`);
const actorOf = (ctx: RequestCtx) => ctx.actor?.keyId ?? 'system';

/** ratio rounded to 4 decimals, null when the whole is 0. */
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 10_000) / whole) / 10_000);

function toView(deps: Deps, ledger: LedgerCustody, s: repo.ShipmentWithReceipt, eventIds = repo.eventIdsOf(deps.db, s.id)): ShipmentView {
  let shippedG = 0;
  const voided = new Set<string>();
  for (const e of ledger.events(eventIds)) {
    if (e.voided) voided.add(e.id);
    else shippedG += e.massG ?? 0;
  }
  const voidedEventIds = eventIds.filter((id) => voided.has(id));
  const r = s.receipt;
  const varianceG = r ? r.receivedG - shippedG : null;
  return {
    id: s.id,
    vendorCode: s.vendorCode,
    vendorName: vendorFacts(deps, s.vendorCode)?.name ?? s.vendorCode,
    shippedAt: s.shippedAt,
    reference: s.reference,
    eventIds,
    voidedEventIds,
    shippedKg: gramsToKg(shippedG),
    receipt: r && {
      receivedAt: r.receivedAt,
      receivedKg: gramsToKg(r.receivedG),
      certificateRef: r.certificateRef,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy,
    },
    varianceKg: varianceG === null ? null : gramsToKg(varianceG),
    varianceShare: varianceG === null ? null : share(varianceG, shippedG),
    status: r ? 'receipted' : 'open',
    createdAt: s.createdAt,
    createdBy: s.createdBy,
  };
}

/**
 * A new shipment, in one transaction: invalid input first (an unknown vendor or event, a
 * date in the future or before an event it carries: 400), then every event that cannot
 * go in it, all listed (409 shipment.event_conflict).
 */
export function createShipment(deps: Deps, ctx: RequestCtx, ledger: LedgerCustody, input: CreateShipmentInput): ShipmentView {
  return transaction(deps.db, () => {
    const today = todayUtc(deps.clock);
    const errors: FieldError[] = [];
    if (!vendorFacts(deps, input.vendorCode)) errors.push({ path: 'vendorCode', message: `unknown vendor "${input.vendorCode}"` });
    if (input.shippedAt > today) errors.push({ path: 'shippedAt', message: `must not be in the future (today is ${today})` });
    const found = new Map(ledger.events(input.eventIds).map((e) => [e.id, e]));
    const events = input.eventIds.map((id, i) => {
      const e = found.get(id);
      if (!e) errors.push({ path: `eventIds[${i}]`, message: `no event "${id}"` });
      return e;
    });
    if (errors.length) throw validationError(errors);
    const carried = events as CustodyEvent[];
    const latest = carried.reduce((a, e) => (e.occurredAt > a.occurredAt ? e : a));
    if (input.shippedAt < latest.occurredAt) {
      throw validationError([{ path: 'shippedAt', message: `must not be before the latest event it carries (${latest.id} on ${latest.occurredAt})` }]);
    }

    const conflicts: (FieldError & { eventId: string })[] = [];
    const shipped = repo.shipmentsOfEvents(deps.db, input.eventIds);
    carried.forEach((e, i) => {
      const why = shipmentEventConflict(e, input.vendorCode, shipped.get(e.id)?.shipmentId);
      if (why) conflicts.push({ path: `eventIds[${i}]`, message: why, eventId: e.id });
    });
    if (conflicts.length) {
      throw new DomainError(
        'shipment.event_conflict',
        `${conflicts.length} of the ${carried.length} events cannot go in a shipment to ${input.vendorCode}: ${conflicts[0]!.message}${conflicts.length > 1 ? '; `errors` lists them all' : ''}. Nothing was stored.`,
        { errors: conflicts.map(({ path, message }) => ({ path, message })), extensions: { conflictingEventIds: conflicts.map((c) => c.eventId) } },
      );
    }

    const row = {
      id: deps.newId('shp'),
      vendorCode: input.vendorCode,
      shippedAt: input.shippedAt,
      reference: input.reference ?? null,
      createdAt: deps.clock.now().toISOString(),
      createdBy: actorOf(ctx),
    };
    repo.insertShipment(deps.db, row, input.eventIds);
    const view = toView(deps, ledger, { seq: 0, ...row, receipt: null }, input.eventIds);
    recordAudit(deps, ctx, {
      action: 'shipment.create',
      entityType: 'shipment',
      entityId: row.id,
      details: { vendorCode: row.vendorCode, shippedAt: row.shippedAt, events: input.eventIds.length, shippedKg: view.shippedKg },
    });
    return view;
  });
}

/** The vendor's weighed receipt, recorded once (409 shipment.already_receipted after that). */
export function recordReceipt(deps: Deps, ctx: RequestCtx, ledger: LedgerCustody, id: string, input: ReceiptInput): ShipmentView {
  return transaction(deps.db, () => {
    const s = repo.shipmentById(deps.db, id);
    if (!s) throw notFound(id);
    const today = todayUtc(deps.clock);
    if (input.receivedAt > today) throw validationError([{ path: 'receivedAt', message: `must not be in the future (today is ${today})` }]);
    if (input.receivedAt < s.shippedAt) throw validationError([{ path: 'receivedAt', message: `must not be before the shipment left (${s.shippedAt})` }]);
    if (s.receipt) {
      throw new DomainError(
        'shipment.already_receipted',
        `Shipment ${id} already has its receipt (${s.receipt.certificateRef}, ${gramsToKg(s.receipt.receivedG)} kg on ${s.receipt.receivedAt}); a receipt is recorded once.`,
        { extensions: { shipmentId: id } },
      );
    }
    const receipt = {
      shipmentId: id,
      receivedAt: input.receivedAt,
      receivedG: kgToGrams(input.receivedKg)!,
      certificateRef: input.certificateRef,
      recordedAt: deps.clock.now().toISOString(),
      recordedBy: actorOf(ctx),
    };
    repo.insertReceipt(deps.db, receipt);
    const view = toView(deps, ledger, { ...s, receipt });
    recordAudit(deps, ctx, {
      action: 'shipment.receipt',
      entityType: 'shipment',
      entityId: id,
      details: { receivedAt: input.receivedAt, receivedKg: input.receivedKg, certificateRef: input.certificateRef, varianceKg: view.varianceKg },
    });
    return view;
  });
}

export function getShipment(deps: Deps, ledger: LedgerCustody, id: string): ShipmentView {
  const s = repo.shipmentById(deps.db, id);
  if (!s) throw notFound(id);
  return toView(deps, ledger, s);
}

export function listShipments(deps: Deps, ledger: LedgerCustody, q: ListShipmentsQueryT) {
  const rows = repo.shipmentsPage(deps.db, { ...q, afterSeq: decodeCursor(q.cursor) });
  const items = rows.slice(0, q.limit);
  return {
    items: items.map((s) => toView(deps, ledger, s)),
    nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]!.seq) : null,
  };
}

const BATCH = 1000;

/**
 * A vendor's events that can still be shipped (outgoing, not voided, in no shipment), in
 * recorded order, a page at a time: what an operator picks a shipment from.
 */
export function unshippedEvents(deps: Deps, ledger: LedgerCustody, vendorCode: string, q: { limit: number; cursor?: string }) {
  if (!vendorFacts(deps, vendorCode)) throw new DomainError('vendor.not_found', `No vendor ${vendorCode}.`);
  const found: VendorEvent[] = [];
  let after = decodeCursor(q.cursor);
  for (;;) {
    const batch = ledger.vendorEvents(vendorCode, after, BATCH);
    const shipped = repo.shipmentsOfEvents(deps.db, batch.map((e) => e.id));
    for (const e of batch) {
      if (!e.voided && isDisposal(e.type) && !shipped.has(e.id)) found.push(e);
      if (found.length > q.limit) break;
    }
    if (found.length > q.limit || batch.length < BATCH) break;
    after = batch[batch.length - 1]!.seq;
  }
  const items = found.slice(0, q.limit);
  return {
    items: items.map((e) => ({
      eventId: e.id,
      unitId: e.unitId,
      serialNumber: e.serialNumber,
      model: e.model,
      type: e.type as DisposalType,
      occurredAt: e.occurredAt,
      massKg: gramsToKg(e.massG ?? 0),
      material: e.material,
    })),
    nextCursor: found.length > q.limit ? encodeCursor(items[items.length - 1]!.seq) : null,
  };
}

/** The receipted shipment an event is in, if any: the fact the void rule asks for. */
export function receiptedShipmentOf(deps: Deps, eventId: string): string | undefined {
  const s = repo.shipmentOfEvent(deps.db, eventId);
  return s?.receipted ? s.shipmentId : undefined;
}

/** Shipment and receipt state of many events, for reports: event id → its shipment (events in none left out). */
export const shipmentsOfEvents = (deps: Deps, eventIds: readonly string[]) => repo.shipmentsOfEvents(deps.db, eventIds);
