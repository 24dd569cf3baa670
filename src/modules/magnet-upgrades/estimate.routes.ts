import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { ESTIMATE_EXAMPLES, EstimateBody, EstimateSchema } from './estimate-api.schemas.js';
import { estimateUpgrade } from './estimate.service.js';

export function registerEstimateRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/estimates/magnet-upgrade',
    tag: 'Magnet upgrades',
    summary: 'Estimate the emissions one magnet upgrade avoids, with a seeded Monte Carlo range; saves nothing',
    access: ['engineer', 'esg'],
    body: EstimateBody,
    bodyExamples: ESTIMATE_EXAMPLES,
    writes: false,
    responses: { 200: { description: 'The estimate', schema: EstimateSchema } },
    handler: ({ body }) => ok(estimateUpgrade(deps, body)),
  });
}
