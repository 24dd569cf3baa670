import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../http/context.js';
import { addRoute, ok, answer } from '../../http/route.js';

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({
      status: z.enum(['ok', 'error']),
      journalMode: z.string().optional(),
      migrations: z.number().int().optional(),
      sizeBytes: z.number().int().optional(),
    }),
    policy: z.object({ chinaExclusion: z.boolean() }),
    time: z.string(),
  })
  .meta({ id: 'Health' });

export function registerHealthRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/health',
    tag: 'Other',
    summary: 'Liveness and the database’s state',
    access: 'public',
    responses: { 200: { description: 'Healthy', schema: Health }, 503: { description: 'The database does not answer', schema: Health } },
    handler: () => {
      const sqlite = deps.db.$client;
      const base = { policy: { chinaExclusion: deps.config.policyChinaExclusion }, time: deps.clock.now().toISOString() };
      try {
        const journalMode = String(sqlite.pragma('journal_mode', { simple: true }));
        const migrations = Number(sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get());
        const pages = Number(sqlite.pragma('page_count', { simple: true }));
        const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
        return ok({ status: 'ok' as const, database: { status: 'ok' as const, journalMode, migrations, sizeBytes: pages * pageSize }, ...base });
      } catch {
        return answer(503, { status: 'degraded' as const, database: { status: 'error' as const }, ...base });
      }
    },
  });
}
