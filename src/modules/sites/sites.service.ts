import { asc, eq } from 'drizzle-orm';
import { sites } from '../../db/schema.js';
import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError } from '../../http/problem.js';
import { regionOf } from '../../domain/regions.js';
import { recordAudit } from '../audit/audit.repo.js';

export type Site = { code: string; name: string; country: string; region: string; createdAt: string };

export const listSites = (deps: Deps): Site[] => deps.db.select().from(sites).orderBy(asc(sites.code)).all();

export const findSite = (deps: Deps, code: string): Site | undefined =>
  deps.db.select().from(sites).where(eq(sites.code, code)).get();

export function createSite(deps: Deps, ctx: RequestCtx, input: { code: string; name: string; country: string }): Site {
  return transaction(deps.db, () => {
    if (findSite(deps, input.code)) throw new DomainError('site.duplicate', `Site ${input.code} already exists.`);
    const row: Site = { ...input, region: regionOf(input.country)!, createdAt: deps.clock.now().toISOString() };
    deps.db.insert(sites).values(row).run();
    recordAudit(deps, ctx, { action: 'site.create', entityType: 'site', entityId: row.code, details: input });
    return row;
  });
}
