import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { Year } from '../kpis/kpis.schemas.js';
import { DownstreamQuery, DownstreamSchema, SasbSchema } from './reports.schemas.js';
import { downstreamReport, sasbReport } from './reports.service.js';

export function registerReportRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/reports/sasb/hc-ms-410a-2',
    tag: 'Reporting',
    summary: 'SASB HC-MS-410a.2 for a year: products taken back and reused, recycled or donated, with its scope statement',
    access: 'any',
    query: z.strictObject({ year: Year }),
    responses: { 200: { description: 'The SASB figure', schema: SasbSchema } },
    handler: ({ query }) => ok(sasbReport(deps, query.year)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/reports/downstream',
    tag: 'Reporting',
    summary: 'Downstream chain of custody for a year: outgoing mass per vendor, certified on the day and receipted, in the KPI scope',
    access: 'any',
    query: DownstreamQuery,
    responses: { 200: { description: 'The downstream report', schema: DownstreamSchema } },
    handler: ({ query }) => ok(downstreamReport(deps, query.year, query.includeChina === 'true')),
  });
}
