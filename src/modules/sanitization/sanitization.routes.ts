import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { UnitIdParams } from '../units/units.schemas.js';
import { SanitizationCertificateSchema, SanitizationReportQuery, SanitizationReportSchema } from './sanitization.schemas.js';
import { sanitizationCertificate, sanitizationReport, type ActorNames } from './sanitization.service.js';

export function registerSanitizationRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps, actorNames: ActorNames) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/units/:id/sanitization',
    tag: 'Patient data',
    summary: 'A unit’s certificate of sanitization: its status and every standing data_sanitized record',
    access: 'any',
    params: UnitIdParams,
    responses: { 200: { description: 'The certificate', schema: SanitizationCertificateSchema } },
    errors: ['unit.not_found'],
    handler: ({ params }) => ok(sanitizationCertificate(deps, params.id, actorNames)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/reports/sanitization',
    tag: 'Patient data',
    summary: 'The sanitization audit: data-bearing units that left custody in a date range, with and without a record',
    access: 'any',
    query: SanitizationReportQuery,
    responses: { 200: { description: 'The audit', schema: SanitizationReportSchema } },
    handler: ({ query }) => ok(sanitizationReport(deps, query.from, query.to)),
  });
}
