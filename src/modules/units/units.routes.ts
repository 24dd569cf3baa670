import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Response, Router } from 'express';
import type { Deps } from '../../http/context.js';
import { pageByKey, pageSchema } from '../../http/pagination.js';
import { addRoute, ok, created } from '../../http/route.js';
import { lifecycleDescription } from './lifecycle-doc.js';
import {
  CREATE_UNIT_EXAMPLES,
  CreateUnitBody,
  EVENT_EXAMPLES,
  EventBody,
  EventSchema,
  ListUnitsQuery,
  type ListUnitsQueryT,
  UnitIdParams,
  UnitSchema,
  UnitWithEventsSchema,
  UnitsSummarySchema,
} from './units.schemas.js';
import { appendEvent, createUnit, getUnitWithEvents, listUnitRows, unitListKey, unitListStart, unitsSummary, unitView } from './units.service.js';

/** How GET /units?format=csv streams; the bulk module provides it (units does not depend on bulk). */
export type UnitsCsvExporter = (deps: Deps, query: ListUnitsQueryT, res: Response) => Promise<void>;
/** Key id → key name, every key (the keys module provides it; units does not depend on keys). */
export type ActorNames = () => ReadonlyMap<string, string>;

export function registerUnitRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps, exportCsv: UnitsCsvExporter, actorNames: ActorNames) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/units',
    tag: 'Units',
    summary: 'Receive a returned unit',
    access: ['operator'],
    body: CreateUnitBody,
    bodyExamples: CREATE_UNIT_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The unit', schema: UnitSchema } },
    errors: ['unit.duplicate_serial', 'period.locked'],
    handler: ({ body, ctx }) => created(createUnit(deps, ctx, body)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/units',
    tag: 'Units',
    summary: 'List units, newest first (by receivedAt, then id), with filters',
    access: 'any',
    query: ListUnitsQuery,
    responses: { 200: { description: 'A page of units; with format=csv, every matching unit as text/csv in the import format', schema: pageSchema(UnitSchema), csv: true } },
    errors: ['request.invalid_cursor'],
    handler: ({ query, res }) => {
      if (query.format === 'csv') return exportCsv(deps, query, res);
      const { items, nextCursor } = pageByKey(listUnitRows(deps, query, unitListStart(query.cursor)), query.limit, unitListKey);
      return ok({ items: items.map((u) => unitView(deps, u)), nextCursor });
    },
  });
  // Before /units/:id, which would otherwise take "summary" for an id.
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/units/summary',
    tag: 'Units',
    summary: 'Every unit (China included) and the mass it still holds, by lifecycle state and by site',
    access: 'any',
    responses: { 200: { description: 'Counts and remaining mass per state, overall and per site', schema: UnitsSummarySchema } },
    handler: () => ok(unitsSummary(deps)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/units/:id',
    tag: 'Units',
    summary: 'A unit with its mass balance and whole timeline',
    access: 'any',
    params: UnitIdParams,
    responses: { 200: { description: 'The unit and its events', schema: UnitWithEventsSchema } },
    errors: ['unit.not_found'],
    handler: ({ params }) => ok(getUnitWithEvents(deps, params.id, actorNames)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/units/:id/events',
    tag: 'Units',
    summary: 'Append a lifecycle event',
    description: lifecycleDescription(),
    access: ['operator'],
    params: UnitIdParams,
    body: EventBody,
    bodyExamples: EVENT_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The event', schema: EventSchema } },
    // In the contract's precedence; a void adds shipment.receipted (an event a vendor signed for stays).
    errors: [
      'unit.not_found',
      'period.locked',
      'policy.china_exclusion',
      'lifecycle.invalid_transition',
      'compliance.sanitization_required',
      'vendor.kind_mismatch',
      'vendor.certification_expired',
      'shipment.receipted',
      'mass.exceeds_intake',
    ],
    handler: ({ params, body, ctx }) => created(appendEvent(deps, ctx, params.id, body)),
  });
}
