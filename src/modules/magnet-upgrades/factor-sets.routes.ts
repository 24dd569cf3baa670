import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { decodeCursor, page, pageSchema } from '../../http/pagination.js';
import { addRoute, ok, created } from '../../http/route.js';
import { CREATE_FACTOR_SET_EXAMPLES, CreateFactorSetBody, FactorSetIdParams, FactorSetSchema, ListFactorSetsQuery } from './factor-set-api.schemas.js';
import { createFactorSet, getFactorSet, listFactorSets } from './factor-sets.service.js';

// Sets are immutable: there is deliberately no PUT, PATCH or DELETE. A change is a
// new set naming the one it `supersedes`, so every stored figure keeps pointing at
// the exact numbers that produced it.
export function registerFactorSetRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/factor-sets',
    tag: 'Magnet upgrades',
    summary: 'List factor sets in creation order, oldest (the seeded default) first',
    access: 'any',
    query: ListFactorSetsQuery,
    responses: { 200: { description: 'A page of factor sets', schema: pageSchema(FactorSetSchema) } },
    errors: ['request.invalid_cursor'],
    handler: ({ query }) => {
      const { items, nextCursor } = page(listFactorSets(deps, decodeCursor(query.cursor), query.limit), query.limit);
      return ok({ items: items.map((i) => i.view), nextCursor });
    },
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/factor-sets/:id',
    tag: 'Magnet upgrades',
    summary: 'A factor set with every factor, its range, unit, basis and source',
    access: 'any',
    params: FactorSetIdParams,
    responses: { 200: { description: 'The factor set', schema: FactorSetSchema } },
    errors: ['factor_set.not_found'],
    handler: ({ params }) => ok(getFactorSet(deps, params.id)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/factor-sets',
    tag: 'Magnet upgrades',
    summary: 'Create a factor set (immutable once created; name the set it supersedes)',
    access: ['engineer'],
    body: CreateFactorSetBody,
    bodyExamples: CREATE_FACTOR_SET_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The factor set', schema: FactorSetSchema } },
    errors: ['factor_set.duplicate'],
    handler: ({ body, ctx }) => created(createFactorSet(deps, ctx, body)),
  });
}
