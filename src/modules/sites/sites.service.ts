import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sites } from '../../db/schema.js';
import { transaction } from '../../db/tx.js';
import { DomainError } from '../../domain/errors.js';
import { regionOf } from '../../domain/regions.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { recordAudit } from '../audit/audit.repo.js';

export type Site = typeof sites.$inferSelect;

export const listSites = (deps: Deps): Site[] => deps.db.select().from(sites).orderBy(asc(sites.code)).all();

export const findSite = (deps: Deps, code: string): Site | undefined =>
  deps.db.select().from(sites).where(eq(sites.code, code)).get();

/**
 * Site code → country, read once per connection: every unit and event write asks,
 * and sites change only through createSite (which drops this) or a seed at start-up.
 */
const countries = new WeakMap<Db['$client'], Map<string, string>>();

export function siteCountry(deps: Deps, code: string): string | undefined {
  let byCode = countries.get(deps.db.$client);
  if (!byCode) {
    byCode = new Map(listSites(deps).map((s) => [s.code, s.country]));
    countries.set(deps.db.$client, byCode);
  }
  return byCode.get(code);
}

export function createSite(deps: Deps, ctx: RequestCtx, input: { code: string; name: string; country: string }): Site {
  return transaction(deps.db, () => {
    if (findSite(deps, input.code)) throw new DomainError('site.duplicate', `Site ${input.code} already exists.`);
    const row: Site = { ...input, region: regionOf(input.country)!, createdAt: deps.clock.now().toISOString() };
    deps.db.insert(sites).values(row).run();
    // Dropped inside the transaction: if it rolls back, the next read just reloads.
    countries.delete(deps.db.$client);
    recordAudit(deps, ctx, { action: 'site.create', entityType: 'site', entityId: row.code, details: input });
    return row;
  });
}
