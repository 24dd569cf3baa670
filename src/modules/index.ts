import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../http/context.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { registerImportRoutes } from './imports/imports.routes.js';
import { registerKeyRoutes } from './keys/keys.routes.js';
import { registerReportingRoutes } from './kpis/index.js';
import { registerMagnetUpgradeModule } from './magnet-upgrades/magnet-upgrades.module.js';
import { registerSiteRoutes } from './sites/sites.routes.js';
import { registerUnitRoutes } from './units/units.routes.js';

/** Every module's routes, in the order they appear in the OpenAPI document. */
export function registerModules(router: Router, registry: OpenAPIRegistry, deps: Deps): void {
  registerHealthRoutes(router, registry, deps);
  registerKeyRoutes(router, registry, deps);
  registerSiteRoutes(router, registry, deps);
  registerUnitRoutes(router, registry, deps);
  registerImportRoutes(router, registry, deps);
  registerMagnetUpgradeModule(router, registry, deps);
  registerAuditRoutes(router, registry, deps);
  registerReportingRoutes(router, registry, deps);
}
