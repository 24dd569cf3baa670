import { z } from 'zod';
import { DateString, identifier, reference, VendorCode } from '../../domain/common.schemas.js';
import { kgToGrams } from '../../domain/mass.js';
import { DOWNSTREAM_TYPES } from '../../domain/outflows.js';
import { pageQuery } from '../../http/pagination.js';
import type { BodyExamples } from '../../http/route.js';

/** The heaviest receipt one shipment may carry: 10,000 t (a year of a large recycler's loads). */
export const MAX_SHIPMENT_KG = 10_000_000;
export const MAX_SHIPMENT_EVENTS = 5_000;

const EventId = identifier(100);

export const CreateShipmentBody = z
  .strictObject({
    vendorCode: VendorCode,
    shippedAt: DateString.describe('The day the load left our custody; not in the future, not before any event it carries.'),
    eventIds: z
      .array(EventId)
      .min(1, 'must name at least one event')
      .max(MAX_SHIPMENT_EVENTS, `must name at most ${MAX_SHIPMENT_EVENTS} events`)
      .superRefine((ids, ctx) => {
        const seen = new Map<string, number>();
        ids.forEach((id, i) => {
          if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `repeats eventIds[${seen.get(id)}]` });
          else seen.set(id, i);
        });
      })
      .describe(`Downstream outflow events (${DOWNSTREAM_TYPES.join(', ')}) that name this vendor, are not voided and are in no other shipment.`),
    reference: reference(100).optional().describe('Waybill or bill of lading number, if any.'),
  })
  .meta({ id: 'CreateShipment' });
export type CreateShipmentInput = z.infer<typeof CreateShipmentBody>;

export const ReceiptBody = z
  .strictObject({
    receivedAt: DateString.describe('The day the vendor weighed the load in; not in the future, not before shippedAt.'),
    receivedKg: z
      .number()
      .min(0.001, 'must be at least 0.001 kg')
      .max(MAX_SHIPMENT_KG, `must be at most ${MAX_SHIPMENT_KG.toLocaleString('en-US')} kg`)
      .refine((kg) => kgToGrams(kg) !== null, 'must have at most three decimals (whole grams)')
      .describe('What the vendor’s weighbridge recorded, kg (up to three decimals).'),
    certificateRef: reference(200).describe('The vendor’s certificate of recycling (or of receipt).'),
  })
  .meta({ id: 'ShipmentReceipt' });
export type ReceiptInput = z.infer<typeof ReceiptBody>;

export const ReceiptSchema = z.object({
  receivedAt: z.string(),
  receivedKg: z.number(),
  certificateRef: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});

export const ShipmentSchema = z
  .object({
    id: z.string(),
    vendorCode: z.string(),
    vendorName: z.string(),
    shippedAt: z.string(),
    reference: z.string().nullable(),
    eventIds: z.array(z.string()).describe('The events the shipment was made with, in the order given.'),
    voidedEventIds: z.array(z.string()).describe('Those of eventIds voided since (possible only while the shipment is open); they no longer count.'),
    shippedKg: z.number().describe('The mass of its events that still count (not voided).'),
    receipt: ReceiptSchema.nullable(),
    varianceKg: z.number().nullable().describe('receivedKg − shippedKg (negative: the vendor weighed less); null while open.'),
    varianceShare: z.number().nullable().describe('varianceKg / shippedKg rounded to 4 decimals; null while open or when nothing counts.'),
    status: z.enum(['open', 'receipted']),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Shipment' });
export type ShipmentView = z.infer<typeof ShipmentSchema>;

export const ListShipmentsQuery = z.strictObject({
  ...pageQuery,
  order: z.enum(['desc', 'asc']).default('desc').describe('desc (default): newest first; asc: oldest first.'),
  vendorCode: identifier(40).optional().describe('Only shipments to this vendor (its code, e.g. GLMR-US).'),
  status: z.enum(['open', 'receipted']).optional().describe('open: no receipt recorded yet; receipted: the vendor’s weighed receipt is in.'),
});
export type ListShipmentsQueryT = z.infer<typeof ListShipmentsQuery>;

export const ShipmentIdParams = z.strictObject({ id: identifier(100) });

export const UnshippedQuery = z.strictObject({ ...pageQuery });

export const UnshippedEventSchema = z.object({
  eventId: z.string(),
  unitId: z.string(),
  serialNumber: z.string(),
  model: z.string(),
  type: z.enum(DOWNSTREAM_TYPES),
  occurredAt: z.string(),
  massKg: z.number(),
  material: z.string().nullable(),
});

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const CREATE_SHIPMENT_EXAMPLES: BodyExamples = {
  truckload: {
    summary: 'One truckload of recycled streams to a vendor (event ids from GET /vendors/{code}/unshipped-events)',
    value: {
      vendorCode: 'GLMR-US',
      shippedAt: '2024-03-22',
      eventIds: ['evt_4fK9qTz2LmW8xR1c', 'evt_Hb7Ne0sVy3Pa6DjU', 'evt_c2QwX5tR9kLm1ZpA'],
      reference: 'BOL-558120',
    },
  },
};
export const RECEIPT_EXAMPLES: BodyExamples = {
  weighed: {
    summary: 'The vendor’s weighbridge ticket and certificate of recycling',
    value: { receivedAt: '2024-03-25', receivedKg: 2318.4, certificateRef: 'GLMR-COR-2024-03311' },
  },
};
