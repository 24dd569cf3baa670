/**
 * Everything a database needs before it serves, in one place, run at start-up after
 * the migrations (by the server, the demo, the import CLI and the test app). Every
 * step is idempotent: it adds what is missing and never changes what exists.
 */
import { sites } from './db/schema.js';
import type { Deps } from './http/context.js';
import { ensureAdminKey } from './modules/keys/keys.service.js';
import { ensureDefaultFactorSet } from './modules/magnet-upgrades/factor-sets.service.js';
import { backfillLedgerChain } from './modules/units/ledger-backfill.js';

/**
 * The refurbishment centres the source report names; operators add their own with
 * POST /sites. (Databases created before this file got the same four from migration
 * 0002, which stays as it landed.)
 */
export const DEFAULT_SITES = [
  { code: 'US-ROC', name: 'US refurbishment operations centre', country: 'US', region: 'USCAN' },
  { code: 'HU-EROC', name: 'European repair operations centre (Hungary)', country: 'HU', region: 'EMEA' },
  { code: 'JP-RC', name: 'Japan refurbishment centre', country: 'JP', region: 'JAPAN' },
  { code: 'IN-RC', name: 'India refurbishment centre', country: 'IN', region: 'INDIA' },
] as const;
const DEFAULT_SITES_CREATED_AT = '2026-01-01T00:00:00.000Z';

export type SeedResult = {
  /** The admin key made on an empty database: from BOOTSTRAP_ADMIN_KEY, or generated (its secret shown once). */
  admin: ReturnType<typeof ensureAdminKey>;
  defaultFactorSet: ReturnType<typeof ensureDefaultFactorSet>;
  /** Rows older than the ledger chain that this start chained (0 once a database is chained). */
  ledgerChained: number;
};

export function seedDatabase(deps: Deps, opts: { adminKey?: boolean } = {}): SeedResult {
  deps.db
    .insert(sites)
    .values(DEFAULT_SITES.map((s) => ({ ...s, createdAt: DEFAULT_SITES_CREATED_AT })))
    .onConflictDoNothing()
    .run();
  const defaultFactorSet = ensureDefaultFactorSet(deps);
  const admin = opts.adminKey === false ? { created: null } : ensureAdminKey(deps);
  const { chained: ledgerChained } = backfillLedgerChain(deps);
  return { admin, defaultFactorSet, ledgerChained };
}
