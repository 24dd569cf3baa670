import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, openDatabaseImage, type Db } from '../../src/db/client.js';
import type { Clock } from '../../src/domain/dates.js';
import type { Role } from '../../src/http/context.js';
import { createLogger } from '../../src/logger.js';
import { createKey } from '../../src/modules/keys/keys.service.js';
import { seedDatabase } from '../../src/seed.js';
import { openApiConformance } from './openapi-conformance.js';

export const ADMIN_SECRET = 'ctk_test_admin_secret_0123456789';

/** A clock the test can move; starts at 2026-06-15 12:00 UTC unless told otherwise. */
export function fixedClock(iso = '2026-06-15T12:00:00.000Z'): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s: string) => (now = new Date(s)) };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * What a fresh test database holds before its test starts: the real migrations, the
 * seed and one key per role, made once per process (for each clock start and config)
 * and then copied. A copy is exactly the database the steps would have made (the same
 * rows, ids and timestamps); it takes a millisecond where the steps take ~0.3 s.
 */
type Template = { image: Buffer; keys: Record<Role, string>; idsUsed: number };
const templates = new Map<string, Template>();
/** The OpenAPI document the first app of this process built (it depends on the routes alone). */
let openapiDocument: ReturnType<typeof createApp>['openapi'] | undefined;

function appOn(db: Db, config: Config, clock: Clock, idsUsed: number) {
  let n = idsUsed;
  const newId = (prefix: string) => `${prefix}_t${String(++n).padStart(6, '0')}`;
  const built = createApp({
    db,
    config,
    clock,
    newId,
    logger: createLogger('silent'),
    checkResponses: true,
    apiMiddleware: openApiConformance,
    openapi: openapiDocument,
  });
  openapiDocument ??= built.openapi;
  return { ...built, idsUsed: () => n };
}

/** Seeds `db` as every test app starts: the service's own seed, then one key per role. */
function seedForTests(deps: ReturnType<typeof createApp>['deps']): Record<Role, string> {
  seedDatabase(deps);
  const keys = { admin: ADMIN_SECRET } as Record<Role, string>;
  for (const role of ['operator', 'engineer', 'esg', 'viewer'] as const) {
    keys[role] = createKey(deps, { actor: null, requestId: 'test' }, { name: `test ${role}`, role }).key;
  }
  return keys;
}

function templateFor(config: Config, clock: Clock): Template {
  const id = JSON.stringify({ now: clock.now().toISOString(), config });
  let t = templates.get(id);
  if (!t) {
    const db = openDatabase(':memory:');
    const { deps, idsUsed } = appOn(db, config, clock, 0);
    const keys = seedForTests(deps);
    t = { image: db.$client.serialize(), keys, idsUsed: idsUsed() };
    db.$client.close();
    templates.set(id, t);
  }
  return t;
}

/**
 * The real app over a fresh in-memory database migrated by the real migrations, with
 * a fixed clock, deterministic ids and one key per role. Without `opts.db` the
 * database is a copy of a migrated, seeded template (see `templateFor`); with one, the
 * given database is seeded here.
 */
export function createTestApp(overrides: Partial<Config> = {}, opts: { clock?: ReturnType<typeof fixedClock>; db?: Db } = {}) {
  // Rate limits are off unless a test turns them on (test/api/rate-limit.test.ts): the
  // access matrix alone sends dozens of keyless requests from one address.
  const config: Config = {
    ...loadConfig({}),
    logLevel: 'silent',
    bootstrapAdminKey: ADMIN_SECRET,
    rateLimits: { authFailures: 0, authWindowSeconds: 900, estimateIterations: 0, estimateWindowSeconds: 60 },
    ...overrides,
  };
  const clock = opts.clock ?? fixedClock();
  let db: Db;
  let keys: Record<Role, string>;
  let built: ReturnType<typeof appOn>;
  if (opts.db) {
    db = opts.db;
    built = appOn(db, config, clock, 0);
    keys = seedForTests(built.deps);
  } else {
    const template = templateFor(config, clock);
    db = openDatabaseImage(template.image);
    built = appOn(db, config, clock, template.idsUsed);
    keys = { ...template.keys };
  }
  const { app, deps, openapi } = built;
  const agent = request(app);
  const as = (role: Role) => ({
    get: (url: string) => agent.get(url).set('Authorization', `Bearer ${keys[role]}`),
    post: (url: string, body?: unknown) => {
      const r = agent.post(url).set('Authorization', `Bearer ${keys[role]}`);
      return body === undefined ? r : r.send(body as object);
    },
    delete: (url: string) => agent.delete(url).set('Authorization', `Bearer ${keys[role]}`),
  });
  return { app, deps, db, config, clock, keys, agent, as, openapi };
}

/** Row counts of every table: a refused request must leave them all unchanged. */
export function tableCounts(db: Db): Record<string, number> {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, Number(sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get())]));
}

/** A full dump of the ledger-bearing tables, for before/after comparisons. */
export function dump(db: Db): string {
  const sqlite = db.$client;
  const tables = ['units', 'events', 'kpi_daily', 'audit_log', 'api_keys', 'sites', 'period_locks', 'period_versions', 'magnet_upgrades', 'magnet_upgrade_figures', 'factor_sets'];
  return JSON.stringify(tables.map((t) => sqlite.prepare(`SELECT * FROM "${t}"`).all()));
}
