import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { kpiCsv } from './kpi-csv.js';
import { KpiQuery, KpiReportSchema } from './kpis.schemas.js';
import { getKpiReport } from './kpis.service.js';

export function registerKpiRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/kpis',
    tag: 'Reporting',
    summary: 'Circularity KPIs for a period, optionally grouped, as JSON or CSV',
    access: 'any',
    query: KpiQuery,
    responses: {
      200: { description: 'The KPIs; with format=csv, text/csv with one row per group (or one `total` row) under a header naming the fields', schema: KpiReportSchema, csv: true },
    },
    handler: ({ query, res }) => {
      const report = getKpiReport(deps, query);
      if (query.format === 'json') return ok(report);
      const name = `kpis_${report.scope.from}_${report.scope.to}${query.groupBy ? `_by-${query.groupBy}` : ''}.csv`;
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="${name}"`)
        .send(kpiCsv(report.totals, report.groups, query.groupBy !== undefined));
    },
  });
}
