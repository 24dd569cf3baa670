import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../http/context.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerEvidenceRoutes } from './evidence/evidence.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { exportUnitsCsv } from './imports/csv-export.js';
import { registerImportRoutes } from './imports/imports.routes.js';
import { registerKeyRoutes } from './keys/keys.routes.js';
import { keyNames } from './keys/keys.service.js';
import { registerKpiRoutes } from './kpis/kpis.routes.js';
import { registerMagnetUpgradeModule } from './magnet-upgrades/magnet-upgrades.module.js';
import { registerPeriodRoutes } from './periods/periods.routes.js';
import { registerReportRoutes } from './reports/reports.routes.js';
import { registerSanitizationRoutes } from './sanitization/sanitization.routes.js';
import { registerShipmentRoutes } from './shipments/shipments.routes.js';
import { registerSiteRoutes } from './sites/sites.routes.js';
import { registerUnitRoutes } from './units/units.routes.js';
import { custodyReader } from './units/units.service.js';
import { registerVendorRoutes } from './vendors/vendors.routes.js';

/**
 * The composition root of the modules: every module's routes, in the order they appear
 * in the OpenAPI document. Where one module serves another's data (the units CSV
 * export lives with the bulk formats; key names for a unit's timeline come from keys), it is wired here, so modules do not import each
 * other in cycles.
 */
export function registerModules(router: Router, registry: OpenAPIRegistry, deps: Deps): void {
  registerHealthRoutes(router, registry, deps);
  registerKeyRoutes(router, registry, deps);
  registerSiteRoutes(router, registry, deps);
  registerUnitRoutes(router, registry, deps, exportUnitsCsv, () => keyNames(deps));
  registerImportRoutes(router, registry, deps);
  registerVendorRoutes(router, registry, deps);
  // Shipments read the ledger's events without importing the units module (whose void
  // rule asks the shipments module whether an event was signed for).
  registerShipmentRoutes(router, registry, deps, custodyReader(deps));
  registerMagnetUpgradeModule(router, registry, deps);
  registerAuditRoutes(router, registry, deps);
  registerKpiRoutes(router, registry, deps);
  registerReportRoutes(router, registry, deps);
  registerSanitizationRoutes(router, registry, deps, () => keyNames(deps));
  registerPeriodRoutes(router, registry, deps);
  registerEvidenceRoutes(router, registry, deps);
}
