import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { periodLocks, periodUnlocks, periodVersions } from '../../db/schema.js';
import type { Deps } from '../../http/context.js';

/**
 * The years locked now. Asked several times by every unit and event write and by every
 * read of a unit's next steps, so kept in the app's read cache (a fact: any write to
 * period_locks moves the token).
 */
export const lockedYears = (deps: Deps): ReadonlySet<number> =>
  deps.cache.fact('locked years', () => new Set(deps.db.select({ year: periodLocks.year }).from(periodLocks).where(eq(periodLocks.locked, true)).all().map((r) => r.year)));

export const isYearLocked = (deps: Deps, year: number): boolean => lockedYears(deps).has(year);

export type VersionRow = typeof periodVersions.$inferSelect;
export type UnlockRow = typeof periodUnlocks.$inferSelect;

export const versionsOf = (db: Db, year: number): VersionRow[] =>
  db.select().from(periodVersions).where(eq(periodVersions.year, year)).orderBy(asc(periodVersions.version)).all();

export const latestVersion = (db: Db, year: number): VersionRow | undefined =>
  db.select().from(periodVersions).where(eq(periodVersions.year, year)).orderBy(desc(periodVersions.version)).limit(1).get();

export const unlocksOf = (db: Db, year: number): UnlockRow[] =>
  db.select().from(periodUnlocks).where(eq(periodUnlocks.year, year)).orderBy(asc(periodUnlocks.id)).all();

export function insertVersion(db: Db, row: Omit<VersionRow, 'id'>): void {
  db.insert(periodVersions).values(row).run();
}

export function insertUnlock(db: Db, row: Omit<UnlockRow, 'id'>): void {
  db.insert(periodUnlocks).values(row).run();
}

export function setLock(db: Db, year: number, locked: boolean, at: string, by: string): void {
  db.insert(periodLocks)
    .values({ year, locked, changedAt: at, changedBy: by })
    .onConflictDoUpdate({ target: periodLocks.year, set: { locked, changedAt: at, changedBy: by } })
    .run();
}

/** Every year that has ever been locked, with its state now. */
export function lockStates(db: Db): { year: number; locked: boolean }[] {
  return db.select({ year: periodLocks.year, locked: periodLocks.locked }).from(periodLocks).orderBy(asc(periodLocks.year)).all();
}

export function allVersions(db: Db): VersionRow[] {
  return db.select().from(periodVersions).orderBy(asc(periodVersions.year), asc(periodVersions.version)).all();
}
