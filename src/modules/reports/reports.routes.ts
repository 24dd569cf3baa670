import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { BoundaryParam, Year } from '../kpis/kpis.schemas.js';
import { DownstreamQuery, DownstreamSchema, IndicatorsSchema, SasbSchema } from './reports.schemas.js';
import { downstreamReport, indicatorsReport, sasbReport } from './reports.service.js';

export function registerReportRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/reports/sasb/hc-ms-410a-2',
    tag: 'Reporting',
    summary: 'SASB HC-MS-410a.2 for a year: products taken back and reused, recycled or donated, with its scope statement',
    access: 'any',
    query: z.strictObject({ year: Year.describe('The calendar year, e.g. 2024 (default scope: China left out).') }),
    responses: { 200: { description: 'The SASB figure', schema: SasbSchema } },
    handler: ({ query }) => ok(sasbReport(deps, query.year)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/reports/indicators',
    tag: 'Reporting',
    summary: 'WEEE-style rates and circularity shares of a year, each with its definition, and the share of intake mass that was measured',
    access: 'any',
    query: z.strictObject({ year: Year.describe('The calendar year, e.g. 2024 (default scope: China left out).'), boundary: BoundaryParam }),
    responses: { 200: { description: 'The indicators', schema: IndicatorsSchema } },
    handler: ({ query }) => ok(indicatorsReport(deps, query.year, query.boundary)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/reports/downstream',
    tag: 'Reporting',
    summary: 'Downstream chain of custody for a year: outgoing mass per vendor, certified on the day and receipted, in the KPI scope',
    access: 'any',
    query: DownstreamQuery,
    responses: { 200: { description: 'The downstream report', schema: DownstreamSchema } },
    handler: ({ query }) => ok(downstreamReport(deps, query.year, query.includeChina === 'true', query.boundary)),
  });
}
