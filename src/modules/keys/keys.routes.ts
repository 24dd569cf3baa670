import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { ROLES, type Deps, type Role } from '../../http/context.js';
import { addRoute } from '../../http/route.js';
import { noStoreOn } from '../../http/security-headers.js';
import { createKey, listKeys, revokeKey } from './keys.service.js';

const RoleSchema = z.enum(ROLES as [Role, ...Role[]]);
const CreateKeyBody = z.strictObject({ name: z.string().trim().min(1).max(100), role: RoleSchema }).meta({ id: 'CreateKey' });
const CreatedKey = z
  .object({ id: z.string(), name: z.string(), role: RoleSchema, key: z.string().describe('The secret, shown this once.') })
  .meta({ id: 'CreatedKey' });
const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    prefix: z
      .string()
      .describe('`ctk_` and the next 4 characters of a generated secret, to tell keys apart; empty for a secret chosen with BOOTSTRAP_ADMIN_KEY (nothing of it is shown).'),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Key' });
const MeSchema = z
  .object({ keyId: z.string(), name: z.string(), role: RoleSchema })
  .meta({ id: 'Me', description: 'The key this request presented.' });
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });

export function registerKeyRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  // The answer carries the new secret: no cache may keep it (errors and replays included).
  router.use(noStoreOn('POST', '/keys'));
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/keys',
    tag: 'Access',
    summary: 'Create an API key (the secret is shown once)',
    access: ['admin'],
    body: CreateKeyBody,
    creates: true,
    responses: { 201: { description: 'The key, with its secret', schema: CreatedKey } },
    handler: ({ body, ctx }) => ({ status: 201, body: createKey(deps, ctx, body) }),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/keys',
    tag: 'Access',
    summary: 'List API keys (never their secrets)',
    access: ['admin'],
    responses: { 200: { description: 'All keys', schema: z.object({ items: z.array(KeySchema), nextCursor: z.null() }) } },
    handler: () => ({ status: 200, body: { items: listKeys(deps), nextCursor: null } }),
  });
  addRoute(router, registry, deps, {
    method: 'delete',
    path: '/keys/:id',
    tag: 'Access',
    summary: 'Revoke a key; it stops working at once',
    access: ['admin'],
    params: IdParams,
    responses: { 200: { description: 'The revoked key', schema: KeySchema } },
    errors: ['key.not_found', 'key.last_admin'],
    handler: ({ params, ctx }) => ({ status: 200, body: revokeKey(deps, ctx, params.id) }),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/me',
    tag: 'Access',
    summary: 'The key presented: its id, name and role',
    access: 'any',
    responses: { 200: { description: 'The key presented', schema: MeSchema } },
    handler: ({ ctx }) => ({ status: 200, body: { keyId: ctx.actor.keyId, name: ctx.actor.name, role: ctx.actor.role } }),
  });
}
