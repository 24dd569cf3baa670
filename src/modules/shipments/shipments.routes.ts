import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { pageSchema } from '../../http/pagination.js';
import { addRoute, created, ok } from '../../http/route.js';
import { VendorCodeParams } from '../vendors/vendors.schemas.js';
import {
  CREATE_SHIPMENT_EXAMPLES,
  CreateShipmentBody,
  ListShipmentsQuery,
  RECEIPT_EXAMPLES,
  ReceiptBody,
  ShipmentIdParams,
  ShipmentSchema,
  UnshippedEventSchema,
  UnshippedQuery,
} from './shipments.schemas.js';
import { createShipment, getShipment, listShipments, recordReceipt, unshippedEvents, type LedgerCustody } from './shipments.service.js';

export function registerShipmentRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps, ledger: LedgerCustody) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/shipments',
    tag: 'Downstream',
    summary: 'Ship outgoing events to one vendor',
    access: ['operator'],
    body: CreateShipmentBody,
    bodyExamples: CREATE_SHIPMENT_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The shipment, open until its receipt is recorded', schema: ShipmentSchema } },
    errors: ['shipment.event_conflict'],
    handler: ({ body, ctx }) => created(createShipment(deps, ctx, ledger, body)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/shipments',
    tag: 'Downstream',
    summary: 'List shipments, newest first, by vendor and status',
    access: 'any',
    query: ListShipmentsQuery,
    responses: { 200: { description: 'A page of shipments', schema: pageSchema(ShipmentSchema) } },
    errors: ['request.invalid_cursor'],
    handler: ({ query }) => ok(listShipments(deps, ledger, query)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/shipments/:id',
    tag: 'Downstream',
    summary: 'A shipment: its events, shipped mass, receipt and variance',
    access: 'any',
    params: ShipmentIdParams,
    responses: { 200: { description: 'The shipment', schema: ShipmentSchema } },
    errors: ['shipment.not_found'],
    handler: ({ params }) => ok(getShipment(deps, ledger, params.id)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/shipments/:id/receipt',
    tag: 'Downstream',
    summary: 'Record the vendor’s weighed receipt (certificate of recycling), once',
    access: ['operator'],
    params: ShipmentIdParams,
    body: ReceiptBody,
    bodyExamples: RECEIPT_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The shipment, now receipted, with its variance', schema: ShipmentSchema } },
    errors: ['shipment.not_found', 'shipment.already_receipted'],
    handler: ({ params, body, ctx }) => created(recordReceipt(deps, ctx, ledger, params.id, body)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/vendors/:code/unshipped-events',
    tag: 'Downstream',
    summary: 'A vendor’s events that can still be shipped (outgoing, not voided, in no shipment), oldest first',
    access: 'any',
    params: VendorCodeParams,
    query: UnshippedQuery,
    responses: { 200: { description: 'A page of events', schema: pageSchema(UnshippedEventSchema) } },
    errors: ['vendor.not_found', 'request.invalid_cursor'],
    handler: ({ params, query }) => ok(unshippedEvents(deps, ledger, params.code, query)),
  });
}
