import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { registerPeriodRoutes } from '../periods/periods.routes.js';
import { registerReportRoutes } from '../reports/reports.routes.js';
import { registerKpiRoutes } from './kpis.routes.js';

/** Reporting: KPIs, the SASB figure and period locks, registered together. */
export function registerReportingRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps): void {
  registerKpiRoutes(router, registry, deps);
  registerReportRoutes(router, registry, deps);
  registerPeriodRoutes(router, registry, deps);
}
