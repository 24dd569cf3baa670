/**
 * Chain of custody: once a vendor's weighed receipt (certificate of recycling) confirms
 * a shipment, the events it carries are evidence that an outside party signed for, so
 * they can no longer be voided (shipment.receipted). Events of an open shipment can.
 */
import { DOWNSTREAM_TYPES, isDownstream } from '../domain/outflows.js';
import type { RuleError } from './rule.js';

export function receiptedShipmentRefusal(eventId: string, receiptedShipmentId: string | undefined): RuleError | null {
  if (receiptedShipmentId === undefined) return null;
  return {
    code: 'shipment.receipted',
    column: 'eventId',
    message: `Event ${eventId} is in shipment ${receiptedShipmentId}, whose weighed receipt is recorded; its events can no longer be voided. Record any correction as a new event.`,
    extensions: { shipmentId: receiptedShipmentId },
  };
}

/** What a shipment needs to know of an event it is asked to carry. */
export type ShippableEvent = { id: string; type: string; vendorCode: string | null; voided: boolean };

/**
 * Why an event cannot go in a shipment to `vendorCode` (shipment.event_conflict), or
 * null: a shipment carries downstream outflow events (recycled, landfilled, ...: the
 * outflow list's) that name that vendor, still count (not voided) and are in no other shipment.
 */
export function shipmentEventConflict(e: ShippableEvent, vendorCode: string, inShipment: string | undefined): string | null {
  if (!isDownstream(e.type)) return `${e.id} is a "${e.type}" event; a shipment carries ${DOWNSTREAM_TYPES.join(', ')} events`;
  if (e.vendorCode === null) return `${e.id} names no vendor; only events that name ${vendorCode} can be shipped to it`;
  if (e.vendorCode !== vendorCode) return `${e.id} names vendor ${e.vendorCode}, not ${vendorCode}`;
  if (e.voided) return `${e.id} is voided, so its mass no longer counts`;
  if (inShipment !== undefined) return `${e.id} is already in shipment ${inShipment}`;
  return null;
}
