import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { decodeCursor, page, pageSchema } from '../../http/pagination.js';
import { addRoute, ok } from '../../http/route.js';
import {
  ListPeriodsQuery,
  LOCK_EXAMPLES,
  LockBody,
  PeriodSchema,
  SetBoundaryBody,
  BOUNDARY_EXAMPLES,
  SetBoundaryResultSchema,
  PeriodSummarySchema,
  UNLOCK_EXAMPLES,
  UnlockBody,
  UnlockSchema,
  VersionSchema,
  YearParams,
} from './periods.schemas.js';
import { getPeriod, listPeriods, lockYear, setBoundary, unlockYear } from './periods.service.js';

export function registerPeriodRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/periods',
    tag: 'Reporting',
    summary: 'Years with figures or a lock, oldest first, with their lock state',
    access: 'any',
    query: ListPeriodsQuery,
    responses: { 200: { description: 'A page of years', schema: pageSchema(PeriodSummarySchema) } },
    errors: ['request.invalid_cursor'],
    handler: ({ query }) => {
      const after = decodeCursor(query.cursor);
      const rows = listPeriods(deps)
        .filter((p) => p.year > after)
        .map((p) => ({ ...p, seq: p.year }));
      const { items, nextCursor } = page(rows, query.limit);
      return ok({ items: items.map(({ seq: _s, ...p }) => p), nextCursor });
    },
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/periods/:year',
    tag: 'Reporting',
    summary: 'A year: lock state, every published version, the figures now and how they differ from the latest version',
    access: 'any',
    params: YearParams,
    responses: { 200: { description: 'The period', schema: PeriodSchema } },
    handler: ({ params }) => ok(getPeriod(deps, params.year)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/periods/:year/lock',
    tag: 'Reporting',
    summary: 'Lock a year and publish its figures as the next version',
    access: ['esg'],
    params: YearParams,
    body: LockBody,
    bodyExamples: LOCK_EXAMPLES,
    creates: true,
    responses: { 200: { description: 'The published version', schema: VersionSchema } },
    errors: ['period.already_locked'],
    handler: ({ params, body, ctx }) => ok(lockYear(deps, ctx, params.year, body.note)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/periods/:year/boundary',
    tag: 'Reporting',
    summary: 'Set the year’s reporting boundary (which categories, from which regions, its figures cover); replaces the one in force, which stays in history',
    access: ['esg'],
    params: YearParams,
    body: SetBoundaryBody,
    bodyExamples: BOUNDARY_EXAMPLES,
    creates: true,
    responses: { 200: { description: 'The boundary now in force, and the one it replaced', schema: SetBoundaryResultSchema } },
    errors: ['period.locked'],
    handler: ({ params, body, ctx }) => ok(setBoundary(deps, ctx, params.year, body)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/periods/:year/unlock',
    tag: 'Reporting',
    summary: 'Reopen a locked year (the reason is kept)',
    access: ['admin'],
    params: YearParams,
    body: UnlockBody,
    bodyExamples: UNLOCK_EXAMPLES,
    creates: true,
    responses: { 200: { description: 'The year is open again', schema: UnlockSchema } },
    errors: ['period.not_locked'],
    handler: ({ params, body, ctx }) => ok(unlockYear(deps, ctx, params.year, body.reason)),
  });
}
