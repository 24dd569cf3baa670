import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { decodeCursor, page, pageSchema } from '../../http/pagination.js';
import { addRoute, ok, created } from '../../http/route.js';
import {
  CREATE_MAGNET_UPGRADE_EXAMPLES,
  CreateMagnetUpgradeBody,
  RECALCULATE_EXAMPLES,
  ListMagnetUpgradesQuery,
  MagnetUpgradeDetailSchema,
  MagnetUpgradeIdParams,
  MagnetUpgradeSchema,
  RecalculateBody,
  RecalculationSchema,
} from './magnet-upgrades.schemas.js';
import { createMagnetUpgrade, getMagnetUpgrade, listMagnetUpgrades } from './magnet-upgrades.service.js';
import { recalculate } from './recalculate.service.js';
import { assertFiniteFigures } from './finite.js';

export function registerMagnetUpgradeRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/magnet-upgrades',
    tag: 'Magnet upgrades',
    summary: 'Record a completed magnet upgrade with its avoided emissions and the factor set used',
    access: ['engineer', 'operator'],
    body: CreateMagnetUpgradeBody,
    bodyExamples: CREATE_MAGNET_UPGRADE_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The upgrade', schema: MagnetUpgradeDetailSchema } },
    errors: ['period.locked', 'magnet_upgrade.duplicate'],
    handler: ({ body, ctx }) => created(createMagnetUpgrade(deps, ctx, body)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/magnet-upgrades',
    tag: 'Magnet upgrades',
    summary: 'List magnet upgrades, oldest recorded first, with their figures',
    access: 'any',
    query: ListMagnetUpgradesQuery,
    responses: { 200: { description: 'A page of upgrades', schema: pageSchema(MagnetUpgradeSchema) } },
    errors: ['request.invalid_cursor'],
    handler: ({ query }) => {
      const { items, nextCursor } = page(listMagnetUpgrades(deps, query, decodeCursor(query.cursor)), query.limit);
      return ok({ items: items.map((i) => i.view), nextCursor });
    },
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/magnet-upgrades/:id',
    tag: 'Magnet upgrades',
    summary: 'A magnet upgrade with every figure computed for it',
    access: 'any',
    params: MagnetUpgradeIdParams,
    responses: { 200: { description: 'The upgrade', schema: MagnetUpgradeDetailSchema } },
    errors: ['magnet_upgrade.not_found'],
    handler: ({ params }) => ok(getMagnetUpgrade(deps, params.id)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/magnet-upgrades/recalculate',
    tag: 'Magnet upgrades',
    summary: 'Before and after with another factor set; with apply, record the new figures beside the old',
    access: ['engineer'],
    body: RecalculateBody,
    bodyExamples: RECALCULATE_EXAMPLES,
    creates: true,
    responses: { 200: { description: 'Per upgrade and in total, before and after', schema: RecalculationSchema } },
    errors: ['period.locked'],
    handler: ({ body, ctx }) => ok(assertFiniteFigures(recalculate(deps, ctx, body), 'the recalculated figures')),
  });
}
