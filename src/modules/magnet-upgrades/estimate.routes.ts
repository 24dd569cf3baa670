import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { ESTIMATE_EXAMPLES, EstimateBody, EstimateSchema, SENSITIVITY_EXAMPLES, SensitivitySchema } from './estimate-api.schemas.js';
import { estimateSensitivity, estimateUpgrade } from './estimate.service.js';
import { assertFiniteFigures } from './finite.js';

export function registerEstimateRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/estimates/magnet-upgrade',
    tag: 'Magnet upgrades',
    summary: 'Estimate the emissions one magnet upgrade avoids, with its method and a seeded Monte Carlo range; saves nothing',
    access: ['engineer', 'esg'],
    body: EstimateBody,
    bodyExamples: ESTIMATE_EXAMPLES,
    writes: false,
    // A run of 20,000+ iterations goes to a worker thread; one that dies is 503 (retry).
    errors: ['service.unavailable'],
    spends: (body) => body.iterations,
    responses: { 200: { description: 'The estimate', schema: EstimateSchema } },
    handler: async ({ body }) => ok(assertFiniteFigures(await estimateUpgrade(deps, body), 'the estimate')),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/estimates/magnet-upgrade/sensitivity',
    tag: 'Magnet upgrades',
    summary: 'What drives an estimate: one-at-a-time tornado and Spearman contributions to variance, seeded; saves nothing',
    access: ['engineer', 'esg'],
    body: EstimateBody,
    bodyExamples: SENSITIVITY_EXAMPLES,
    writes: false,
    errors: ['service.unavailable'],
    spends: (body) => body.iterations,
    responses: { 200: { description: 'The sensitivity of the estimate', schema: SensitivitySchema } },
    handler: async ({ body }) => ok(assertFiniteFigures(await estimateSensitivity(deps, body), 'the sensitivity')),
  });
}
