import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { identifier } from '../../domain/common.schemas.js';
import type { Deps } from '../../http/context.js';
import { decodeCursor, page, pageQuery, pageSchema } from '../../http/pagination.js';
import { addRoute, ok } from '../../http/route.js';
import { auditEntryFor, listAudit } from './audit.repo.js';

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string().nullable().describe('The id of the key that made the write.'),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('What the write recorded. Entries about keys (entityType key) show it to admins only: others see that a key was created or revoked, not its name or role.'),
  })
  .meta({ id: 'AuditEntry' });

export function registerAuditRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/audit',
    tag: 'Audit',
    summary: 'Every write, oldest first: who, when, what, request id',
    description: 'Any role reads every entry; the details of entries about keys (their names and roles, which GET /keys shows to admins only) are null for other roles.',
    access: 'any',
    query: z.strictObject({
      ...pageQuery,
      entityType: identifier(50).optional().describe('Only writes to this kind of entity: unit, import, period, site, key, magnet_upgrade, factor_set.'),
      entityId: identifier(100).optional().describe('Only writes to this entity (a unit id, an import id, a year...).'),
      actor: identifier(100).optional().describe('Only writes made with this key id.'),
    }),
    responses: { 200: { description: 'A page of audit entries', schema: pageSchema(AuditEntrySchema) } },
    errors: ['request.invalid_cursor'],
    handler: ({ query, ctx }) => {
      const rows = listAudit(deps, { ...query, afterSeq: decodeCursor(query.cursor) });
      const { items, nextCursor } = page(rows, query.limit);
      return ok({ items: items.map(({ seq: _s, ...rest }) => auditEntryFor(ctx.actor.role, rest)), nextCursor });
    },
  });
}
