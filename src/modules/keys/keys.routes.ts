import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { identifier, name } from '../../domain/common.schemas.js';
import { capabilitiesOf } from '../../http/access.js';
import { ROLES, type Deps, type Role } from '../../http/context.js';
import { addRoute, ok, created, type BodyExamples } from '../../http/route.js';
import { createKey, listKeys, revokeKey } from './keys.service.js';

const RoleSchema = z.enum(ROLES as [Role, ...Role[]]);
export const CreateKeyBody = z.strictObject({ name: name(100), role: RoleSchema }).meta({ id: 'CreateKey' });
/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const CREATE_KEY_EXAMPLES: BodyExamples = {
  floor: { summary: 'A key for the Budapest refurbishment floor', value: { name: 'Budapest floor', role: 'operator' } },
  esg: { summary: 'A key for the sustainability team', value: { name: 'ESG reporting 2024', role: 'esg' } },
};
const CreatedKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    key: z.string().nullable().describe('The secret, shown this once; null when an Idempotency-Key replay answers again (secrets are never stored).'),
    secretShown: z.boolean().describe('Whether `key` holds the secret (false on a replay).'),
  })
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
  .object({
    keyId: z.string(),
    name: z.string(),
    role: RoleSchema,
    may: z
      .record(z.string(), z.boolean())
      .describe(
        'Every route of this API, named as this document names it ("POST /units/{id}/events"), and whether this key may call it: read from each route’s declared roles, the same declaration that answers 403. Screens offer only the actions that are true here.',
      )
      .meta({ example: { 'GET /units': true, 'POST /units': true, 'POST /units/{id}/events': true, 'POST /periods/{year}/lock': false } }),
  })
  .meta({ id: 'Me', description: 'The key this request presented, and what it may do.' });
const IdParams = z.strictObject({ id: identifier(100) });

export function registerKeyRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/keys',
    tag: 'Access',
    summary: 'Create an API key (the secret is shown once)',
    access: ['admin'],
    body: CreateKeyBody,
    bodyExamples: CREATE_KEY_EXAMPLES,
    creates: true,
    // The answer carries the new secret: no cache may keep it (errors and replays included).
    noStore: true,
    responses: { 201: { description: 'The key, with its secret', schema: CreatedKey } },
    // The idempotency record keeps the answer without its secret: a replay says so.
    replayBody: (b) => ({ ...b, key: null, secretShown: false }),
    handler: ({ body, ctx }) => created({ ...createKey(deps, ctx, body), secretShown: true }),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/keys',
    tag: 'Access',
    summary: 'List API keys (never their secrets)',
    access: ['admin'],
    responses: { 200: { description: 'All keys', schema: z.object({ items: z.array(KeySchema), nextCursor: z.null() }) } },
    handler: () => ok({ items: listKeys(deps), nextCursor: null }),
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
    handler: ({ params, ctx }) => ok(revokeKey(deps, ctx, params.id)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/me',
    tag: 'Access',
    summary: 'The key presented: its id, name, role and what it may do',
    access: 'any',
    responses: { 200: { description: 'The key presented', schema: MeSchema } },
    handler: ({ ctx }) => {
      if (!deps.access) throw new Error('GET /me needs the route table that createApp builds');
      return ok({ keyId: ctx.actor.keyId, name: ctx.actor.name, role: ctx.actor.role, may: capabilitiesOf(deps.access, ctx.actor.role) });
    },
  });
}
