import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { Year } from '../kpis/kpis.schemas.js';
import { SasbSchema } from './reports.schemas.js';
import { sasbReport } from './reports.service.js';

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
}
