import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { factorSets } from '../../db/schema.js';
import type { FactorSetBody } from './factor-set.schemas.js';

export type FactorSetRow = typeof factorSets.$inferSelect;

/** What the body column holds: the validated body less the fields kept in columns. */
export type StoredBody = Pick<FactorSetBody, 'description' | 'factors' | 'gridFactors' | 'defaults'>;

export const getFactorSetRow = (db: Db, id: string): FactorSetRow | undefined =>
  db.select().from(factorSets).where(eq(factorSets.id, id)).get();

export const findByNameVersion = (db: Db, name: string, version: string): FactorSetRow | undefined =>
  db.select().from(factorSets).where(and(eq(factorSets.name, name), eq(factorSets.version, version))).get();

/**
 * The default: the newest of the sets seeded as defaults (is_default marks every
 * set the system seeded; rows are immutable, so an older one keeps its mark).
 */
export const getDefaultRow = (db: Db): FactorSetRow | undefined =>
  db.select().from(factorSets).where(eq(factorSets.isDefault, true)).orderBy(desc(factorSets.seq)).get();

/** A set the system seeded, by name and version. */
export const findSeeded = (db: Db, name: string, version: string): FactorSetRow | undefined =>
  db
    .select()
    .from(factorSets)
    .where(and(eq(factorSets.isDefault, true), eq(factorSets.name, name), eq(factorSets.version, version)))
    .get();

export const listFactorSetRows = (db: Db, afterSeq: number, limit: number): FactorSetRow[] =>
  db.select().from(factorSets).where(gt(factorSets.seq, afterSeq)).orderBy(asc(factorSets.seq)).limit(limit + 1).all();

/** Ids of the sets that name each of `ids` in their `supersedes`, oldest first. */
export function supersededBy(db: Db, ids: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = db
    .select({ id: factorSets.id, supersedes: factorSets.supersedes })
    .from(factorSets)
    .where(inArray(factorSets.supersedes, ids))
    .orderBy(asc(factorSets.seq))
    .all();
  for (const r of rows) if (r.supersedes && out.has(r.supersedes)) out.get(r.supersedes)!.push(r.id);
  return out;
}

export const insertFactorSet = (db: Db, row: typeof factorSets.$inferInsert): void => {
  db.insert(factorSets).values(row).run();
};
