import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Response, Router } from 'express';
import type { Deps } from '../../http/context.js';
import { decodeCursor, page, pageSchema } from '../../http/pagination.js';
import { addRoute, ok, created } from '../../http/route.js';
import { toUnitView } from './units.mapper.js';
import {
  CreateUnitBody,
  EventBody,
  EventSchema,
  ListUnitsQuery,
  type ListUnitsQueryT,
  UnitIdParams,
  UnitSchema,
  UnitWithEventsSchema,
} from './units.schemas.js';
import { appendEvent, createUnit, getUnitWithEvents, listUnitRows } from './units.service.js';

/** How GET /units?format=csv streams; the bulk module provides it (units does not depend on bulk). */
export type UnitsCsvExporter = (deps: Deps, query: ListUnitsQueryT, res: Response) => Promise<void>;
/** Key id → key name (the keys module provides it; units does not depend on keys). */
export type ActorNames = (keyIds: Iterable<string>) => Map<string, string>;

export function registerUnitRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps, exportCsv: UnitsCsvExporter, actorNames: ActorNames) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/units',
    tag: 'Units',
    summary: 'Receive a returned unit',
    access: ['operator'],
    body: CreateUnitBody,
    creates: true,
    responses: { 201: { description: 'The unit', schema: UnitSchema } },
    errors: ['unit.duplicate_serial', 'period.locked'],
    handler: ({ body, ctx }) => created(createUnit(deps, ctx, body)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/units',
    tag: 'Units',
    summary: 'List units, oldest first, with filters',
    access: 'any',
    query: ListUnitsQuery,
    responses: { 200: { description: 'A page of units; with format=csv, every matching unit as text/csv in the import format', schema: pageSchema(UnitSchema), csv: true } },
    errors: ['request.invalid_cursor'],
    handler: ({ query, res }) => {
      if (query.format === 'csv') return exportCsv(deps, query, res);
      const { items, nextCursor } = page(listUnitRows(deps, query, decodeCursor(query.cursor)), query.limit);
      return ok({ items: items.map((u) => toUnitView(u, deps.config.policyChinaExclusion)), nextCursor });
    },
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
    access: ['operator'],
    params: UnitIdParams,
    body: EventBody,
    creates: true,
    responses: { 201: { description: 'The event', schema: EventSchema } },
    errors: ['unit.not_found', 'period.locked', 'policy.china_exclusion', 'lifecycle.invalid_transition', 'mass.exceeds_intake'],
    handler: ({ params, body, ctx }) => created(appendEvent(deps, ctx, params.id, body)),
  });
}
