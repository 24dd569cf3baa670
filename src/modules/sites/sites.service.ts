import { asc, eq } from 'drizzle-orm';
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
 * Site code → country, in code order: every unit and event write asks, and so does every
 * read of a unit. Kept in the app's read cache (a fact: any write to sites moves the token).
 */
export const siteCountries = (deps: Deps): ReadonlyMap<string, string> =>
  deps.cache.fact('sites', () => new Map(listSites(deps).map((s) => [s.code, s.country])));

export const siteCountry = (deps: Deps, code: string): string | undefined => siteCountries(deps).get(code);

export function createSite(deps: Deps, ctx: RequestCtx, input: { code: string; name: string; country: string }): Site {
  return transaction(deps.db, () => {
    if (findSite(deps, input.code)) throw new DomainError('site.duplicate', `Site ${input.code} already exists.`);
    const row: Site = { ...input, region: regionOf(input.country)!, createdAt: deps.clock.now().toISOString() };
    deps.db.insert(sites).values(row).run();
    recordAudit(deps, ctx, { action: 'site.create', entityType: 'site', entityId: row.code, details: input });
    return row;
  });
}
