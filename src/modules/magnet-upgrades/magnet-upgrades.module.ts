import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { registerEstimateRoutes } from './estimate.routes.js';
import { registerFactorSetRoutes } from './factor-sets.routes.js';
import { registerMagnetUpgradeRoutes } from './magnet-upgrades.routes.js';

/** The module's one entry point (its default factor set is seeded by src/seed.ts). */
export function registerMagnetUpgradeModule(router: Router, registry: OpenAPIRegistry, deps: Deps): void {
  registerFactorSetRoutes(router, registry, deps);
  registerEstimateRoutes(router, registry, deps);
  registerMagnetUpgradeRoutes(router, registry, deps);
}
