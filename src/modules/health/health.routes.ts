import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { groupCommit } from '../../db/group-commit.js';
import { authenticate } from '../../http/auth.js';
import type { Deps } from '../../http/context.js';
import { addRoute, ok, answer } from '../../http/route.js';

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('`degraded` while the database cannot take writes (see `reason`), or does not answer (503).'),
    reason: z
      .string()
      .optional()
      .describe('Only when degraded: the cause first (`disk full`, `read-only`, `locked by another writer`, `I/O error`), then what was seen.'),
    database: z.object({
      status: z.enum(['ok', 'error']),
      migrations: z.number().int().optional().describe('Migrations applied: tells an operator which schema version runs.'),
      journalMode: z.string().optional().describe('With a key only.'),
      sizeBytes: z.number().int().optional().describe('With a key only: the main file’s size.'),
    }),
    policy: z.object({ chinaExclusion: z.boolean(), sanitizationRequired: z.boolean() }),
    time: z.string(),
  })
  .meta({
    id: 'Health',
    description:
      'Without a key: whether the service and its database answer, and whether writes work (status `degraded` with a `reason` while they cannot). With any valid key: the database’s details too.',
  });

export function registerHealthRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/health',
    tag: 'Other',
    summary: 'Liveness and the database’s state (its details with a key)',
    access: 'public',
    responses: {
      200: { description: 'The service answers: `ok`, or `degraded` with a `reason` while the database cannot take writes', schema: Health },
      503: { description: 'The database does not answer', schema: Health },
    },
    errors: ['auth.invalid_key'],
    handler: ({ req }) => {
      // Public for load balancers and monitors; details (the database's size among them)
      // only for a caller with a key. A key that is sent must be valid.
      const detailed = req.get('authorization') !== undefined && authenticate(deps, req) !== null;
      const sqlite = deps.db.$client;
      const base = { policy: { chinaExclusion: deps.config.policyChinaExclusion, sanitizationRequired: deps.config.policySanitizationRequired }, time: deps.clock.now().toISOString() };
      try {
        const migrations = Number(sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get());
        // The database answers; whether it takes writes is what the group commit saw and what can be seen cheaply.
        const storage = groupCommit(deps.db).storage.state();
        const status = storage.ok ? { status: 'ok' as const } : { status: 'degraded' as const, reason: storage.reason };
        if (!detailed) return ok({ ...status, database: { status: 'ok' as const, migrations }, ...base });
        const journalMode = String(sqlite.pragma('journal_mode', { simple: true }));
        const pages = Number(sqlite.pragma('page_count', { simple: true }));
        const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
        return ok({ ...status, database: { status: 'ok' as const, migrations, journalMode, sizeBytes: pages * pageSize }, ...base });
      } catch {
        return answer(503, { status: 'degraded' as const, database: { status: 'error' as const }, ...base });
      }
    },
  });
}
