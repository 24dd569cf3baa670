import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { registerEstimateRoutes } from './estimate.routes.js';
import { registerFactorSetRoutes } from './factor-sets.routes.js';
import { ensureDefaultFactorSet } from './factor-sets.service.js';
import { registerMagnetUpgradeRoutes } from './magnet-upgrades.routes.js';

/**
 * The module's one entry point. It seeds the default factor set too: createApp
 * is what every process runs (the server and each test's in-memory database), so
 * no database can serve estimates without it. Seeding is idempotent.
 */
export function registerMagnetUpgradeModule(router: Router, registry: OpenAPIRegistry, deps: Deps): void {
  ensureDefaultFactorSet(deps);
  registerFactorSetRoutes(router, registry, deps);
  registerEstimateRoutes(router, registry, deps);
  registerMagnetUpgradeRoutes(router, registry, deps);
}
