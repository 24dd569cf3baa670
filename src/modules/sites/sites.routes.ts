import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { code, CountryCode, name } from '../../domain/common.schemas.js';
import { REGIONS } from '../../domain/regions.js';
import type { Deps } from '../../http/context.js';
import { addRoute, ok, created, type BodyExamples } from '../../http/route.js';
import { createSite, listSites } from './sites.service.js';

export const SiteSchema = z
  .object({ code: z.string(), name: z.string(), country: z.string(), region: z.enum(REGIONS), createdAt: z.string() })
  .meta({ id: 'Site' });
export const CreateSiteBody = z
  .strictObject({
    code: code().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'must be 2–20 capitals, digits or dashes, e.g. "US-ROC"'),
    name: name(100),
    country: CountryCode,
  })
  .meta({ id: 'CreateSite' });

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const CREATE_SITE_EXAMPLES: BodyExamples = {
  latam: { summary: 'A Latin American refurbishment centre', value: { code: 'BR-RC', name: 'São Paulo refurbishment centre', country: 'BR' } },
};

export function registerSiteRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/sites',
    tag: 'Sites',
    summary: 'List sites',
    access: 'any',
    responses: { 200: { description: 'All sites', schema: z.object({ items: z.array(SiteSchema), nextCursor: z.null() }) } },
    handler: () => ok({ items: listSites(deps), nextCursor: null }),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/sites',
    tag: 'Sites',
    summary: 'Create a site',
    access: ['admin'],
    body: CreateSiteBody,
    bodyExamples: CREATE_SITE_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The site', schema: SiteSchema } },
    errors: ['site.duplicate'],
    handler: ({ body, ctx }) => created(createSite(deps, ctx, body)),
  });
}
